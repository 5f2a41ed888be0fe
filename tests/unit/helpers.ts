import { eq } from 'drizzle-orm';
import { ensureBuiltInRoles } from '$lib/server/auth/bootstrap';
import type { Actor, AuthUser } from '$lib/server/auth/actor';
import { db, schema } from '$lib/server/db';
import { fold } from '$lib/text';

let counter = 0;

export function makeTeam(name = `Team ${++counter}`): number {
	return db().insert(schema.team).values({ name }).returning({ id: schema.team.id }).get().id;
}

/**
 * A user of a built-in role, inserted directly (these tests are about what comes after), with a
 * throwaway password hash; returns the actor a request of theirs would carry.
 */
export function makeActor(
	roleName: string,
	options: { teamId?: number | null; active?: boolean; email?: string } = {}
): Actor {
	ensureBuiltInRoles();
	const role = db().select().from(schema.role).where(eq(schema.role.name, roleName)).get();
	if (!role) throw new Error(`no role ${roleName}`);
	const n = ++counter;
	const name = `${roleName} ${n}`;
	const row = db()
		.insert(schema.user)
		.values({
			email: options.email ?? `${roleName}.${n}@test.example`,
			name,
			nameKey: fold(name),
			passwordHash: 'not-a-real-hash',
			roleId: role.id,
			teamId: options.teamId ?? null,
			active: options.active ?? true
		})
		.returning()
		.get();
	const user: AuthUser = {
		id: row.id,
		email: row.email,
		name: row.name,
		active: row.active,
		teamId: row.teamId,
		locale: row.locale,
		roleId: role.id,
		roleName: role.name,
		roleLabel: role.label,
		permissions: role.permissions,
		scope: role.scope,
		canExport: role.canExport,
		teamName: null
	};
	return { user, requestId: `test-${n}`, ip: '192.0.2.1' };
}

export function roleId(name: string): number {
	ensureBuiltInRoles();
	return db().select({ id: schema.role.id }).from(schema.role).where(eq(schema.role.name, name)).get()!.id;
}
