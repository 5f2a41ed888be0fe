import { describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../db/seed';
import { ensureBuiltInRoles } from '$lib/server/auth/bootstrap';
import { openDatabase } from '$lib/server/db';
import { BUILT_IN_ROLES } from '$lib/permissions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function seeded() {
	const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'uptake-seed-')), 'seed.sqlite'));
	ensureBuiltInRoles(db);
	const report = await seedDemo(db, new Date(Date.UTC(2026, 10, 23, 18)));
	return { db, report };
}

describe('demo organisation', () => {
	it('is deterministic', async () => {
		const a = await seeded();
		const b = await seeded();
		const people = (x: typeof a) =>
			x.db.$client.prepare('SELECT email, name, role_id, team_id FROM user ORDER BY id').all();
		const usage = (x: typeof a) =>
			x.db.$client
				.prepare('SELECT day, user_id, module, action, count FROM usage_daily ORDER BY 1, 2, 3, 4')
				.all();
		expect(people(a)).toEqual(people(b));
		expect(usage(a)).toEqual(usage(b));
		expect(a.report).toEqual(b.report);
	}, 30_000);

	it('has 8+ teams, 120+ users in every role, names in five languages, and 180 days of usage', async () => {
		const { db, report } = await seeded();
		expect(report.teams).toBeGreaterThanOrEqual(8);
		expect(report.users).toBeGreaterThanOrEqual(120);
		const roles = db.$client
			.prepare('SELECT DISTINCT r.name FROM user u JOIN role r ON r.id = u.role_id')
			.pluck()
			.all();
		expect(roles.sort()).toEqual([...BUILT_IN_ROLES].sort());
		const names = db.$client.prepare('SELECT name FROM user').pluck().all() as string[];
		expect(names.some((n) => /[ạ-ỹĐđ]/u.test(n))).toBe(true); // Vietnamese
		expect(names.some((n) => /\p{Script=Cyrillic}/u.test(n))).toBe(true);
		expect(names.some((n) => /\p{Script=Han}/u.test(n))).toBe(true);
		expect(names.some((n) => /\p{Script=Tamil}/u.test(n))).toBe(true);
		const days = db.$client
			.prepare('SELECT min(day), max(day), count(DISTINCT day) FROM usage_daily')
			.raw()
			.get();
		expect(days).toEqual(['2026-05-28', '2026-11-23', expect.any(Number)]);
		expect(report.usageEvents).toBeGreaterThan(50_000);
		expect(DEMO.days).toBe(180);
	}, 30_000);

	it('shows teams that adopt and teams that lag', async () => {
		const { db } = await seeded();
		const rate = db.$client
			.prepare(
				`SELECT t.name, 1.0 * count(DISTINCT d.user_id) / (SELECT count(*) FROM user u WHERE u.team_id = t.id) AS rate
				 FROM team t LEFT JOIN usage_daily d ON d.team_id = t.id AND d.day >= '2026-11-17' GROUP BY t.id`
			)
			.all() as { name: string; rate: number }[];
		const of = (name: string) => rate.find((r) => r.name === name)!.rate;
		expect(of('Sales North')).toBeGreaterThan(0.7);
		expect(of('Sales South')).toBeLessThan(0.6);
		expect(of('Field Service')).toBeLessThan(0.6);
	}, 30_000);
});
