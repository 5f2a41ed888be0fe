import { sql, type SQL } from 'drizzle-orm';
import { db, type Conn, type Db } from '../db';

/**
 * The search index's backlog: records a bulk write (an import) changed while the index's triggers were
 * quiet (`withSearchDeferred`), indexed here afterwards in chunks, oldest document first. What a
 * record's index entry holds is defined once, by the `*_search_doc` views (db/migrations/0011: its text,
 * and its owner and team in a column of their own).
 */

const CHUNK = 5_000;
/** Search-document rowid = record id × 4 + kind (see search.ts). */
const KIND_OF_ENTITY = { company: 1, contact: 2, deal: 3 } as const;
export type IndexedEntity = keyof typeof KIND_OF_ENTITY;

/**
 * Queues for indexing the records `records` selects (an SQL select of `entity, id` rows), in the
 * caller's transaction so that the backlog commits with the records.
 */
export function queueForIndex(tx: Conn, records: SQL): void {
	tx.run(sql`
		INSERT OR IGNORE INTO search_backlog (doc)
		SELECT id * 4 + CASE entity WHEN 'company' THEN 1 WHEN 'contact' THEN 2 ELSE 3 END FROM (${records})`);
}

/** How many records wait to be (re)indexed. */
export function backlogSize(conn: Db = db()): number {
	return conn.$client.prepare('SELECT count(*) FROM search_backlog').pluck().get() as number;
}

/**
 * Indexes up to `limit` waiting records in one transaction: their old entries go, their current ones
 * (if the record still exists) come in, in ascending rowid order, which FTS5 appends without flushing.
 * Returns how many are left.
 */
export function indexBacklog(conn: Db = db(), limit = CHUNK): number {
	const client = conn.$client;
	return client.transaction(() => {
		const docs = client
			.prepare('SELECT doc FROM search_backlog ORDER BY doc LIMIT ?')
			.pluck()
			.all(limit) as number[];
		if (!docs.length) return 0;
		const first = docs[0];
		const last = docs[docs.length - 1];
		client
			.prepare(
				'DELETE FROM crm_search WHERE rowid IN (SELECT doc FROM search_backlog WHERE doc BETWEEN ? AND ?)'
			)
			.run(first, last);
		const views = Object.keys(KIND_OF_ENTITY)
			.map(
				(entity) =>
					`SELECT doc, title, body, scope FROM ${entity}_search_doc WHERE id IN (SELECT doc >> 2 FROM search_backlog WHERE doc BETWEEN ? AND ? AND (doc & 3) = ${KIND_OF_ENTITY[entity as IndexedEntity]})`
			)
			.join(' UNION ALL ');
		client
			.prepare(`INSERT INTO crm_search (rowid, title, body, scope) SELECT * FROM (${views}) ORDER BY doc`)
			.run(first, last, first, last, first, last);
		client.prepare('DELETE FROM search_backlog WHERE doc BETWEEN ? AND ?').run(first, last);
		return client.prepare('SELECT count(*) FROM search_backlog').pluck().get() as number;
	})();
}

let draining: Promise<void> | undefined;

/**
 * Works through the backlog in the background, a chunk per turn of the event loop so that requests
 * are served in between. Started after an import and at start-up; a second call joins the first. A
 * failure is logged and leaves the rest queued for the next start (the backlog is in the database).
 */
export function drainBacklog(conn: Db = db()): Promise<void> {
	draining ??= new Promise<void>((resolve) => {
		const step = () => {
			try {
				if (indexBacklog(conn) > 0) setImmediate(step);
				else resolve();
			} catch (e) {
				console.error('Uptake: indexing the search backlog failed; it is retried at the next start.', e);
				resolve();
			}
		};
		setImmediate(step);
	}).finally(() => (draining = undefined));
	return draining;
}
