import { error } from '@sveltejs/kit';
import { asc, count, eq } from 'drizzle-orm';
import { newRoleFields, roleFields, version as versionSchema } from '$lib/schemas/admin';
import { PERMISSION_NAMES } from '$lib/permissions';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Restorable } from '../audit/restorable';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput, Refused, assertFresh, parse } from '../validation';
import { changesNothing } from '../audit/writes';

const MODULE = 'admin.roles';
const { role, user } = schema;

export type RoleRecord = typeof role.$inferSelect;

export function list(actor: Actor) {
	authorize(actor.user, 'admin.roles');
	const holders = db()
		.select({ roleId: user.roleId, n: count().as('n') })
		.from(user)
		.where(eq(user.active, true))
		.groupBy(user.roleId)
		.as('holders');
	return db()
		.select({ role, users: holders.n })
		.from(role)
		.leftJoin(holders, eq(holders.roleId, role.id))
		.orderBy(asc(role.id))
		.all()
		.map((r) => ({ ...r.role, users: r.users ?? 0 }));
}

export function find(conn: Conn, id: number): RoleRecord | undefined {
	return conn.select().from(role).where(eq(role.id, id)).get();
}

export function get(actor: Actor, id: number): RoleRecord {
	authorize(actor.user, 'admin.roles');
	return find(db(), id) ?? error(404, 'Not found');
}

/**
 * The built-in admin role always holds every permission with scope `all`: taking them away would
 * leave nobody able to give them back.
 */
function lockedAdmin<F extends Pick<RoleRecord, 'permissions' | 'scope' | 'canExport'>>(
	current: RoleRecord,
	fields: F
): F {
	return current.name === 'admin'
		? { ...fields, permissions: [...PERMISSION_NAMES], scope: 'all' as const, canExport: true }
		: fields;
}

export function create(actor: Actor, input: unknown): RoleRecord {
	authorize(actor.user, 'admin.roles');
	const fields = parse(newRoleFields, input);
	return db().transaction((tx) => {
		if (tx.select({ id: role.id }).from(role).where(eq(role.name, fields.name)).get())
			throw new InvalidInput({ name: 'A role with this name exists already.' });
		const created = tx
			.insert(role)
			.values({ ...fields, builtIn: false })
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'role',
			entityId: created.id,
			after: created,
			summary: `Created role ${created.label}`
		});
		return created;
	});
}

export function update(actor: Actor, id: number, input: unknown, baseVersion: unknown): RoleRecord {
	authorize(actor.user, 'admin.roles');
	const parsed = parse(roleFields, input);
	const expected = parse(versionSchema, baseVersion);
	return db().transaction((tx) => {
		const before = find(tx, id) ?? error(404, 'Not found');
		assertFresh(before, expected, parsed, 'role');
		const fields = lockedAdmin(before, parsed);
		if (changesNothing(before, fields)) return before;
		const after = tx
			.update(role)
			.set({ ...fields, version: before.version + 1, updatedAt: Date.now() })
			.where(eq(role.id, id))
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'role',
			entityId: id,
			before,
			after,
			summary: `Edited role ${after.label}`
		});
		return after;
	});
}

/** Deletes a role of the admin's own making that nobody holds. */
export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'admin.roles');
	db().transaction((tx) => {
		const before = find(tx, id) ?? error(404, 'Not found');
		if (before.builtIn) throw new Refused('Built-in roles cannot be deleted.');
		const holders = tx.select({ n: count() }).from(user).where(eq(user.roleId, id)).get()?.n ?? 0;
		if (holders > 0)
			throw new Refused(
				`${holders} user${holders === 1 ? ' has' : 's have'} this role: give them another first.`
			);
		tx.delete(role).where(eq(role.id, id)).run();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'delete',
			entity: 'role',
			entityId: id,
			before,
			summary: `Deleted role ${before.label}`
		});
	});
}

export const restoreRole: Restorable<RoleRecord> = {
	module: MODULE,
	fields: ['label', 'description', 'permissions', 'scope', 'canExport'],
	load: find,
	write(tx, current, values) {
		const fields = lockedAdmin(current, { ...current, ...values });
		return tx
			.update(role)
			.set({
				...values,
				...(current.name === 'admin' ? fields : {}),
				version: current.version + 1,
				updatedAt: Date.now()
			})
			.where(eq(role.id, current.id))
			.returning()
			.get();
	},
	insert: (tx, values) => tx.insert(role).values(values).returning().get()
};
