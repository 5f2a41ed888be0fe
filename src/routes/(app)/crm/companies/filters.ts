import type { Actor } from '$lib/server/auth/actor';
import { ownerFilters } from '$lib/server/crm/owner-filter';
import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';

/** The company list's filters from its URL: shared by the list page and its export. */
export function companyFilters(actor: Actor, params: URLSearchParams, defs = fieldsOf('company')) {
	return {
		custom: customFilters(defs, params),
		...ownerFilters(actor, params)
	};
}
