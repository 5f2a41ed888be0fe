import { requireActor } from '$lib/server/auth/actor';
import { list } from '$lib/server/rollout/maps';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ maps: list(requireActor(locals)) });
