import Database from 'better-sqlite3';

/**
 * Many rows into a table in one statement. The rows come from JavaScript through a virtual table
 * (better-sqlite3's `table()`, a generator SQLite reads row by row), so no row is copied into a
 * staging table first and SQLite runs one `INSERT … SELECT`: each statement on a table with
 * full-text triggers costs FTS5 bookkeeping even when the triggers are quiet.
 *
 * Foreign keys: SQLite looks each row's references up (three look-ups a contact, a third of the
 * insert). Inside `withBulkForeignKeyChecks` it does not, and `insertRows` checks every distinct
 * referenced value once instead, in the same transaction, refusing the rows as SQLite would.
 */

export type BulkValue = string | number | null;

/** Rows waiting to be read by the statement that names them, by key. */
const pending = new Map<number, Iterable<BulkValue[]>>();
let nextKey = 1;
/** The virtual tables registered on each connection, by their number of columns. */
const registered = new WeakMap<Database.Database, Set<number>>();
/** Connections whose foreign keys `insertRows` checks by distinct value. */
const checkedInBulk = new WeakSet<Database.Database>();

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

interface Reference {
	column: number;
	table: string;
	to: string;
}

/** The foreign keys among `columns` of `table`. */
function referencesOf(client: Database.Database, table: string, columns: string[]): Reference[] {
	const keys = client.pragma(`foreign_key_list(${table})`) as {
		table: string;
		from: string;
		to: string | null;
	}[];
	return keys
		.filter((k) => columns.includes(k.from))
		.map((k) => ({ column: columns.indexOf(k.from), table: k.table, to: k.to ?? 'rowid' }));
}

/**
 * Runs `write` (which opens its own transaction) with SQLite's per-row foreign-key look-ups off;
 * every `insertRows` in it checks its references by distinct value instead. Other statements in
 * `write` are not checked: it must write references only through `insertRows` or values it has
 * just read in the same transaction.
 */
export function withBulkForeignKeyChecks<T>(client: Database.Database, write: () => T): T {
	if (client.inTransaction) throw new Error('withBulkForeignKeyChecks must open the transaction itself');
	client.pragma('foreign_keys = OFF');
	checkedInBulk.add(client);
	try {
		return write();
	} finally {
		checkedInBulk.delete(client);
		client.pragma('foreign_keys = ON');
	}
}

/**
 * Inserts `rows` (each a value per column of `columns`, in order) into `table`, with `constants`
 * (column → value) the same on every row, in one statement. Returns the number of rows inserted.
 * With `orderBy` (one of `columns`) the rows go in that column's order, and so get their ids in it:
 * the indexes that start with or follow that column then grow at one end instead of at random
 * places (a contact import's name index and its owner's and team's name indexes: ~40 % of the insert).
 * Table and column names are the caller's own identifiers, never input.
 */
export function insertRows(
	client: Database.Database,
	table: string,
	columns: string[],
	rows: Iterable<BulkValue[]>,
	constants: Record<string, BulkValue> = {},
	orderBy?: string
): number {
	const source = sourceTable(client, columns.length);
	const fixed = Object.keys(constants);
	const order = orderBy ? columns.indexOf(orderBy) : -1;
	if (orderBy && order < 0) throw new Error(`insertRows: ${orderBy} is not one of the columns`);
	const insert = client.prepare(
		`INSERT INTO ${table} (${[...columns, ...fixed].join(', ')}) SELECT ${[
			...columns.map((_, i) => `c${i}`),
			...fixed.map(() => '?')
		].join(', ')} FROM ${source}(?)${order >= 0 ? ` ORDER BY c${order}` : ''}`
	);
	const references = checkedInBulk.has(client) ? referencesOf(client, table, columns) : [];
	const referenced = references.map(() => new Set<BulkValue>());
	function* noting() {
		for (const row of rows) {
			for (let i = 0; i < references.length; i++) {
				const value = row[references[i].column];
				if (value !== null) referenced[i].add(value);
			}
			yield row;
		}
	}
	const key = nextKey++;
	pending.set(key, references.length ? noting() : rows);
	try {
		// A savepoint (or a transaction of its own): a missing reference undoes the rows.
		return client.transaction(() => {
			const written = insert.run(...fixed.map((c) => constants[c]), key).changes;
			references.forEach((ref, i) => {
				if (!referenced[i].size) return;
				const missing = client
					.prepare(
						`SELECT k.value FROM json_each(?) k WHERE NOT EXISTS (SELECT 1 FROM ${ref.table} p WHERE p.${ref.to} = k.value) LIMIT 1`
					)
					.get(JSON.stringify([...referenced[i]]));
				if (missing)
					throw new Database.SqliteError('FOREIGN KEY constraint failed', 'SQLITE_CONSTRAINT_FOREIGNKEY');
			});
			return written;
		})();
	} finally {
		pending.delete(key);
	}
}
