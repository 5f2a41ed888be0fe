import { and, asc, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { authorize, can } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { dayParam, idParam, type Page } from '../lists';
import { ENTITY_LABELS, fieldLabel } from '$lib/field-labels';
import { customLabels, sameValue, shownValue } from './merge';
import { canRollBack } from './rollback';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'rollback', 'export'] as const;

export interface AuditFilters {
	userId?: number;
	entity?: string;
	entityId?: string;
	action?: (typeof AUDIT_ACTIONS)[number];
	/** Inclusive UTC day, YYYY-MM-DD. */
	from?: string;
	/** Inclusive UTC day, YYYY-MM-DD. */
	to?: string;
	page: number;
}

/** Reads the audit page's filters from its URL; malformed values are dropped, not trusted. */
export function auditFilters(params: URLSearchParams): AuditFilters {
	const action = AUDIT_ACTIONS.find((a) => a === params.get('action'));
	const entity = params.get('entity')?.trim().slice(0, 40) || undefined;
	return {
		userId: idParam(params, 'user'),
		entity,
		entityId: (entity && params.get('entityId')?.trim().slice(0, 40)) || undefined,
		action,
		from: dayParam(params, 'from'),
		to: dayParam(params, 'to'),
		page: idParam(params, 'page') ?? 1
	};
}

export function list(actor: Actor, filters: AuditFilters) {
	authorize(actor.user, 'audit.read');
	const { auditLog, user } = schema;
	const conditions: (SQL | undefined)[] = [
		filters.userId ? eq(auditLog.userId, filters.userId) : undefined,
		filters.entity ? eq(auditLog.entity, filters.entity) : undefined,
		filters.entityId ? eq(auditLog.entityId, filters.entityId) : undefined,
		filters.action ? eq(auditLog.action, filters.action) : undefined,
		filters.from ? gte(auditLog.at, Date.parse(filters.from)) : undefined,
		filters.to ? lt(auditLog.at, Date.parse(filters.to) + 86_400_000) : undefined
	];
	const where = and(...conditions);
	const rows = db()
		.select({ entry: auditLog, userName: user.name })
		.from(auditLog)
		.leftJoin(user, eq(auditLog.userId, user.id))
		.where(where)
		.orderBy(desc(auditLog.id))
		.limit(AUDIT_PAGE_SIZE)
		.offset((filters.page - 1) * AUDIT_PAGE_SIZE)
		.all();
	const total = db().select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
	const mayRollBack = can(actor.user, 'audit.rollback');
	const conn = db();
	const page: Page<AuditRow> = {
		rows: rows.map(({ entry, userName }) => {
			const { before, after, ...rest } = entry;
			return {
				...rest,
				userName,
				entityLabel: ENTITY_LABELS[entry.entity] ?? entry.entity,
				changes:
					entry.action === 'create' || entry.action === 'delete'
						? []
						: changesOf(conn, entry.entity, before, after),
				canRollBack: mayRollBack && canRollBack(entry)
			};
		}),
		total,
		page: filters.page,
		pageSize: AUDIT_PAGE_SIZE
	};
	return page;
}

export type AuditRow = Omit<typeof schema.auditLog.$inferSelect, 'before' | 'after'> & {
	userName: string | null;
	entityLabel: string;
	changes: { field: string; label: string; before: string; after: string }[];
	canRollBack: boolean;
};

/**
 * What an entry changed, field by field, as its form labels the fields and as a person reads the
 * values (linked records by name); custom fields one by one; bookkeeping (name keys, versions) left out.
 */
function changesOf(
	conn: Conn,
	entity: string,
	before: Record<string, unknown> | null,
	after: Record<string, unknown> | null
): AuditRow['changes'] {
	const flat = (values: Record<string, unknown> | null) => {
		const out: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(values ?? {})) {
			if (key === 'custom' && value && typeof value === 'object' && !Array.isArray(value))
				for (const [k, v] of Object.entries(value)) out[`custom.${k}`] = v;
			else out[key] = value;
		}
		return out;
	};
	const [was, is] = [flat(before), flat(after)];
	const custom = customLabels(conn, entity);
	return [...new Set([...Object.keys(was), ...Object.keys(is)])]
		.filter((field) => !sameValue(was[field], is[field]))
		.flatMap((field) => {
			const label = fieldLabel(entity, field, custom);
			if (label === null) return [];
			const shown = (v: unknown) =>
				field.startsWith('custom.') ? shownValue(conn, '', v) : shownValue(conn, field, v);
			return [{ field, label, before: shown(was[field]), after: shown(is[field]) }];
		});
}

/** Entity types the log holds, for the filter (every audited entity: see $lib/field-labels.ts). */
export const AUDITED_ENTITIES = Object.keys(ENTITY_LABELS);

/** Choices for the filters (small tables only: the log itself may hold millions of rows). */
export function filterOptions(actor: Actor) {
	authorize(actor.user, 'audit.read');
	const { user } = schema;
	return {
		users: db().select({ id: user.id, name: user.name }).from(user).orderBy(asc(user.nameKey)).all(),
		entities: AUDITED_ENTITIES.map((value) => ({ value, label: ENTITY_LABELS[value] }))
	};
}

/** The latest few entries, for the home page: no count, so it stays cheap however long the log grows. */
export function latest(actor: Actor, limit = 5) {
	authorize(actor.user, 'audit.read');
	const { auditLog, user } = schema;
	return db()
		.select({ id: auditLog.id, at: auditLog.at, summary: auditLog.summary, userName: user.name })
		.from(auditLog)
		.leftJoin(user, eq(auditLog.userId, user.id))
		.orderBy(desc(auditLog.id))
		.limit(limit)
		.all();
}
