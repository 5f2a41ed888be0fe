import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { DEAL_SORTS, dealList, stages } from '$lib/server/crm/deals';
import { customSorts, fieldsOf } from '$lib/server/crm/custom-fields';
import { listQuery } from '$lib/server/lists';
import { dealFilters } from './filters';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	// The custom fields, read once for the sorts, the filters and the columns.
	const customFields = fieldsOf('deal');
	const query = listQuery(url.searchParams, [...DEAL_SORTS, ...customSorts(customFields)], { sort: 'close' });
	const filters = dealFilters(actor, url.searchParams, customFields);
	return {
		query,
		filters,
		customFields,
		deals: dealList.view(actor, query, filters, customFields),
		stages: stages(),
		mayExport: can(actor.user, 'export')
	};
};

export const actions: Actions = { columns: dealList.columnsAction(() => fieldsOf('deal')) };
