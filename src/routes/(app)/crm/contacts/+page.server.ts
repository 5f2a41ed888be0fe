import { requireActor } from '$lib/server/auth/actor';
import { CONTACT_SORTS, list } from '$lib/server/crm/contacts';
import { ownersInScope } from '$lib/server/crm/records';
import { idParam, listQuery } from '$lib/server/lists';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, CONTACT_SORTS, { sort: 'name' });
	const filters = {
		ownerId: idParam(url.searchParams, 'owner'),
		companyId: idParam(url.searchParams, 'company')
	};
	return { query, filters, contacts: list(actor, query, filters), owners: ownersInScope(actor) };
};
