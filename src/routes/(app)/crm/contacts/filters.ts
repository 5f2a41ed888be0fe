import type { Actor } from '$lib/server/auth/actor';
import { ownerFilters } from '$lib/server/crm/owner-filter';
import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';
import { idParam } from '$lib/server/lists';

/** The contact list's filters from its URL: shared by the list page and its export. */
export function contactFilters(actor: Actor, params: URLSearchParams, defs = fieldsOf('contact')) {
	return {
		custom: customFilters(defs, params),
		...ownerFilters(actor, params),
		companyId: idParam(params, 'company')
	};
}
