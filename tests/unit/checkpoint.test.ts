import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '$lib/server/db';

describe('the write-ahead log', () => {
	it('is copied into the database file by the background worker, not by a commit', async () => {
		const path = join(mkdtempSync(join(tmpdir(), 'uptake-wal-')), 'wal.sqlite');
		const db = openDatabase(path);
		const sqlite = db.$client;
		try {
			expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
			sqlite.exec('CREATE TABLE filler (data BLOB)');
			const insert = sqlite.prepare('INSERT INTO filler VALUES (randomblob(4096))');
			const before = statSync(path).size;
			// Far past the 1,000 pages at which a commit would have checkpointed by itself.
			sqlite.transaction(() => {
				for (let i = 0; i < 2_000; i++) insert.run();
			})();
			expect(statSync(path).size).toBe(before);
			await expect
				.poll(() => statSync(path).size, { timeout: 5_000, interval: 100 })
				.toBeGreaterThan(before + 2_000 * 4096);
		} finally {
			sqlite.close();
		}
	});
});
