import type { Actor } from '$lib/server/auth/actor';
import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';
import { recordFilters } from '$lib/server/crm/record-filters';
import { dayRange } from '$lib/server/lists';

/** The company list's filters from its URL: shared by the list page and its export. */
export function companyFilters(actor: Actor, params: URLSearchParams, defs = fieldsOf('company')) {
	return {
		custom: customFilters(defs, params),
		...recordFilters(actor, params),
		updated: dayRange(params)
	};
}
