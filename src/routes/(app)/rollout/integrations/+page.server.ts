import { requireActor } from '$lib/server/auth/actor';
import { list } from '$lib/server/rollout/integrations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ integrations: list(requireActor(locals)) });
