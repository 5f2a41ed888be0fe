import { eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import { version } from '$lib/schemas/common';
import type { Actor } from '../auth/actor';
import type { Conn } from '../db';
import { assertFresh, parse } from '../validation';
import { recordChange } from './record';
import type { Restorable } from './restorable';

/**
 * Writing one versioned record with its audit row and usage event in the caller's transaction: what
 * every domain module's create, edit and delete share (CRM records, the rollout workspace). Callers
 * ask the access policy first; these only write.
 */

export interface Versioned {
	id: number;
	version: number;
}

/** How a kind of record is named in the audit log, the usage log and messages. */
export interface AuditedObject<T extends SQLiteTable, R extends Versioned> {
	/** Audit entity, e.g. `contact`, `risk`. */
	entity: string;
	/** Usage module, e.g. `crm.contacts`, `rollout.risks`. */
	module: string;
	/** What a person calls one, for messages: "contact". */
	noun: string;
	table: T;
	id: SQLiteColumn;
	/** One line for the audit summary. */
	describe(row: R): string;
}

export function insertRecord<T extends SQLiteTable, R extends Versioned>(
	tx: Conn,
	actor: Actor,
	object: AuditedObject<T, R>,
	values: T['$inferInsert']
): R {
	// drizzle types .returning() of a generic table as a conditional type; R is that table's row.
	const created = tx.insert(object.table).values(values).returning().get() as unknown as R;
	recordChange(tx, actor, {
		module: object.module,
		action: 'create',
		entity: object.entity,
		entityId: created.id,
		after: created as unknown as Record<string, unknown>,
		summary: `Created ${object.noun} ${object.describe(created)}`
	});
	return created;
}

/**
 * Writes `values` over the record as its next version. With `baseVersion` (a form's), a save based on
 * an older version is refused with the fields that differ.
 */
export function updateRecord<T extends SQLiteTable, R extends Versioned>(
	tx: Conn,
	actor: Actor,
	object: AuditedObject<T, R>,
	before: R,
	values: Partial<R>,
	baseVersion?: unknown,
	summary?: string
): R {
	if (baseVersion !== undefined) assertFresh(before, parse(version, baseVersion), values, object.noun);
	const after = tx
		.update(object.table)
		.set({ ...values, version: before.version + 1, updatedAt: Date.now() } as SQLiteUpdateSetSource<T>)
		.where(eq(object.id, before.id))
		.returning()
		.get() as unknown as R;
	recordChange(tx, actor, {
		module: object.module,
		action: 'update',
		entity: object.entity,
		entityId: before.id,
		before: before as unknown as Record<string, unknown>,
		after: after as unknown as Record<string, unknown>,
		summary: summary ?? `Edited ${object.noun} ${object.describe(after)}`
	});
	return after;
}

export function deleteRecord<T extends SQLiteTable, R extends Versioned>(
	tx: Conn,
	actor: Actor,
	object: AuditedObject<T, R>,
	before: R
): void {
	tx.delete(object.table).where(eq(object.id, before.id)).run();
	recordChange(tx, actor, {
		module: object.module,
		action: 'delete',
		entity: object.entity,
		entityId: before.id,
		before: before as unknown as Record<string, unknown>,
		summary: `Deleted ${object.noun} ${object.describe(before)}`
	});
}

/**
 * How audit rollback restores a record of `object`: the listed fields are written back as a new
 * version, or the row re-inserted after a deletion (see audit/rollback.ts).
 */
export function restorableOf<T extends SQLiteTable, R extends Versioned>(
	object: AuditedObject<T, R>,
	fields: (keyof R & string)[],
	load: (conn: Conn, id: number) => R | undefined = (conn, id) =>
		conn
			.select()
			.from(object.table as SQLiteTable)
			.where(eq(object.id, id))
			.get() as R | undefined
): Restorable<R> {
	return {
		module: object.module,
		fields,
		load,
		write: (tx, current, values) =>
			tx
				.update(object.table)
				.set({ ...values, version: current.version + 1, updatedAt: Date.now() } as SQLiteUpdateSetSource<T>)
				.where(eq(object.id, current.id))
				.returning()
				.get() as unknown as R,
		insert: (tx, values) =>
			tx
				.insert(object.table)
				.values(values as T['$inferInsert'])
				.returning()
				.get() as unknown as R
	};
}
