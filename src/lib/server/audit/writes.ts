import { eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import { version } from '$lib/schemas/common';
import type { Actor } from '../auth/actor';
import type { Conn } from '../db';
import { parse, StaleRecord } from '../validation';
import {
	described,
	editorsSince,
	mergeStale,
	recordAtVersion,
	sameValue,
	type FieldChange,
	type Row
} from './merge';
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
	/**
	 * Fields computed from others (a name key, the owner's team): not compared when a stale save is
	 * merged, and recomputed by `derive` from the merged values (`current` is the stored record).
	 */
	derived?: readonly string[];
	derive?(values: Partial<R>, current: R): Partial<R>;
}

/** What a merged stale save took from the other people's saves, by the record it wrote. */
const merges = new WeakMap<object, { by: string[]; theirs: FieldChange[] }>();

/** After `updateRecord` merged a stale save: who had saved meanwhile and which of their fields it kept. */
export function mergedInto(row: unknown): { by: string[]; theirs: FieldChange[] } | undefined {
	return row && typeof row === 'object' ? merges.get(row) : undefined;
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
 * Writes `values` over the record as its next version. With `baseVersion` (the version the form was
 * opened on), a stale save is merged field by field with what others saved since (audit/merge.ts):
 * it is written when no field was changed by both sides, and refused with the conflicting fields
 * otherwise. A save that changes nothing writes nothing (no new version, no audit row).
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
	const merged =
		baseVersion === undefined ? undefined : mergeStaleSave(tx, object, before, values, baseVersion);
	const write = merged?.values ?? values;
	if (changesNothing(before, write)) return before;
	const after = tx
		.update(object.table)
		.set({ ...write, version: before.version + 1, updatedAt: Date.now() } as SQLiteUpdateSetSource<T>)
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
	if (merged?.theirs.length) merges.set(after, { by: merged.by, theirs: merged.theirs });
	return after;
}

/** Whether writing `values` over `record` would change none of its fields (such a save writes nothing). */
export function changesNothing(record: object, values: object): boolean {
	const current = record as Row;
	return Object.entries(values).every(([k, v]) => v === undefined || sameValue(v, current[k]));
}

/**
 * A save based on `baseVersion` merged onto the stored record: undefined when nobody saved since,
 * else the values to write and the other people's fields it keeps; throws StaleRecord on conflicts.
 * When the log cannot rebuild the opened version, every field that differs is a conflict.
 */
function mergeStaleSave<T extends SQLiteTable, R extends Versioned>(
	tx: Conn,
	object: AuditedObject<T, R>,
	before: R,
	values: Partial<R>,
	baseVersion: unknown
): { values: Partial<R>; theirs: FieldChange[]; by: string[] } | undefined {
	const base = parse(version, baseVersion);
	if (base === before.version) return undefined;
	const current = before as unknown as Row;
	const derived = object.derived ?? [];
	const opened = base < before.version ? recordAtVersion(tx, object.entity, before.id, base) : undefined;
	const merge = opened
		? mergeStale(opened, current, values as Row, derived)
		: {
				values: values as Row,
				theirs: [],
				conflicts: Object.entries(values)
					.filter(([k, v]) => v !== undefined && !derived.includes(k) && !sameValue(v, current[k]))
					.map(([field, yours]) => ({ field, yours, now: current[field] }))
			};
	const by = editorsSince(tx, object.entity, before.id, base);
	if (merge.conflicts.length)
		throw new StaleRecord(
			`${by.length ? by.join(', ') : 'Someone else'} saved this ${object.noun} after you opened it, and changed ` +
				`${merge.conflicts.length === 1 ? 'a field' : 'fields'} you changed too: choose the value to keep and save again.`,
			described(tx, object.entity, merge.conflicts),
			before.version,
			described(tx, object.entity, merge.theirs)
		);
	const mergedValues = merge.values as Partial<R>;
	return {
		values: { ...mergedValues, ...object.derive?.(mergedValues, before) },
		theirs: described(tx, object.entity, merge.theirs),
		by
	};
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
