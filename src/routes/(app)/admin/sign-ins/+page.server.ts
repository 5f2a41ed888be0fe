import { listAttempts, OUTCOMES } from '$lib/server/auth/attempts';
import { requireActor } from '$lib/server/auth/actor';
import { idParam } from '$lib/server/lists';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const outcome = OUTCOMES.find((o) => o === url.searchParams.get('outcome'));
	const page = idParam(url.searchParams, 'page') ?? 1;
	return { q, outcome, attempts: listAttempts(requireActor(locals), { q, outcome, page }) };
};
