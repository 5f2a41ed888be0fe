import { requireActor } from '$lib/server/auth/actor';
import { DEAL_SORTS, list, stages } from '$lib/server/crm/deals';
import { ownersInScope } from '$lib/server/crm/records';
import { dayParam, idParam, listQuery } from '$lib/server/lists';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, DEAL_SORTS, { sort: 'close' });
	const filters = {
		stageId: idParam(url.searchParams, 'stage'),
		ownerId: idParam(url.searchParams, 'owner'),
		closeFrom: dayParam(url.searchParams, 'from'),
		closeTo: dayParam(url.searchParams, 'to')
	};
	return {
		query,
		filters,
		deals: list(actor, query, filters),
		owners: ownersInScope(actor),
		stages: stages()
	};
};
