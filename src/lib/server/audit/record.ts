import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { schema, type Conn } from '../db';
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
 * Writes the audit row and the usage event of one domain change. Call it inside the transaction
 * that makes the change, so that all three commit together or not at all. Returns the audit id.
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
	const fields = Object.entries(getTableColumns(change.table))
		.filter(([key]) => !SECRET.test(key))
		.map(([key, column]) => {
			const name = `"${column.name}"`;
			const value =
				column.dataType === 'json'
					? `json(${name})`
					: column.dataType === 'boolean'
						? `CASE WHEN ${name} THEN json('true') ELSE json('false') END`
						: name;
			return `'${key}', ${value}`;
		});
	const record = sql`json_object(${sql.raw(fields.join(', '))})`;
	return tx.run(sql`
		INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after, summary, request_id, ip)
		SELECT ${Date.now()}, ${actor.user.id}, ${change.action}, ${change.entity}, CAST(id AS TEXT),
			${change.action === 'delete' ? record : null}, ${change.action === 'create' ? record : null},
			${change.summary}, ${actor.requestId}, ${actor.ip}
		FROM ${change.table} WHERE ${change.where} ORDER BY id`).changes;
}
