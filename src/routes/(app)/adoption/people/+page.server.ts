import { authorize, can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { filterBar } from '$lib/server/adoption/overview';
import {
	kindCounts,
	namesAllowed,
	peopleList,
	PEOPLE_KIND_LABELS,
	PEOPLE_KINDS
} from '$lib/server/adoption/people';
import { listQuery } from '$lib/server/lists';
import { peopleFilters } from './filters';
import type { Actions, PageServerLoad } from './$types';

const SORTS = ['name', 'team', 'role', 'lastSeen', 'lastCore', 'firstSeen'] as const;

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'adoption.read');
	const { ctx, filters } = peopleFilters(actor, url.searchParams);
	const query = listQuery(url.searchParams, SORTS, { sort: 'lastSeen', dir: 'desc' });
	const named = namesAllowed(actor, filters);
	const counts = kindCounts(actor, filters);
	return {
		bar: filterBar(ctx, url.searchParams),
		kind: filters.kind,
		kinds: PEOPLE_KINDS.map((k) => ({ key: k, label: PEOPLE_KIND_LABELS[k], n: counts[k] })),
		query,
		named,
		people: named ? peopleList.view(actor, query, filters) : null,
		mayExport: named && can(actor.user, 'export')
	};
};

export const actions: Actions = { columns: peopleList.columnsAction() };
