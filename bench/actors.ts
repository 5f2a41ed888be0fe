import type { Actor, AuthUser } from '../src/lib/server/auth/actor';
import { db } from '../src/lib/server/db';

/** The demo organisation's first admin, as a request of theirs would carry them. */
export function adminActor(): Actor {
	const row = db()
		.$client.prepare(
			"SELECT u.id, u.team_id AS teamId FROM user u JOIN role r ON r.id = u.role_id WHERE r.name = 'admin' ORDER BY u.id LIMIT 1"
		)
		.get() as { id: number; teamId: number | null };
	const permissions = JSON.parse(
		db().$client.prepare("SELECT permissions FROM role WHERE name = 'admin'").pluck().get() as string
	);
	const user: AuthUser = {
		id: row.id,
		teamId: row.teamId,
		active: true,
		permissions,
		scope: 'all',
		canExport: true,
		email: '',
		name: 'bench',
		roleId: 0,
		roleName: 'admin',
		roleLabel: 'Administrator',
		teamName: null,
		locale: 'en'
	};
	return { user, requestId: 'bench', ip: '127.0.0.1' };
}
