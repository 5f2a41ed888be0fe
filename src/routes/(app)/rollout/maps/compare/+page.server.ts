import { requireActor } from '$lib/server/auth/actor';
import { idFromParam } from '$lib/server/lists';
import { detail } from '$lib/server/rollout/maps';
import type { PageServerLoad } from './$types';

/** Two maps side by side: `?a=` (usually the as-is) and `?b=` (the to-be). */
export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	return {
		a: detail(actor, idFromParam(url.searchParams.get('a') ?? '')).record,
		b: detail(actor, idFromParam(url.searchParams.get('b') ?? '')).record
	};
};
