import { ACTIVITY_TYPES } from '$lib/schemas/crm';
import { requireActor } from '$lib/server/auth/actor';
import { ACTIVITY_SORTS, list } from '$lib/server/crm/activities';
import { ownersInScope } from '$lib/server/crm/records';
import { idParam, listQuery } from '$lib/server/lists';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, ACTIVITY_SORTS, { sort: 'when', dir: 'desc' });
	const filters = {
		type: ACTIVITY_TYPES.find((t) => t === url.searchParams.get('type')),
		ownerId: idParam(url.searchParams, 'owner'),
		open: url.searchParams.get('open') === '1'
	};
	return {
		query,
		filters,
		activities: list(actor, query, filters),
		owners: ownersInScope(actor),
		now: Date.now()
	};
};
