import { authorize, can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import type { LayoutServerLoad } from './$types';

/** Every rollout page needs rollout.read; the sections' forms appear with the permissions they need. */
export const load: LayoutServerLoad = ({ locals }) => {
	const { user } = requireActor(locals);
	authorize(user, 'rollout.read');
	return {
		may: {
			write: can(user, 'rollout.write'),
			contribute: can(user, 'rollout.contribute'),
			decide: can(user, 'rollout.decide')
		}
	};
};
