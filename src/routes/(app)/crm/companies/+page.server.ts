import { requireActor } from '$lib/server/auth/actor';
import { COMPANY_SORTS, list } from '$lib/server/crm/companies';
import { ownersInScope } from '$lib/server/crm/records';
import { idParam, listQuery } from '$lib/server/lists';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, COMPANY_SORTS, { sort: 'name' });
	const filters = { ownerId: idParam(url.searchParams, 'owner') };
	return { query, filters, companies: list(actor, query, filters), owners: ownersInScope(actor) };
};
