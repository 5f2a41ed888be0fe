import { beforeAll, describe, expect, it } from 'vitest';
import { previewCourse } from '$lib/server/training/assignment';
import { schema } from '$lib/server/db';
import { headline, population, use28 } from '$lib/server/adoption/metrics';
import { utcDay, weekOf } from '$lib/server/audit/usage';
import { DEMO, seedDemo } from '../../db/seed';
import { DEMO_TEAMS } from '../../db/seed/teams';
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

// Each seed takes seconds: the read-only checks below share one database, and the determinism
// checks compare it with a second.
let first: ReturnType<typeof seeded> | undefined;
let second: ReturnType<typeof seeded> | undefined;
const seededOnce = () => (first ??= seeded());
const seededAgain = () => (second ??= seeded());

describe('demo organisation', () => {
	beforeAll(async () => {
		await Promise.all([seededOnce(), seededAgain()]);
	}, 120_000);

	it('is deterministic', async () => {
		const a = await seededOnce();
		const b = await seededAgain();
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
		const { db, report } = await seededOnce();
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
		const { db } = await seededOnce();
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

describe('demo adoption story', () => {
	const anchor = Date.UTC(2026, 10, 23, 18);
	const today = '2026-11-23';
	const DAY = 86_400_000;
	/** The first of the last 14 days (UTC), as epoch ms and as a day. */
	const fortnight = Date.UTC(2026, 10, 10);
	let x: Awaited<ReturnType<typeof seeded>>;
	beforeAll(async () => {
		x = await seededOnce();
	}, 60_000);
	const all = <T>(sql: string, ...params: unknown[]) => x.db.$client.prepare(sql).all(...params) as T[];
	const one = (sql: string, ...params: unknown[]) =>
		x.db.$client
			.prepare(sql)
			.pluck()
			.get(...params) as number;
	const teamId = (name: string) => one('SELECT id FROM team WHERE name = ?', name);
	/** Monday of the week `days` days from the anchor's day (negative: before). */
	const weekAt = (days: number) => weekOf(utcDay(Date.UTC(2026, 10, 23) + days * DAY));
	const plusWeeks = (week: string, n: number) => utcDay(Date.parse(`${week}T00:00:00Z`) + n * 7 * DAY);
	/** People of a team active in each week (usage_user_week), by week. */
	const wau = (team: string, weeks: string[]) => {
		const rows = all<{ week: string; n: number }>(
			`SELECT w.week, count(*) AS n FROM usage_user_week w JOIN user u ON u.id = w.user_id
			 WHERE u.team_id = ? GROUP BY w.week`,
			teamId(team)
		);
		return weeks.map((week) => rows.find((r) => r.week === week)?.n ?? 0);
	};

	it('tells one story: each team goes live on its phase’s start, only its key users before', () => {
		const phases = all<{ id: number; start: string; end: string; status: string }>(
			'SELECT id, start_date AS start, end_date AS end, status FROM phase ORDER BY position'
		);
		expect(phases.map((p) => p.status)).toEqual(['closed', 'active', 'active', 'planned']);
		phases.forEach((p, i) => {
			expect(p.end > p.start).toBe(true);
			if (i) expect(p.start > phases[i - 1].start).toBe(true);
			if (p.status === 'closed') expect(p.end < today).toBe(true);
			if (p.status === 'active') expect(p.start <= today && today <= p.end).toBe(true);
			if (p.status === 'planned') expect(p.start > today).toBe(true);
		});
		const offset = (day: string) =>
			Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(2026, 10, 23)) / DAY);
		const early: string[] = [];
		for (const team of DEMO_TEAMS) {
			const [{ first }] = all<{ first: string | null }>(
				'SELECT min(p.start_date) AS first FROM phase p JOIN phase_team pt ON pt.phase_id = p.id WHERE pt.team_id = ?',
				teamId(team.name)
			);
			if (!first) continue;
			// A team in a phase still to come that uses the CRM already: an early adopter (teams.ts).
			if (first > today) early.push(team.name);
			else expect(team.goLiveDay, team.name).toBe(offset(first));
			if (!team.headcount) continue;
			// Before the go-live week, nobody but the team's key users (four in the pilot team, two else).
			const weeks = wau(
				team.name,
				Array.from({ length: 4 }, (_, i) => plusWeeks(weekAt(team.goLiveDay), i - 4))
			);
			for (const n of weeks) expect(n, team.name).toBeLessThanOrEqual(team.pilot ? 4 : 2);
		}
		expect(early).toEqual(['Marketing', 'Finance', 'Management']);
	});

	it('has a handful of licensed people who never signed in, and a few who lapsed', () => {
		const never = one(
			'SELECT count(*) FROM user u WHERE u.active AND NOT EXISTS (SELECT 1 FROM usage_user x WHERE x.user_id = u.id)'
		);
		expect(never).toBeGreaterThanOrEqual(4);
		expect(never).toBeLessThanOrEqual(7);
		const lapsed = one('SELECT count(*) FROM usage_user WHERE last_at < ?', fortnight);
		expect(lapsed).toBeGreaterThanOrEqual(3);
		expect(lapsed).toBeLessThanOrEqual(8);
	});

	it('puts a team over its phase target and one under it in the last 7 days', () => {
		const phase = all<{ team: string; target: number }>(
			`SELECT t.name AS team, p.adoption_target AS target FROM phase p
			 JOIN phase_team pt ON pt.phase_id = p.id JOIN team t ON t.id = pt.team_id WHERE p.status = 'active'`
		);
		const rate = (team: string) => {
			const people = population(x.db, { teamIds: [teamId(team)] });
			return headline(people, use28(x.db, today)).rate!;
		};
		const target = (team: string) => phase.find((p) => p.team === team)!.target / 100;
		expect(rate('Sales North')).toBeGreaterThanOrEqual(target('Sales North'));
		expect(rate('Inside Sales')).toBeGreaterThanOrEqual(target('Inside Sales'));
		expect(rate('Sales South')).toBeLessThan(target('Sales South') - 0.15);
		// Under target for months: no week of the sales phase (its last 12 weeks) reached it.
		const licensed = population(x.db, { teamIds: [teamId('Sales South')] }).length;
		const weeks = Array.from({ length: 12 }, (_, i) => plusWeeks(weekAt(0), i - 12));
		for (const n of wau('Sales South', weeks)) expect(n / licensed).toBeLessThan(target('Sales South'));
	});

	it('shows Key Accounts slumping for four weeks and climbing back', () => {
		const team = DEMO_TEAMS.find((t) => t.name === 'Key Accounts')!;
		const dip = team.dip!;
		const first = weekAt(dip.from);
		// The three weeks before the slump are weeks the team was live (it went live with the sales
		// phase), and the two after its recovery have ended by the anchor.
		expect(team.goLiveDay).toBeLessThan(dip.from - 21);
		expect(plusWeeks(first, 8) <= today).toBe(true);
		const before = wau(
			'Key Accounts',
			[-3, -2, -1].map((n) => plusWeeks(first, n))
		);
		const during = wau(
			'Key Accounts',
			[0, 1, 2, 3].map((n) => plusWeeks(first, n))
		);
		const after = wau(
			'Key Accounts',
			[6, 7].map((n) => plusWeeks(first, n))
		);
		expect(Math.max(...during)).toBeLessThan(Math.min(...before));
		expect(Math.max(...during)).toBeLessThan(Math.min(...after));
		expect(Math.min(...after)).toBeGreaterThanOrEqual(Math.max(...before) - 1);
	});

	it('lifts Customer Service in its go-live week', () => {
		const week = weekAt(DEMO_TEAMS.find((t) => t.name === 'Customer Service')!.goLiveDay);
		const [before, live] = wau('Customer Service', [plusWeeks(week, -1), week]);
		expect(live).toBeGreaterThanOrEqual(2 * before);
		expect(live - before).toBeGreaterThanOrEqual(6);
	});

	it('has a careless team: busy, but its contacts and deals lack key fields far more often', () => {
		const gaps = all<{ team: string; phone: number; email: number; close: number; contact: number }>(
			`SELECT t.name AS team, avg(c.phone = '') AS phone, avg(c.email = '') AS email,
			 (SELECT avg(d.close_date IS NULL) FROM deal d WHERE d.team_id = t.id) AS close,
			 (SELECT avg(d.contact_id IS NULL) FROM deal d WHERE d.team_id = t.id) AS contact
			 FROM contact c JOIN team t ON t.id = c.team_id GROUP BY t.id`
		);
		const careless = gaps.find((g) => g.team === 'Inside Sales')!;
		const others = gaps.filter((g) => g.team !== 'Inside Sales');
		expect(others.length).toBeGreaterThanOrEqual(5);
		expect(careless.phone).toBeGreaterThan(0.3);
		expect(careless.email).toBeGreaterThan(0.2);
		expect(careless.close).toBeGreaterThan(0.2);
		expect(careless.contact).toBeGreaterThan(0.15);
		for (const o of others) {
			expect(o.phone, o.team).toBeLessThan(0.1);
			expect(o.email, o.team).toBeLessThan(0.1);
			if (o.close !== null) expect(o.close, o.team).toBeLessThan(0.1);
		}
		// …while being among the busiest: 7-day rate and core actions per head like Sales North's.
		const core = (team: string) =>
			one(
				`SELECT 1.0 * sum(d.core) / (SELECT count(*) FROM user u WHERE u.team_id = ?) FROM usage_user_day d
				 JOIN user u ON u.id = d.user_id WHERE u.team_id = ? AND d.day >= '2026-10-27'`,
				teamId(team),
				teamId(team)
			);
		expect(core('Inside Sales')).toBeGreaterThan(0.7 * core('Sales North'));
	});

	it('changes only where the app makes changes, by the people whose work it is', () => {
		expect(
			one(
				"SELECT count(*) FROM usage_event WHERE action <> 'view' AND module IN ('crm.search', 'home', 'adoption')"
			)
		).toBe(0);
		expect(
			one(
				`SELECT count(*) FROM usage_event WHERE action <> 'view' AND NOT (
				 module IN ('crm.activities', 'crm.deals', 'crm.contacts', 'crm.companies', 'crm.cases', 'crm.campaigns')
				 OR module LIKE 'rollout.%' OR module LIKE 'training.%' OR module LIKE 'admin.%')`
			)
		).toBe(0);
		expect(one("SELECT count(*) FROM usage_event WHERE action NOT IN ('view', 'create', 'update')")).toBe(0);
		const changers = (module: string) =>
			all<{ name: string }>(
				`SELECT DISTINCT t.name FROM usage_event e JOIN team t ON t.id = e.team_id
				 WHERE e.module LIKE ? AND e.action <> 'view' ORDER BY 1`,
				module
			).map((r) => r.name);
		expect(changers('crm.cases')).toEqual(['Customer Service', 'Field Service']);
		expect(changers('crm.campaigns')).toEqual(['Marketing']);
		expect(changers('rollout.%')).toEqual(['Management', 'Project Office']);
		// Every change follows a view of its page by its person earlier that day.
		expect(
			one(
				`SELECT count(*) FROM usage_daily c WHERE c.action <> 'view' AND NOT EXISTS (
				 SELECT 1 FROM usage_daily v WHERE v.day = c.day AND v.user_id = c.user_id AND v.module = c.module AND v.action = 'view')`
			)
		).toBe(0);
	});

	it('has a few people who keep looking but have done no core action for two weeks, in two teams', () => {
		const idle = all<{ team: string }>(
			`SELECT t.name AS team FROM user u JOIN team t ON t.id = u.team_id JOIN usage_user x ON x.user_id = u.id
			 WHERE u.role_id IN (SELECT role_id FROM core_action) AND coalesce(x.last_core_at, 0) < ?
			 AND (SELECT count(DISTINCT date(e.at / 1000, 'unixepoch')) FROM usage_event e
			      WHERE e.user_id = u.id AND e.at >= ?) >= 3`,
			fortnight,
			fortnight
		);
		expect(idle.length).toBeGreaterThanOrEqual(3);
		expect(idle.length).toBeLessThanOrEqual(6);
		expect(new Set(idle.map((i) => i.team)).size).toBeGreaterThanOrEqual(2);
	});

	it('has working reps do a few core actions on most active days, fewer in the lagging teams', () => {
		const reps = (team: string) =>
			all<{ days: number; coreDays: number; core: number }>(
				`SELECT sum(w.days) AS days, sum(w.core_days) AS coreDays, sum(w.core) AS core FROM usage_user_week w
				 JOIN user u ON u.id = w.user_id JOIN role r ON r.id = u.role_id
				 WHERE r.name = 'rep' AND u.team_id = ? AND w.week >= '2026-10-26'`,
				teamId(team)
			)[0];
		const north = reps('Sales North');
		expect(north.coreDays / north.days).toBeGreaterThan(0.8);
		expect(north.core / north.coreDays).toBeGreaterThanOrEqual(2);
		for (const team of ['Sales South', 'Field Service']) {
			const lag = reps(team);
			expect(lag.core / lag.coreDays, team).toBeLessThan(0.6 * (north.core / north.coreDays));
		}
		// A rep's changes: activities logged most, deals moved next, contacts added now and then.
		const changes = all<{ module: string; action: string; n: number }>(
			`SELECT e.module, e.action, count(*) AS n FROM usage_event e JOIN user u ON u.id = e.user_id
			 JOIN role r ON r.id = u.role_id JOIN team t ON t.id = u.team_id
			 WHERE r.name = 'rep' AND t.name = 'Sales North' AND e.action <> 'view' GROUP BY 1, 2 ORDER BY 3 DESC`
		);
		expect(changes.slice(0, 2).map((c) => `${c.module} ${c.action}`)).toEqual([
			'crm.activities create',
			'crm.deals update'
		]);
		expect(changes.find((c) => c.module === 'crm.contacts' && c.action === 'create')!.n).toBeGreaterThan(0);
		// Managers record less than their reps.
		const perDay = (role: string) =>
			one(
				`SELECT 1.0 * sum(d.core) / count(*) FROM usage_user_day d JOIN user u ON u.id = d.user_id
				 JOIN role r ON r.id = u.role_id WHERE r.name = ? AND d.day >= '2026-10-26'`,
				role
			);
		expect(perDay('manager')).toBeLessThan(perDay('rep') / 2);
		expect(anchor).toBeGreaterThan(fortnight);
	});
});

describe('demo training', () => {
	const anchor = Date.UTC(2026, 10, 23, 18);
	let a: Awaited<ReturnType<typeof seeded>>;
	let b: Awaited<ReturnType<typeof seeded>>;
	beforeAll(async () => {
		a = await seededOnce();
		b = await seededAgain();
	}, 120_000);
	const all = (sql: string, x = a) => x.db.$client.prepare(sql).all();
	const one = (sql: string) => a.db.$client.prepare(sql).pluck().get() as number;

	it('is deterministic', () => {
		for (const sql of [
			'SELECT * FROM course ORDER BY id',
			'SELECT * FROM enrollment ORDER BY id',
			'SELECT * FROM training_session ORDER BY id',
			'SELECT * FROM session_seat ORDER BY session_id, user_id',
			'SELECT * FROM attendance ORDER BY session_id, user_id',
			'SELECT user_id, session_id, text, created_at, read_at FROM training_notice ORDER BY id',
			'SELECT * FROM phase_criterion ORDER BY id'
		])
			expect(all(sql, a)).toEqual(all(sql, b));
	});

	it('has 12+ courses in every format, aimed at roles, teams, rollout roles and phases', () => {
		expect(one('SELECT count(*) FROM course')).toBeGreaterThanOrEqual(12);
		expect(
			all('SELECT DISTINCT format FROM course ORDER BY 1').map((r) => (r as { format: string }).format)
		).toEqual(['classroom', 'link', 'live_online', 'self_paced']);
		for (const where of [
			'archived',
			'NOT required',
			"completion = 'trainer' AND format = 'self_paced'",
			'pass_mark IS NOT NULL',
			'due_before_phase_days IS NOT NULL',
			'json_array_length(prerequisites) > 0',
			"json_array_length(audience, '$.roles') > 0",
			"json_array_length(audience, '$.teams') > 0",
			"json_array_length(audience, '$.projectRoles') > 0",
			"json_array_length(audience, '$.phases') > 0"
		])
			expect(one(`SELECT count(*) FROM course WHERE ${where}`), where).toBeGreaterThan(0);
		// Prerequisites name earlier courses only: no cycles.
		expect(one('SELECT count(*) FROM course c, json_each(c.prerequisites) p WHERE p.value >= c.id')).toBe(0);
		expect(
			one(
				"SELECT count(*) FROM course c, json_each(c.materials) m WHERE m.value ->> 'url' NOT LIKE 'https://%'"
			)
		).toBe(0);
		// Owned by a trainer, in the trainer's team.
		expect(
			one(
				"SELECT count(*) FROM course c JOIN user u ON u.id = c.owner_id JOIN role r ON r.id = u.role_id WHERE r.name <> 'trainer' OR c.team_id IS NOT u.team_id"
			)
		).toBe(0);
	});

	it('has 30+ sessions held and to come, with rosters, attendance, a waitlist, a cancellation and a clash', () => {
		expect(one('SELECT count(*) FROM training_session')).toBeGreaterThanOrEqual(30);
		expect(one(`SELECT count(*) FROM training_session WHERE ends_at < ${anchor}`)).toBeGreaterThanOrEqual(15);
		expect(one(`SELECT count(*) FROM training_session WHERE starts_at > ${anchor}`)).toBeGreaterThanOrEqual(
			8
		);
		expect(
			one(
				"SELECT count(*) FROM training_session s JOIN course c ON c.id = s.course_id WHERE c.format NOT IN ('classroom', 'live_online') OR (c.format = 'classroom' AND s.place = '') OR (c.format = 'live_online' AND s.link NOT LIKE 'https://meet.%') OR s.capacity NOT BETWEEN 8 AND 20"
			)
		).toBe(0);
		expect(
			all('SELECT DISTINCT status FROM attendance ORDER BY 1').map((r) => (r as { status: string }).status)
		).toEqual(['absent', 'excused', 'late', 'present']);
		expect(one("SELECT count(*) FROM attendance WHERE remark <> ''")).toBeGreaterThan(0);
		// Attendance only on sessions held; none for sessions to come.
		expect(
			one(
				`SELECT count(*) FROM attendance a JOIN training_session s ON s.id = a.session_id WHERE s.starts_at > ${anchor}`
			)
		).toBe(0);
		const full = one(
			`SELECT count(*) FROM training_session s WHERE s.starts_at > ${anchor}
			 AND (SELECT count(*) FROM session_seat x WHERE x.session_id = s.id AND x.status = 'enrolled') = s.capacity
			 AND EXISTS (SELECT 1 FROM session_seat x WHERE x.session_id = s.id AND x.status = 'waitlisted')`
		);
		expect(full).toBeGreaterThanOrEqual(1);
		const cancelled = all(
			`SELECT s.id, s.sequence, (SELECT count(*) FROM session_seat x WHERE x.session_id = s.id) AS seats,
			 (SELECT count(*) FROM training_notice n WHERE n.session_id = s.id) AS notices
			 FROM training_session s WHERE s.status = 'cancelled'`
		) as { sequence: number; seats: number; notices: number }[];
		expect(cancelled).toHaveLength(1);
		expect(cancelled[0].sequence).toBe(1);
		expect(cancelled[0].seats).toBeGreaterThan(0);
		expect(cancelled[0].notices).toBe(cancelled[0].seats);
		const clashes = all(
			`SELECT a.id, b.id AS other, a.trainer_id = b.trainer_id AS sameTrainer FROM training_session a
			 JOIN training_session b ON b.id > a.id AND a.status = 'scheduled' AND b.status = 'scheduled'
			 AND b.starts_at < a.ends_at AND a.starts_at < b.ends_at
			 AND (b.trainer_id = a.trainer_id OR (a.place <> '' AND a.place = b.place))`
		) as { sameTrainer: number }[];
		expect(clashes).toEqual([expect.objectContaining({ sameTrainer: 1 })]);
		expect(
			one(
				`SELECT min(starts_at) FROM training_session WHERE id IN (${Object.values(clashes[0]).slice(0, 2).join(', ')})`
			)
		).toBeGreaterThan(anchor);
	});

	it('has enrollments in every state, some overdue, some waiting for a trainer, none dated after the anchor', () => {
		expect(
			all('SELECT DISTINCT state FROM enrollment ORDER BY 1').map((r) => (r as { state: string }).state)
		).toEqual(['assigned', 'completed', 'in_progress', 'withdrawn']);
		expect(
			one(
				"SELECT count(*) FROM enrollment WHERE state IN ('assigned', 'in_progress') AND due_date < '2026-11-23'"
			)
		).toBeGreaterThan(10);
		expect(
			one("SELECT count(*) FROM enrollment WHERE state = 'in_progress' AND submitted_at IS NOT NULL")
		).toBeGreaterThan(0);
		expect(one("SELECT count(*) FROM enrollment WHERE source = 'hand'")).toBeGreaterThan(0);
		expect(
			one("SELECT count(*) FROM enrollment WHERE state = 'completed' AND score IS NOT NULL")
		).toBeGreaterThan(0);
		expect(
			one(
				`SELECT count(*) FROM enrollment WHERE assigned_at >= ${anchor} OR completed_at > ${anchor}
				 OR completed_at < assigned_at OR (state = 'completed') <> (completed_at IS NOT NULL AND completed_by IS NOT NULL)
				 OR (state = 'withdrawn') <> (withdrawn_at IS NOT NULL)`
			)
		).toBe(0);
		expect(
			one(`SELECT count(*) FROM enrollment WHERE assigned_at < ${anchor - 120 * 86_400_000}`)
		).toBeGreaterThan(0);
	});

	it('puts the teams that lag in adoption behind on training too', () => {
		const rate = all(
			`SELECT t.name, 1.0 * sum(e.state = 'completed') / count(*) AS rate FROM enrollment e
			 JOIN course c ON c.id = e.course_id JOIN user u ON u.id = e.user_id JOIN team t ON t.id = u.team_id
			 WHERE c.required AND NOT c.archived AND e.state <> 'withdrawn' GROUP BY t.id`
		) as { name: string; rate: number }[];
		const of = (name: string) => rate.find((r) => r.name === name)!.rate;
		expect(of('Sales North')).toBeGreaterThan(0.8);
		expect(of('Sales South')).toBeLessThan(of('Sales North') - 0.25);
		expect(of('Field Service')).toBeLessThan(of('Sales North') - 0.25);
		expect(of('Sales South')).toBeLessThan(of('Inside Sales'));
		expect(of('Field Service')).toBeLessThan(of('Customer Service'));
	});

	it('keeps seats, attendance and enrollments consistent, and agrees with the assignment rule', () => {
		// Seats only for people with an enrollment on the course that is not withdrawn.
		expect(
			one(
				`SELECT count(*) FROM session_seat x JOIN training_session s ON s.id = x.session_id
				 LEFT JOIN enrollment e ON e.user_id = x.user_id AND e.course_id = s.course_id
				 WHERE e.id IS NULL OR e.state = 'withdrawn'`
			)
		).toBe(0);
		expect(
			one(
				`SELECT count(*) FROM training_session s
				 WHERE (SELECT count(*) FROM session_seat x WHERE x.session_id = s.id AND x.status = 'enrolled') > s.capacity`
			)
		).toBe(0);
		expect(
			one(
				`SELECT count(*) FROM attendance a LEFT JOIN session_seat x
				 ON x.session_id = a.session_id AND x.user_id = a.user_id AND x.status = 'enrolled' WHERE x.user_id IS NULL`
			)
		).toBe(0);
		expect(
			one(
				`SELECT count(*) FROM (SELECT x.user_id, s.course_id FROM session_seat x JOIN training_session s ON s.id = x.session_id
				 WHERE s.starts_at > ${anchor} GROUP BY 1, 2 HAVING count(*) > 1)`
			)
		).toBe(0);
		// Present or late completes the course, with that session; a completion by a session has its mark.
		expect(
			one(
				`SELECT count(*) FROM attendance a JOIN training_session s ON s.id = a.session_id
				 JOIN enrollment e ON e.user_id = a.user_id AND e.course_id = s.course_id
				 WHERE a.status IN ('present', 'late') AND e.state <> 'completed'`
			)
		).toBe(0);
		expect(
			one(
				`SELECT count(*) FROM enrollment e LEFT JOIN attendance a ON a.session_id = e.session_id AND a.user_id = e.user_id
				 AND a.status IN ('present', 'late')
				 WHERE e.session_id IS NOT NULL AND (a.user_id IS NULL OR e.completed_at IS NULL)`
			)
		).toBe(0);
		expect(
			one(
				"SELECT count(*) FROM enrollment e JOIN course c ON c.id = e.course_id WHERE c.archived AND e.state IN ('assigned', 'in_progress')"
			)
		).toBe(0);
		// Reconciling now would change nothing: the history is what the rule would keep.
		for (const c of a.db.select().from(schema.course).all())
			expect(previewCourse(a.db, c), c.title).toEqual({ assigned: 0, withdrawn: 0 });
	});

	it('gates a phase on training, measured live', () => {
		expect(
			one(
				"SELECT count(*) FROM phase_criterion WHERE measure = 'training' AND threshold BETWEEN 1 AND 100 AND NOT done"
			)
		).toBeGreaterThanOrEqual(1);
	});
});
