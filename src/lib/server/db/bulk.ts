import type Database from 'better-sqlite3';

/**
 * Many rows into a table in one statement. The rows come from JavaScript through a virtual table
 * (better-sqlite3's `table()`, a generator SQLite reads row by row), so no row is copied into a
 * staging table first and SQLite runs one `INSERT … SELECT`: each statement on a table with
 * full-text triggers costs FTS5 bookkeeping even when the triggers are quiet.
 */

export type BulkValue = string | number | null;

/** Rows waiting to be read by the statement that names them, by key. */
const pending = new Map<number, Iterable<BulkValue[]>>();
let nextKey = 1;
/** The virtual tables registered on each connection, by their number of columns. */
const registered = new WeakMap<Database.Database, Set<number>>();

function sourceTable(client: Database.Database, width: number): string {
	const name = `bulk_rows_${width}`;
	let widths = registered.get(client);
	if (!widths) registered.set(client, (widths = new Set()));
	if (!widths.has(width)) {
		client.table(name, {
			columns: Array.from({ length: width }, (_, i) => `c${i}`),
			parameters: ['source'],
			rows: function* (source: unknown) {
				const rows = pending.get(Number(source));
				if (!rows) throw new Error(`${name}: no rows are waiting under key ${String(source)}`);
				yield* rows;
			}
		});
		widths.add(width);
	}
	return name;
}

/**
 * Inserts `rows` (each a value per column of `columns`, in order) into `table`, with `constants`
 * (column → value) the same on every row, in one statement. Returns the number of rows inserted.
 * Table and column names are the caller's own identifiers, never input.
 */
export function insertRows(
	client: Database.Database,
	table: string,
	columns: string[],
	rows: Iterable<BulkValue[]>,
	constants: Record<string, BulkValue> = {}
): number {
	const source = sourceTable(client, columns.length);
	const fixed = Object.keys(constants);
	const key = nextKey++;
	pending.set(key, rows);
	try {
		return client
			.prepare(
				`INSERT INTO ${table} (${[...columns, ...fixed].join(', ')}) SELECT ${[
					...columns.map((_, i) => `c${i}`),
					...fixed.map(() => '?')
				].join(', ')} FROM ${source}(?)`
			)
			.run(...fixed.map((c) => constants[c]), key).changes;
	} finally {
		pending.delete(key);
	}
}
