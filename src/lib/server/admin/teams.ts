import { error } from '@sveltejs/kit';
import { and, asc, count, eq, ne } from 'drizzle-orm';
import { teamFields, version as versionSchema } from '$lib/schemas/admin';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Restorable } from '../audit/restorable';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput, Refused, assertFresh, parse } from '../validation';
import { changesNothing } from '../audit/writes';

const MODULE = 'admin.teams';
const { team, user } = schema;

export type TeamRecord = typeof team.$inferSelect;

export function list(actor: Actor) {
	authorize(actor.user, 'admin.teams');
	const members = db()
		.select({ teamId: user.teamId, n: count().as('n') })
		.from(user)
		.where(eq(user.active, true))
		.groupBy(user.teamId)
		.as('members');
	return db()
		.select({
			id: team.id,
			name: team.name,
			description: team.description,
			version: team.version,
			members: members.n
		})
		.from(team)
		.leftJoin(members, eq(members.teamId, team.id))
		.orderBy(asc(team.name))
		.all()
		.map((t) => ({ ...t, members: t.members ?? 0 }));
}

/**
 * Every team's id and name, in name order: the choices of team pickers and filters anywhere in the app
 * (team names are no secret to anyone signed in).
 */
export function teamNames(conn: Conn = db()) {
	return conn.select({ id: team.id, name: team.name }).from(team).orderBy(asc(team.name)).all();
}

export function find(conn: Conn, id: number): TeamRecord | undefined {
	return conn.select().from(team).where(eq(team.id, id)).get();
}

function assertNameFree(conn: Conn, name: string, exceptId?: number) {
	const taken = conn
		.select({ id: team.id })
		.from(team)
		.where(and(eq(team.name, name), exceptId ? ne(team.id, exceptId) : undefined))
		.get();
	if (taken) throw new InvalidInput({ name: 'A team with this name exists already.' });
}

export function get(actor: Actor, id: number): TeamRecord {
	authorize(actor.user, 'admin.teams');
	return find(db(), id) ?? error(404, 'Not found');
}

export function create(actor: Actor, input: unknown): TeamRecord {
	authorize(actor.user, 'admin.teams');
	const fields = parse(teamFields, input);
	return db().transaction((tx) => {
		assertNameFree(tx, fields.name);
		const created = tx.insert(team).values(fields).returning().get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'team',
			entityId: created.id,
			after: created,
			summary: `Created team ${created.name}`
		});
		return created;
	});
}

export function update(actor: Actor, id: number, input: unknown, baseVersion: unknown): TeamRecord {
	authorize(actor.user, 'admin.teams');
	const fields = parse(teamFields, input);
	const expected = parse(versionSchema, baseVersion);
	return db().transaction((tx) => {
		const before = find(tx, id) ?? error(404, 'Not found');
		assertFresh(before, expected, fields, 'team');
		assertNameFree(tx, fields.name, id);
		if (changesNothing(before, fields)) return before;
		const after = tx
			.update(team)
			.set({ ...fields, version: before.version + 1, updatedAt: Date.now() })
			.where(eq(team.id, id))
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'team',
			entityId: id,
			before,
			after,
			summary: `Edited team ${after.name}`
		});
		return after;
	});
}

/** Deletes a team that has no users (active or not); the audit log can restore it. */
export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'admin.teams');
	db().transaction((tx) => {
		const before = find(tx, id) ?? error(404, 'Not found');
		const members = tx.select({ n: count() }).from(user).where(eq(user.teamId, id)).get()?.n ?? 0;
		if (members > 0)
			throw new Refused(
				`${before.name} still has ${members} user${members === 1 ? '' : 's'}: move them to another team first.`
			);
		tx.delete(team).where(eq(team.id, id)).run();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'delete',
			entity: 'team',
			entityId: id,
			before,
			summary: `Deleted team ${before.name}`
		});
	});
}

export const restoreTeam: Restorable<TeamRecord> = {
	module: MODULE,
	fields: ['name', 'description'],
	load: find,
	write: (tx, current, values) =>
		tx
			.update(team)
			.set({ ...values, version: current.version + 1, updatedAt: Date.now() })
			.where(eq(team.id, current.id))
			.returning()
			.get(),
	insert: (tx, values) => tx.insert(team).values(values).returning().get()
};
