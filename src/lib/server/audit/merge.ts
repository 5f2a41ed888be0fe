import { sql } from 'drizzle-orm';
import { fieldLabel } from '$lib/field-labels';
import type { Conn } from '../db';
import type { StaleField } from '../validation';

/**
 * Merging a stale save field by field (DESIGN: "a stale save is merged against the version the form
 * was opened on"). The version the user opened is rebuilt from the audit log; each field is then
 * compared three ways — what they opened, what they sent, what is stored now — so that a field only
 * they changed keeps their value, a field only someone else changed keeps the other person's value,
 * and only a field both changed (to different values) is a conflict for the user to resolve.
 */

export type Row = Record<string, unknown>;

/** One field of a merge: its column (or `custom.<key>` for a custom field), and both sides' values. */
export type FieldChange = StaleField;

export interface Merge {
	/** What to write: the submitted values with the other person's changes taken in. */
	values: Row;
	/** Fields the other person changed and the user did not: their value is kept. */
	theirs: FieldChange[];
	/** Fields both changed to different values: refused until the user chooses. */
	conflicts: FieldChange[];
}

/** Kept by the write path itself, never compared. */
const BOOKKEEPING = new Set(['id', 'version', 'createdAt', 'updatedAt']);

/** Equal as stored values: JSON objects compare by content whatever their key order; null ≡ missing. */
export function sameValue(a: unknown, b: unknown): boolean {
	return stable(a ?? null) === stable(b ?? null);
}

function stable(value: unknown): string {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const entries = Object.entries(value as Row)
			.filter(([, v]) => v !== undefined && v !== null && v !== '')
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

const isObject = (v: unknown): v is Row => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The three-way merge of `submitted` (based on `opened`) onto `current`. `derived` names fields
 * computed from others (name keys, the owner's team): they are not compared, and are left to the
 * caller to recompute from the merged values.
 */
export function mergeStale(
	opened: Row,
	current: Row,
	submitted: Row,
	derived: readonly string[] = []
): Merge {
	const values: Row = { ...submitted };
	const theirs: FieldChange[] = [];
	const conflicts: FieldChange[] = [];
	const mergeField = (field: string, base: unknown, now: unknown, yours: unknown): unknown => {
		const youChanged = !sameValue(yours, base);
		const theyChanged = !sameValue(now, base);
		if (!youChanged) {
			if (theyChanged) theirs.push({ field, yours, now });
			return now;
		}
		if (theyChanged && !sameValue(yours, now)) conflicts.push({ field, yours, now });
		return yours;
	};
	for (const [key, yours] of Object.entries(submitted)) {
		if (BOOKKEEPING.has(key) || derived.includes(key) || yours === undefined) continue;
		const base = opened[key];
		const now = current[key];
		// A JSON column of fields (the admin's custom fields) merges key by key.
		if (isObject(yours) && (isObject(now) || now == null) && (isObject(base) || base == null)) {
			const merged: Row = {};
			const keys = new Set([...Object.keys(base ?? {}), ...Object.keys(now ?? {}), ...Object.keys(yours)]);
			for (const k of keys) {
				const value = mergeField(
					`${key}.${k}`,
					(base as Row | null)?.[k],
					(now as Row | null)?.[k],
					yours[k]
				);
				if (value !== undefined && value !== null) merged[k] = value;
			}
			values[key] = merged;
		} else values[key] = mergeField(key, base, now, yours);
	}
	return { values, theirs, conflicts };
}

/**
 * The record as it was at `version`, rebuilt from its audit rows (every write records the record
 * after it, and an edit also the record before it), or undefined when the log does not hold it.
 */
export function recordAtVersion(conn: Conn, entity: string, id: number, version: number): Row | undefined {
	const row = conn.get<{ after: string | null; before: string | null } | undefined>(sql`
		SELECT after, before FROM audit_log
		WHERE entity = ${entity} AND entity_id = ${String(id)}
			AND (json_extract(after, '$.version') = ${version} OR json_extract(before, '$.version') = ${version})
		ORDER BY id DESC LIMIT 1`);
	if (!row) return undefined;
	const after = row.after ? (JSON.parse(row.after) as Row) : null;
	if (after?.version === version) return after;
	return row.before ? (JSON.parse(row.before) as Row) : undefined;
}

/** Who saved the record after `version` (their names, in the order they saved), for messages. */
export function editorsSince(conn: Conn, entity: string, id: number, version: number): string[] {
	return conn
		.all<{ name: string }>(
			sql`
		SELECT u.name AS name FROM audit_log a JOIN user u ON u.id = a.user_id
		WHERE a.entity = ${entity} AND a.entity_id = ${String(id)}
			AND json_extract(a.after, '$.version') > ${version}
		GROUP BY u.id ORDER BY min(a.id)`
		)
		.map((r) => r.name);
}

/** The tables a link field points at, and how a person names a row of each. */
const LINKS: Record<string, { table: string; name: string }> = {
	ownerId: { table: 'user', name: 'name' },
	userId: { table: 'user', name: 'name' },
	decidedBy: { table: 'user', name: 'name' },
	requestedBy: { table: 'user', name: 'name' },
	reportedBy: { table: 'user', name: 'name' },
	teamId: { table: 'team', name: 'name' },
	roleId: { table: 'role', name: 'label' },
	companyId: { table: 'company', name: 'name' },
	contactId: { table: 'contact', name: "trim(first_name || ' ' || last_name)" },
	dealId: { table: 'deal', name: 'name' },
	stageId: { table: 'pipeline_stage', name: 'name' },
	phaseId: { table: 'phase', name: 'name' },
	targetPhaseId: { table: 'phase', name: 'name' },
	goalId: { table: 'goal', name: 'title' },
	processMapId: { table: 'process_map', name: 'title' },
	changeRequestId: { table: 'change_request', name: 'title' }
};

/**
 * A stored value as a person reads it: a linked record by its name (only its name, whoever asks:
 * DESIGN rule 1), money in major units, yes/no, dates as written; "empty" for nothing.
 */
export function shownValue(conn: Conn, field: string, value: unknown): string {
	if (value === null || value === undefined || value === '') return 'empty';
	const link = LINKS[field];
	if (link && typeof value === 'number') {
		const name = conn.get<{ name: string } | undefined>(
			sql`SELECT ${sql.raw(link.name)} AS name FROM ${sql.identifier(link.table)} WHERE id = ${value}`
		)?.name;
		return name ?? `#${value} (deleted)`;
	}
	if (field.endsWith('Minor') && typeof value === 'number') return (value / 100).toFixed(2);
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	if (field.endsWith('At') && typeof value === 'number')
		return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
	if (Array.isArray(value)) {
		const each = field.endsWith('Ids') ? field.slice(0, -1) : '';
		return value.map((v) => shownValue(conn, each, v)).join(', ') || 'empty';
	}
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** Gives each change its form label and the stored value as shown (for messages beside the fields). */
export function described(conn: Conn, entity: string, changes: FieldChange[]): FieldChange[] {
	if (changes.length === 0) return changes;
	const custom = customLabels(conn, entity);
	return changes.map((c) => ({
		...c,
		label: fieldLabel(entity, c.field, custom) ?? c.field,
		shown: shownValue(conn, c.field.startsWith('custom.') ? '' : c.field, c.now)
	}));
}

/** The labels of an entity's custom fields, by key. */
export function customLabels(conn: Conn, entity: string): Record<string, string> {
	return Object.fromEntries(
		conn
			.all<{ key: string; label: string }>(sql`SELECT key, label FROM custom_field WHERE entity = ${entity}`)
			.map((f) => [f.key, f.label])
	);
}
