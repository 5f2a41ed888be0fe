import { adoptionReach } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import type { LayoutServerLoad } from './$types';

/** The adoption area's views: everyone has the overview (a rep: their own figures); the rest name people. */
export const load: LayoutServerLoad = ({ locals }) => {
	const reach = adoptionReach(requireActor(locals).user);
	return { adoptionReach: reach.kind };
};
