import { requireActor } from '$lib/server/auth/actor';
import { list } from '$lib/server/admin/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ roles: list(requireActor(locals)) });
