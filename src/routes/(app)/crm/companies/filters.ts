import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';
import { idParam } from '$lib/server/lists';

/** The company list's filters from its URL: shared by the list page and its export. */
export function companyFilters(params: URLSearchParams, defs = fieldsOf('company')) {
	return {
		custom: customFilters(defs, params),
		ownerId: idParam(params, 'owner')
	};
}
