import type { Actor } from '$lib/server/auth/actor';
import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';
import { recordFilters } from '$lib/server/crm/record-filters';
import { dayRange, idParam } from '$lib/server/lists';

/** The deal list's filters from its URL: shared by the list page, the board and the export. */
export function dealFilters(actor: Actor, params: URLSearchParams, defs = fieldsOf('deal')) {
	return {
		custom: customFilters(defs, params),
		stageId: idParam(params, 'stage'),
		...recordFilters(actor, params),
		close: dayRange(params)
	};
}
