import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { counts } from '$lib/server/crm/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	return { counts: counts(actor), mayImport: can(actor.user, 'crm.import') };
};
