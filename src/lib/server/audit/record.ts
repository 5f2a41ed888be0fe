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
