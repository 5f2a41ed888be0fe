import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { schema, type Conn } from '../db';
import { awardForChange } from '../engagement/points';
import { recordUsage } from './usage';
import type { Actor } from '../auth/actor';

export type AuditAction = 'create' | 'update' | 'delete' | 'rollback' | 'export';

export interface Change {
	/** Usage module, e.g. `admin.users`. */
	module: string;
	action: AuditAction;
	/** Entity name as the rollback registry knows it, e.g. `user`. */
	entity: string;
	entityId: string | number;
	before?: Record<string, unknown> | null;
	after?: Record<string, unknown> | null;
	summary?: string;
	revertsId?: number;
}

// Secrets never reach the audit log, whatever a caller passes.
const SECRET = /password|token|secret|hash/i;

export function redact(values: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
	if (!values) return null;
	return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET.test(key)));
}

/**
 * Writes the audit row and the usage event of one domain change, and the points it earns or takes
 * back (engagement/points.ts). Call it inside the transaction that makes the change, so that all of
 * them commit together or not at all. Returns the audit id.
 */
export function recordChange(tx: Conn, actor: Actor, change: Change): number {
	const at = Date.now();
	const row = tx
		.insert(schema.auditLog)
		.values({
			at,
			userId: actor.user.id,
			action: change.action,
			entity: change.entity,
			entityId: String(change.entityId),
			before: redact(change.before),
			after: redact(change.after),
			summary: change.summary ?? '',
			revertsId: change.revertsId,
			requestId: actor.requestId,
			ip: actor.ip
		})
		.returning({ id: schema.auditLog.id })
		.get();
	recordUsage({
		at,
		userId: actor.user.id,
		teamId: actor.user.teamId,
		module: change.module,
		action: change.action,
		entity: change.entity,
		entityId: change.entityId
	});
	awardForChange(actor, change, row.id);
	return row.id;
}

/**
 * Writes one audit row per record of a bulk write, in one statement and in the caller's transaction:
 * `create` rows hold each record `where` selects as `after` (call it after the insert), `delete` rows
 * as `before` (call it before the delete). The rows hold the same camel-case fields as `recordChange`
 * does, so each entry reads and rolls back like any other. The caller records the bulk write's own
 * change (and usage event) with `recordChange`.
 */
export function recordBulkChange(
	tx: Conn,
	actor: Actor,
	change: { table: SQLiteTable; entity: string; action: 'create' | 'delete'; where: SQL; summary: string }
): number {
	const record = recordJson(change.table);
	return tx.run(sql`
		INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after, summary, request_id, ip)
		SELECT ${Date.now()}, ${actor.user.id}, ${change.action}, ${change.entity}, CAST(id AS TEXT),
			${change.action === 'delete' ? record : null}, ${change.action === 'create' ? record : null},
			${change.summary}, ${actor.requestId}, ${actor.ip}
		FROM ${change.table} WHERE ${change.where} ORDER BY id`).changes;
}

/**
 * `recordBulkChange` for an update of many records in one statement: `update` runs between reading
 * each record `where` selects as it was (`before`) and as it is after (`after`), one `update` audit
 * row per record. Call it inside the transaction; `update` must not add or remove records.
 */
export function recordBulkUpdate(
	tx: Conn,
	actor: Actor,
	change: { table: SQLiteTable; entity: string; where: SQL; summary: string },
	update: () => void
): number {
	const record = recordJson(change.table);
	const after = recordJson(change.table, 't');
	tx.run(
		sql`CREATE TEMP TABLE IF NOT EXISTS audit_bulk_before (id INTEGER PRIMARY KEY, record TEXT NOT NULL)`
	);
	tx.run(sql`DELETE FROM audit_bulk_before`);
	tx.run(
		sql`INSERT INTO audit_bulk_before (id, record) SELECT id, ${record} FROM ${change.table} WHERE ${change.where}`
	);
	update();
	// CROSS JOIN keeps the order: walk the few ids in the temp table (it has no statistics, so the
	// planner would otherwise scan the whole audited table) and look each record up by its key.
	const written = tx.run(sql`
		INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after, summary, request_id, ip)
		SELECT ${Date.now()}, ${actor.user.id}, 'update', ${change.entity}, CAST(t.id AS TEXT), b.record, ${after},
			${change.summary}, ${actor.requestId}, ${actor.ip}
		FROM audit_bulk_before b CROSS JOIN ${change.table} t ON t.id = b.id ORDER BY b.id`).changes;
	tx.run(sql`DELETE FROM audit_bulk_before`);
	return written;
}

/**
 * A record of `table` as a JSON object in SQL, with the field names and redaction of `recordChange`;
 * `alias` qualifies its columns when the query joins another table.
 */
function recordJson(table: SQLiteTable, alias?: string): SQL {
	const fields = Object.entries(getTableColumns(table))
		.filter(([key]) => !SECRET.test(key))
		.map(([key, column]) => {
			const name = `${alias ? `${alias}.` : ''}"${column.name}"`;
			const value =
				column.dataType === 'json'
					? `json(${name})`
					: column.dataType === 'boolean'
						? `CASE WHEN ${name} THEN json('true') ELSE json('false') END`
						: name;
			return `'${key}', ${value}`;
		});
	return sql`json_object(${sql.raw(fields.join(', '))})`;
}
