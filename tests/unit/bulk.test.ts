import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { insertRows, withBulkForeignKeyChecks } from '$lib/server/db/bulk';

describe('inserting many rows in one statement', () => {
	const open = () => {
		const sqlite = new Database(':memory:');
		sqlite.pragma('foreign_keys = ON');
		sqlite.exec(`
			CREATE TABLE owner (id INTEGER PRIMARY KEY);
			INSERT INTO owner (id) VALUES (1), (2);
			CREATE TABLE item (
				id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount INTEGER, owner_id INTEGER REFERENCES owner(id),
				created_at INTEGER NOT NULL
			);`);
		return sqlite;
	};
	const items = (sqlite: Database.Database) =>
		sqlite
			.prepare('SELECT name, amount, typeof(amount) AS type, owner_id, created_at FROM item ORDER BY id')
			.all();

	it('writes every row in order, with the constants on each and integers kept as integers', () => {
		const sqlite = open();
		const written = insertRows(
			sqlite,
			'item',
			['name', 'amount', 'owner_id'],
			[
				['Ana', 12, 1],
				['Сергей', null, 2]
			],
			{ created_at: 1700 }
		);
		expect(written).toBe(2);
		expect(items(sqlite)).toEqual([
			{ name: 'Ana', amount: 12, type: 'integer', owner_id: 1, created_at: 1700 },
			{ name: 'Сергей', amount: null, type: 'null', owner_id: 2, created_at: 1700 }
		]);
	});

	it('writes the rows in the order of a column when asked, their ids following it', () => {
		const sqlite = open();
		insertRows(
			sqlite,
			'item',
			['name', 'amount'],
			[
				['Смирнов', 1],
				['Anh', 2],
				['Lê', 3]
			],
			{ created_at: 1 },
			'name'
		);
		expect(sqlite.prepare('SELECT name FROM item ORDER BY id').pluck().all()).toEqual([
			'Anh',
			'Lê',
			'Смирнов'
		]);
		expect(() => insertRows(sqlite, 'item', ['name'], [['x']], { created_at: 1 }, 'amount')).toThrow(
			/not one of the columns/
		);
	});

	it('reads rows from a generator, and writes nothing for none', () => {
		const sqlite = open();
		function* rows() {
			for (let i = 0; i < 1000; i++) yield [`n${i}`, i, 1];
		}
		expect(insertRows(sqlite, 'item', ['name', 'amount', 'owner_id'], rows(), { created_at: 1 })).toBe(1000);
		expect(insertRows(sqlite, 'item', ['name', 'amount', 'owner_id'], [], { created_at: 1 })).toBe(0);
		expect(sqlite.prepare('SELECT count(*) FROM item').pluck().get()).toBe(1000);
	});

	it('is one statement: a row that breaks a constraint leaves none of the others', () => {
		const sqlite = open();
		const insert = (ownerId: number) =>
			insertRows(
				sqlite,
				'item',
				['name', 'amount', 'owner_id'],
				[
					['ok', 1, 1],
					['bad', 2, ownerId]
				],
				{ created_at: 1 }
			);
		expect(() => insert(99)).toThrow(/FOREIGN KEY/);
		expect(items(sqlite)).toEqual([]);
		// The failed statement's rows are not left behind for the next one.
		expect(insert(2)).toBe(2);
		expect(items(sqlite).map((r) => (r as { name: string }).name)).toEqual(['ok', 'bad']);
	});

	it('refuses rows whose generator writes to the database meanwhile, and writes none of them', () => {
		const sqlite = open();
		sqlite.exec('CREATE TABLE other (label TEXT)');
		function* rows() {
			insertRows(sqlite, 'other', ['label'], [['inner']]);
			yield ['outer', 1, 1];
		}
		// SQLite does not allow a write while the outer statement runs: refused, nothing written.
		expect(() =>
			insertRows(sqlite, 'item', ['name', 'amount', 'owner_id'], rows(), { created_at: 1 })
		).toThrow();
		expect(items(sqlite)).toEqual([]);
		expect(insertRows(sqlite, 'other', ['label'], [['after']])).toBe(1);
	});

	it('checks references by distinct value when the per-row look-ups are off, refusing as SQLite would', () => {
		const sqlite = open();
		const insert = (owners: (number | null)[]) =>
			withBulkForeignKeyChecks(sqlite, () =>
				sqlite.transaction(() => {
					sqlite.prepare("INSERT INTO item (name, created_at) VALUES ('before', 0)").run();
					return insertRows(
						sqlite,
						'item',
						['name', 'owner_id'],
						owners.map((o, i) => [`n${i}`, o]),
						{ created_at: 1 }
					);
				})()
			);
		expect(() => insert([1, 2, 7, 1])).toThrow(
			expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })
		);
		// The whole transaction is refused, and SQLite checks each row again afterwards.
		expect(items(sqlite)).toEqual([]);
		expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(() =>
			sqlite.prepare("INSERT INTO item (name, owner_id, created_at) VALUES ('x', 9, 0)").run()
		).toThrow(/FOREIGN KEY/);

		expect(insert([1, 2, null, 2])).toBe(4);
		expect(items(sqlite).map((r) => (r as { owner_id: number | null }).owner_id)).toEqual([
			null,
			1,
			2,
			null,
			2
		]);
		expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
	});

	it('turns the look-ups off only around a transaction of its own', () => {
		const sqlite = open();
		expect(() => sqlite.transaction(() => withBulkForeignKeyChecks(sqlite, () => 1))()).toThrow(
			/open the transaction itself/
		);
		expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
	});
});
