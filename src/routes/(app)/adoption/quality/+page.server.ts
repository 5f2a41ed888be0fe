import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { adoptionContext, filterBar } from '$lib/server/adoption/overview';
import { qualityView } from '$lib/server/adoption/quality-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'adoption.read');
	const ctx = adoptionContext(actor, url.searchParams);
	return { bar: filterBar(ctx, url.searchParams), people: ctx.people.length, ...qualityView(ctx) };
};
