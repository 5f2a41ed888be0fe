import { CHANGE_STATUSES } from '$lib/rollout';
import { requireActor } from '$lib/server/auth/actor';
import { list, queue } from '$lib/server/rollout/changes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const p = url.searchParams;
	const filters = {
		status: CHANGE_STATUSES.find((s) => s === p.get('status')),
		mine: p.get('mine') === '1',
		queue: p.get('queue') === '1'
	};
	return { filters, requests: filters.queue ? queue(actor) : list(actor, filters) };
};
