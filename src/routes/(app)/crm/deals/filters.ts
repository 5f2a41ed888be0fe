import { customFilters, fieldsOf } from '$lib/server/crm/custom-fields';
import { dayParam, idParam } from '$lib/server/lists';

/** The deal list's filters from its URL: shared by the list page, the board and the export. */
export function dealFilters(params: URLSearchParams, defs = fieldsOf('deal')) {
	return {
		custom: customFilters(defs, params),
		stageId: idParam(params, 'stage'),
		ownerId: idParam(params, 'owner'),
		closeFrom: dayParam(params, 'from'),
		closeTo: dayParam(params, 'to')
	};
}
