import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';
import { idParam } from '$lib/server/lists';

/** The contact list's filters from its URL: shared by the list page and its export. */
export function contactFilters(params: URLSearchParams, defs = fieldsOf('contact')) {
	return {
		custom: customFilters(defs, params),
		ownerId: idParam(params, 'owner'),
		companyId: idParam(params, 'company')
	};
}
