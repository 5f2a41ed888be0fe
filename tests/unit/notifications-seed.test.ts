import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltInRoles } from '$lib/server/auth/bootstrap';
import { openDatabase, type Db } from '$lib/server/db';
import { seedDemo } from '../../db/seed';

const ANCHOR = new Date(Date.UTC(2026, 10, 23, 18));

async function seeded(): Promise<Db> {
	const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'uptake-seed-')), 'seed.sqlite'));
	ensureBuiltInRoles(db);
	await seedDemo(db, ANCHOR);
	return db;
}

let a: Db;
let b: Db;

describe('the demo’s notifications', () => {
	beforeAll(async () => {
		[a, b] = await Promise.all([seeded(), seeded()]);
	}, 120_000);

	const all = (db: Db, query: string) => db.$client.prepare(query).all() as Record<string, unknown>[];
	const one = (db: Db, query: string) => db.$client.prepare(query).get() as Record<string, number>;

	it('has inbox lines read, unread and merged, for the admin too', () => {
		const states = one(
			a,
			`SELECT sum(read_at IS NULL) AS unread, sum(read_at IS NOT NULL) AS read, sum(count > 1) AS merged,
				count(DISTINCT user_id) AS people FROM notification`
		);
		expect(states.unread).toBeGreaterThan(10);
		expect(states.read).toBeGreaterThan(10);
		expect(states.merged).toBeGreaterThan(3);
		expect(states.people).toBeGreaterThan(10);
		const admin = one(
			a,
			`SELECT count(*) AS n, sum(n.read_at IS NULL) AS unread FROM notification n JOIN user u ON u.id = n.user_id
				WHERE u.email = 'admin@northwind.example'`
		);
		expect(admin.n).toBeGreaterThan(5);
		expect(admin.unread).toBeGreaterThan(0);
		// What the replayed history notified months ago is read by now (only a few older lines stay unread).
		expect(
			one(
				a,
				`SELECT count(*) AS n FROM notification WHERE read_at IS NULL AND updated_at < ${ANCHOR.getTime() - 3 * 86_400_000}`
			).n
		).toBeLessThan(20);
	});

	it('has mail sent, waiting, failed with the reason, and unknown', () => {
		const byStatus = Object.fromEntries(
			all(a, 'SELECT status, count(*) AS n FROM mail_outbox GROUP BY status').map((r) => [r.status, r.n])
		);
		expect(byStatus).toMatchObject({
			sent: expect.any(Number),
			pending: expect.any(Number),
			failed: 2,
			unknown: 1
		});
		expect(all(a, "SELECT last_error FROM mail_outbox WHERE status = 'failed' ORDER BY id")).toEqual([
			{ last_error: 'Refused by the SMTP server: 550 5.1.1 Mailbox unavailable' },
			{ last_error: 'Timed out: the SMTP server did not answer within 10 s.' }
		]);
		expect(one(a, "SELECT count(*) AS n FROM mail_outbox WHERE status = 'sending'").n).toBe(0);
	});

	it('is deterministic', () => {
		const rows = (db: Db) => [
			all(
				db,
				"SELECT user_id, kind, entity_id, params, count, created_at, read_at FROM notification WHERE kind NOT LIKE 'contest.%' ORDER BY id"
			),
			all(
				db,
				'SELECT user_id, to_address, subject, status, attempts, last_error, message_id, created_at FROM mail_outbox ORDER BY id'
			)
		];
		expect(rows(a)).toEqual(rows(b));
	});
});
