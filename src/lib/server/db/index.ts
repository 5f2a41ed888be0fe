import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunResult } from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { fold, phoneSuffixes } from '../../text';
import { config } from '../config';
import { checkpointInBackground } from './checkpoint';
import { keepStatements } from './statements';
import * as schema from './schema';

export { schema };
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The database or a transaction: domain helpers that only read or write take either. */
export type Conn = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

let instance: Db | undefined;
/** True while a bulk write defers the search index (see db/migrations/0007_search_backlog.sql). */
let searchDeferred = false;

/**
 * Runs a synchronous bulk write with the search index's triggers quiet; the caller queues the records
 * it wrote in search_backlog (src/lib/server/crm/search-index.ts) in the same transaction.
 */
export function withSearchDeferred<T>(write: () => T): T {
	searchDeferred = true;
	try {
		return write();
	} finally {
		searchDeferred = false;
	}
}

/** Opens the database file with Uptake's pragmas and applies pending migrations. */
export function openDatabase(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	// 64 MiB of page cache instead of SQLite's 2 MiB: a search-box list at a million contacts reads the
	// sort keys of 20,000 matches spread over 15,000 pages, each one a read from the file otherwise.
	sqlite.pragma('cache_size = -65536');
	if (path !== ':memory:') checkpointInBackground(sqlite, path);
	// Used by the search index's triggers (db/migrations/0003_crm_search.sql).
	sqlite.function('uptake_fold', { deterministic: true }, (text) => fold(String(text ?? '')));
	sqlite.function('uptake_phone_suffixes', { deterministic: true }, (phone) =>
		phoneSuffixes(String(phone ?? ''))
	);
	sqlite.function('uptake_search_deferred', { deterministic: false }, () => (searchDeferred ? 1 : 0));
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder: config.migrationsFolder });
	keepStatements(sqlite);
	// Keeps the planner's statistics fresh (SQLite's advice for long-lived connections), so that list
	// queries walk the right index on large tables.
	refreshStatistics(sqlite);
	return db;
}

/**
 * Re-analyses the tables whose size changed a lot since their statistics were taken (SQLite's
 * `PRAGMA optimize`, looking at every table, sampling at most 1,000 rows per index). Run at open and
 * after bulk writes: statistics taken while the search index was empty made each of its writes walk
 * the wrong way after the demo seed, 20 times slower (bench/README.md).
 */
export function refreshStatistics(sqlite: Database.Database): void {
	sqlite.pragma('analysis_limit = 1000');
	sqlite.pragma('optimize = 0x10002');
}

/**
 * The process's database, opened on first use (not at import, so that `vite build` and tests
 * that set DATABASE_PATH first never touch the default file).
 */
export function db(): Db {
	instance ??= openDatabase(config.databasePath);
	return instance;
}

/** Closes the database (checkpointing the WAL); the next db() opens it again. */
export function closeDatabase(): void {
	instance?.$client.close();
	instance = undefined;
}
