import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { COMPANY_SORTS, companyList } from '$lib/server/crm/companies';
import { customSorts, fieldsOf } from '$lib/server/crm/custom-fields';
import { listQuery } from '$lib/server/lists';
import { companyFilters } from './filters';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	// The custom fields, read once for the sorts, the filters and the columns.
	const customFields = fieldsOf('company');
	const query = listQuery(url.searchParams, [...COMPANY_SORTS, ...customSorts(customFields)], {
		sort: 'name'
	});
	const filters = companyFilters(actor, url.searchParams, customFields);
	return {
		query,
		filters,
		customFields,
		companies: companyList.view(actor, query, filters, customFields),
		mayExport: can(actor.user, 'export')
	};
};

export const actions: Actions = { columns: companyList.columnsAction(() => fieldsOf('company')) };
