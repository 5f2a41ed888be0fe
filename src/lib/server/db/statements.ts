import type Database from 'better-sqlite3';

/**
 * Keeps the connection's prepared statements by their SQL, the most recently used `size` of them.
 * Drizzle and the domain modules prepare a statement on every call, and parsing and planning the
 * same SQL again took ~0.15 ms of every list page (bench/README.md). A statement handed out again
 * has its result mode back to rows as objects, as a fresh one would; one that is still being
 * iterated is never handed out twice.
 */
export function keepStatements(sqlite: Database.Database, size = 500): void {
	const prepare = sqlite.prepare.bind(sqlite);
	const kept = new Map<string, Database.Statement>();
	sqlite.prepare = ((source: string) => {
		const statement = kept.get(source);
		if (statement && !statement.busy) {
			kept.delete(source); // and back at the end: the most recently used come last
			kept.set(source, statement);
			if (statement.reader) statement.raw(false).pluck(false).expand(false);
			return statement;
		}
		const fresh = prepare(source);
		if (!statement) {
			kept.set(source, fresh);
			if (kept.size > size) kept.delete(kept.keys().next().value!);
		}
		return fresh;
	}) as Database.Database['prepare'];
}
