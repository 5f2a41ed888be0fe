import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	authorize(requireActor(locals).user, 'rollout.read');
};
