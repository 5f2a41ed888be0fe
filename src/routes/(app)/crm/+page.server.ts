import { requireActor } from '$lib/server/auth/actor';
import { counts } from '$lib/server/crm/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ counts: counts(requireActor(locals)) });
