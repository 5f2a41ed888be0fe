import { visibleAreas } from '$lib/server/access/areas';
import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import type { LayoutServerLoad } from './$types';

/** The shell's data: only the user fields it shows, and the areas the user may open. */
export const load: LayoutServerLoad = ({ locals }) => {
	const { user } = requireActor(locals);
	return {
		me: { id: user.id, name: user.name, roleLabel: user.roleLabel, teamName: user.teamName },
		areas: visibleAreas(user),
		canSearch: can(user, 'crm.read'),
		timeZone: locals.timeZone
	};
};
