import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { keepStatements } from '$lib/server/db/statements';

describe('kept statements', () => {
	const open = () => {
		const sqlite = new Database(':memory:');
		sqlite.exec(
			"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('b')"
		);
		keepStatements(sqlite, 2);
		return sqlite;
	};

	it('hands out the same statement for the same SQL, with rows as objects again', () => {
		const sqlite = open();
		const sql = 'SELECT id, name FROM t ORDER BY id';
		expect(sqlite.prepare(sql).pluck().all()).toEqual([1, 2]);
		expect(sqlite.prepare(sql).raw().all()).toEqual([
			[1, 'a'],
			[2, 'b']
		]);
		expect(sqlite.prepare(sql).all()).toEqual([
			{ id: 1, name: 'a' },
			{ id: 2, name: 'b' }
		]);
		expect(sqlite.prepare(sql)).toBe(sqlite.prepare(sql));
	});

	it('never hands out a statement that is still being iterated, and keeps only the most recent', () => {
		const sqlite = open();
		const sql = 'SELECT name FROM t ORDER BY id';
		const outer = sqlite.prepare(sql);
		const names: string[] = [];
		for (const row of outer.iterate() as Iterable<{ name: string }>) {
			const inner = sqlite.prepare(sql);
			expect(inner).not.toBe(outer);
			names.push(row.name);
		}
		expect(names).toEqual(['a', 'b']);
		const first = sqlite.prepare('SELECT 1');
		sqlite.prepare('SELECT 2');
		sqlite.prepare('SELECT 3');
		expect(sqlite.prepare('SELECT 1')).not.toBe(first);
	});
});
