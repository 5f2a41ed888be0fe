import { requireActor } from '$lib/server/auth/actor';
import { search } from '$lib/server/crm/search';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	return { q, hits: q ? search(requireActor(locals), q) : [] };
};
