import { ACTIVITY_TYPES } from '$lib/schemas/crm';
import { requireActor } from '$lib/server/auth/actor';
import { ACTIVITY_SORTS, activityList } from '$lib/server/crm/activities';
import { recordFilters } from '$lib/server/crm/record-filters';
import { dayRange, listQuery } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, ACTIVITY_SORTS, { sort: 'when', dir: 'desc' });
	const filters = {
		type: ACTIVITY_TYPES.find((t) => t === url.searchParams.get('type')),
		...recordFilters(actor, url.searchParams),
		open: url.searchParams.get('open') === '1',
		logged: dayRange(url.searchParams)
	};
	return {
		query,
		filters,
		activities: activityList.view(actor, query, filters),
		now: Date.now()
	};
};

export const actions: Actions = { columns: activityList.columnsAction() };
