import { requireActor } from '$lib/server/auth/actor';
import { dashboard } from '$lib/server/rollout/dashboard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ dashboard: dashboard(requireActor(locals)) });
