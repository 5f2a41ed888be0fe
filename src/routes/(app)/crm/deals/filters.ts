import type { Actor } from '$lib/server/auth/actor';
import { ownerFilters } from '$lib/server/crm/owner-filter';
import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';
import { dayParam, idParam } from '$lib/server/lists';

/** The deal list's filters from its URL: shared by the list page, the board and the export. */
export function dealFilters(actor: Actor, params: URLSearchParams, defs = fieldsOf('deal')) {
	return {
		custom: customFilters(defs, params),
		stageId: idParam(params, 'stage'),
		...ownerFilters(actor, params),
		closeFrom: dayParam(params, 'from'),
		closeTo: dayParam(params, 'to')
	};
}
