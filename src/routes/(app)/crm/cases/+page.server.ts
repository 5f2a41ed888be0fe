import { CASE_PRIORITIES, CASE_STATUSES } from '$lib/schemas/crm';
import { requireActor } from '$lib/server/auth/actor';
import { CASE_SORTS, caseList } from '$lib/server/crm/cases';
import { recordFilters } from '$lib/server/crm/record-filters';
import { dayRange, listQuery } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, CASE_SORTS, { sort: 'created', dir: 'desc' });
	const p = url.searchParams;
	const filters = {
		status: CASE_STATUSES.find((s) => s === p.get('status')),
		priority: CASE_PRIORITIES.find((s) => s === p.get('priority')),
		...recordFilters(actor, p),
		open: p.get('open') === '1',
		opened: dayRange(p)
	};
	return { query, filters, cases: caseList.view(actor, query, filters) };
};

export const actions: Actions = { columns: caseList.columnsAction() };
