import { idParam } from '$lib/server/lists';

/** The company list's filters from its URL: shared by the list page and its export. */
export function companyFilters(params: URLSearchParams) {
	return { ownerId: idParam(params, 'owner') };
}
