import { teamAdoption } from '$lib/server/adoption/activity';
import { requireActor } from '$lib/server/auth/actor';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ teams: teamAdoption(requireActor(locals)) });
