import { error } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Permission } from '$lib/permissions';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import {
	deleteRecord,
	insertRecord,
	updateRecord,
	type AuditedObject,
	type Versioned
} from '../audit/writes';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { withStoredFields } from '../form-fields';
import { InvalidInput } from '../validation';

/**
 * The write path the rollout workspace's records share (goals, phases, risks, change requests, …):
 * the permission, optimistic locking, and the audit row and usage event (module `rollout.*`) in the
 * change's transaction. Each area's module validates its own fields and calls these.
 */

/** A kind of rollout record: how it is audited and usage-logged (module `rollout.*`). */
export type RolloutObject<T extends SQLiteTable, R extends Versioned> = AuditedObject<T, R>;

export function find<T extends SQLiteTable, R extends Versioned>(
	conn: Conn,
	object: RolloutObject<T, R>,
	id: number
): R {
	return (
		(conn
			.select()
			.from(object.table as SQLiteTable)
			.where(eq(object.id, id))
			.get() as R | undefined) ?? error(404, 'Not found')
	);
}

export { deleteRecord, insertRecord, updateRecord };

/**
 * Create, update and remove for an object whose form `values` validates — each asks the policy for
 * `permission` and runs in one transaction.
 */
export function rolloutVerbs<T extends SQLiteTable, R extends Versioned>(
	object: RolloutObject<T, R>,
	permission: Permission,
	values: (conn: Conn, actor: Actor, input: unknown, current?: R) => T['$inferInsert'] & Partial<R>
) {
	return {
		create(actor: Actor, input: unknown): R {
			authorize(actor.user, permission);
			return db().transaction((tx) => insertRecord(tx, actor, object, values(tx, actor, input)));
		},
		update(actor: Actor, id: number, input: unknown, baseVersion: unknown): R {
			authorize(actor.user, permission);
			return db().transaction((tx) => {
				const before = find(tx, object, id);
				const edit = withStoredFields(input, before);
				return updateRecord(tx, actor, object, before, values(tx, actor, edit, before), baseVersion);
			});
		},
		remove(actor: Actor, id: number): void {
			authorize(actor.user, permission);
			db().transaction((tx) => deleteRecord(tx, actor, object, find(tx, object, id)));
		}
	};
}

/** An active user chosen as owner, or a field error. */
export function activeUserId(conn: Conn, id: number | null | undefined, field = 'ownerId'): number | null {
	if (id === null || id === undefined) return null;
	const { user } = schema;
	const found = conn.select({ active: user.active }).from(user).where(eq(user.id, id)).get();
	if (!found?.active) throw new InvalidInput({ [field]: 'Choose an active user.' });
	return id;
}

/**
 * Adds the actor's vote for an item (a change request, a pain point) or takes it back, audited as the
 * vote's creation or deletion. Returns whether the actor now votes for it.
 */
export function toggleVote(
	tx: Conn,
	actor: Actor,
	votes: { table: SQLiteTable; item: SQLiteColumn; user: SQLiteColumn },
	itemId: number,
	audit: { module: string; entity: string; about: string }
): boolean {
	const mine = and(eq(votes.item, itemId), eq(votes.user, actor.user.id));
	const had = !!tx.select({ user: votes.user }).from(votes.table).where(mine).get();
	if (had) tx.delete(votes.table).where(mine).run();
	else
		tx.run(
			sql`INSERT INTO ${votes.table} (${sql.identifier(votes.item.name)}, ${sql.identifier(votes.user.name)}) VALUES (${itemId}, ${actor.user.id})`
		);
	recordChange(tx, actor, {
		module: audit.module,
		action: had ? 'delete' : 'create',
		entity: audit.entity,
		entityId: `${itemId}:${actor.user.id}`,
		summary: `${had ? 'Withdrew a vote for' : 'Voted for'} ${audit.about}`
	});
	return !had;
}
