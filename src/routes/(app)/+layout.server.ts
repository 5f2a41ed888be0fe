import { visibleAreas } from '$lib/server/access/areas';
import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { unreadCount } from '$lib/server/notifications/inbox';
import type { LayoutServerLoad } from './$types';

/** The shell's data: only the user fields it shows, and the areas the user may open. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	const { user } = requireActor(locals);
	// Read on every navigation (it depends on the address), so the bell's count stays current: one indexed count.
	void url.pathname;
	return {
		unread: unreadCount(user.id),
		me: { id: user.id, name: user.name, roleLabel: user.roleLabel, teamName: user.teamName },
		areas: visibleAreas(user),
		canSearch: can(user, 'crm.read'),
		timeZone: locals.timeZone
	};
};
