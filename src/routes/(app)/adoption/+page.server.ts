import { requireActor } from '$lib/server/auth/actor';
import { adoptionContext, filterBar, overview } from '$lib/server/adoption/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const ctx = adoptionContext(requireActor(locals), url.searchParams);
	return { bar: filterBar(ctx, url.searchParams), reach: ctx.reach.kind, ...overview(ctx) };
};
