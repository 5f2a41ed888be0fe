import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { rawRetention } from '$lib/schemas/admin';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { today } from '../rollout/dates';
import { InvalidInput, parse } from '../validation';

/**
 * How long the raw usage events are kept. They are the append-only truth every rollup is rebuilt
 * from; an organisation may keep them for some months only. Dropping old ones goes through this one
 * audited path: it first moves the boundary (`usage.raw_from`: the first UTC day, and its instant,
 * whose events are all kept), below which the database's trigger (migration 0018) lets deletes pass,
 * then deletes in batches. The rollups are never touched: the adoption pages read as far back as
 * before, and a rebuild (rollups.ts) keeps every rollup before the boundary as it is, with first and
 * last use there known to the day.
 */

export const RETENTION_KEY = 'usage.raw_retention';
export const RAW_FROM_KEY = 'usage.raw_from';
/** Rows deleted per transaction: a request waits for one batch at most, never for the whole drop. */
const BATCH = 50_000;

function read<T>(conn: Conn, key: string): T | null {
	const row = conn.select().from(schema.setting).where(eq(schema.setting.key, key)).get();
	return row ? (row.value as T) : null;
}

function write(conn: Conn, key: string, value: object): void {
	const existing = conn.select().from(schema.setting).where(eq(schema.setting.key, key)).get();
	if (existing)
		conn
			.update(schema.setting)
			.set({ value, version: existing.version + 1, updatedAt: Date.now() })
			.where(eq(schema.setting.key, key))
			.run();
	else conn.insert(schema.setting).values({ key, value }).run();
}

/** The first day whose raw events are all kept (null: nothing was ever dropped). */
export function rawEventsFrom(client: Database.Database): string | null {
	const day = client
		.prepare("SELECT json_extract(value, '$.day') FROM setting WHERE key = ?")
		.pluck()
		.get(RAW_FROM_KEY);
	return typeof day === 'string' ? day : null;
}

/** The first day of the month `months` before a day's month, on the same day of the month where it has one. */
export function monthsBefore(day: string, months: number): string {
	const [y, m, d] = day.split('-').map(Number);
	const first = new Date(Date.UTC(y, m - 1 - months, 1));
	const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
	first.setUTCDate(Math.min(d, last));
	return first.toISOString().slice(0, 10);
}

export interface RawRetention {
	/** Months of raw events kept; null keeps every event. */
	months: number | null;
	/** The boundary set by the last drop (null: none yet). */
	rawFrom: string | null;
	/** The oldest raw event kept (null: none). */
	oldest: string | null;
	/** The day before which the next drop deletes (null: nothing to drop). */
	dropsBefore: string | null;
}

export function rawRetentionSettings(actor: Actor, now = Date.now()): RawRetention {
	authorize(actor.user, 'admin.settings');
	const conn = db();
	const months = read<{ months: number | null }>(conn, RETENTION_KEY)?.months ?? null;
	const oldestAt = conn.get<{ at: number | null }>(sql`SELECT min(at) AS at FROM usage_event`).at;
	const oldest = oldestAt === null ? null : today(oldestAt);
	const cutoff = months === null ? null : monthsBefore(today(now), months);
	return {
		months,
		rawFrom: rawEventsFrom(conn.$client),
		oldest,
		dropsBefore: cutoff && oldest && oldest < cutoff ? cutoff : null
	};
}

/** Sets how many months of raw events to keep (audited); nothing is dropped until dropOldEvents. */
export function setRawRetention(actor: Actor, input: unknown): { months: number | null; changed: boolean } {
	authorize(actor.user, 'admin.settings');
	const { months } = parse(rawRetention, input);
	return db().transaction((tx) => {
		const before = read<{ months: number | null }>(tx, RETENTION_KEY)?.months ?? null;
		if (before === months) return { months, changed: false };
		write(tx, RETENTION_KEY, { months });
		recordChange(tx, actor, {
			module: 'admin.settings',
			action: 'update',
			entity: 'setting',
			entityId: RETENTION_KEY,
			before: { months: before },
			after: { months },
			summary:
				months === null
					? 'Raw usage events are kept for good'
					: `Raw usage events are kept for ${months} months`
		});
		return { months, changed: true };
	});
}

/**
 * Drops the raw usage events older than the retention (the one path that deletes any): moves the
 * boundary and records it in the audit log in one transaction, deletes in batches, then records how
 * many went. The rollups stay as they are. Returns the count.
 */
export function dropOldEvents(actor: Actor, now = Date.now()): { dropped: number; before: string } {
	authorize(actor.user, 'admin.settings');
	const conn = db();
	const months = read<{ months: number | null }>(conn, RETENTION_KEY)?.months ?? null;
	if (months === null) throw new InvalidInput({ months: 'Set how many months of raw events to keep first.' });
	const before = monthsBefore(today(now), months);
	const at = Date.parse(`${before}T00:00:00Z`);
	conn.transaction((tx) => {
		const previous = rawEventsFrom(conn.$client);
		// The boundary only moves forward: events once dropped cannot be asked back.
		if (previous && previous >= before) return;
		write(tx, RAW_FROM_KEY, { day: before, at });
		recordChange(tx, actor, {
			module: 'admin.settings',
			action: 'update',
			entity: 'setting',
			entityId: RAW_FROM_KEY,
			before: { day: previous },
			after: { day: before, months },
			summary: `Raw usage events before ${before} are dropped (${months} months kept); the rollups stay`
		});
	});
	const client = conn.$client;
	const batch = client.prepare(
		'DELETE FROM usage_event WHERE rowid IN (SELECT rowid FROM usage_event WHERE at < ? LIMIT ?)'
	);
	let dropped = 0;
	for (;;) {
		const n = client.transaction(() => batch.run(at, BATCH).changes)();
		dropped += n;
		if (n < BATCH) break;
	}
	if (dropped)
		conn.transaction((tx) =>
			recordChange(tx, actor, {
				module: 'admin.settings',
				action: 'delete',
				entity: 'usage_event',
				entityId: before,
				before: { events: dropped },
				after: null,
				summary: `Dropped ${dropped.toLocaleString('en')} raw usage events before ${before}; the rollups stay`
			})
		);
	return { dropped, before };
}
