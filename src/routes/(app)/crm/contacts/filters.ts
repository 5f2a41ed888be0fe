import type { Actor } from '$lib/server/auth/actor';
import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';
import { recordFilters } from '$lib/server/crm/record-filters';
import { dayRange, idParam } from '$lib/server/lists';

/** The contact list's filters from its URL: shared by the list page and its export. */
export function contactFilters(actor: Actor, params: URLSearchParams, defs = fieldsOf('contact')) {
	return {
		custom: customFilters(defs, params),
		...recordFilters(actor, params),
		companyId: idParam(params, 'company'),
		updated: dayRange(params)
	};
}
