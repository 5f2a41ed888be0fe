import { describe, expect, it } from 'vitest';
import { recordUsage, weekOf } from '$lib/server/audit/usage';
import { rebuildRollups } from '$lib/server/adoption/rollups';
import * as users from '$lib/server/admin/users';
import {
	breadth,
	cohortsFrom,
	headline,
	moduleWork,
	modulesUsed,
	population,
	spans,
	timeToFirstCore,
	use28,
	weekly,
	weeklyFrom,
	type WeekCount
} from '$lib/server/adoption/metrics';
import { CHANGE_MODULES, modulesOfBits } from '$lib/adoption';
import { db } from '$lib/server/db';
import { makeActor, makeTeam, roleId } from './helpers';

const DAY = 86_400_000;
/** Noon UTC of a day. */
const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);
const rollups = () => {
	const c = db().$client;
	return {
		daily: c.prepare('SELECT * FROM usage_daily ORDER BY day, user_id, team_id, module, action').all(),
		days: c.prepare('SELECT * FROM usage_user_day ORDER BY user_id, day').all(),
		weeks: c.prepare('SELECT * FROM usage_user_week ORDER BY user_id, week').all(),
		users: c.prepare('SELECT * FROM usage_user ORDER BY user_id').all()
	};
};
const dayRow = (userId: number, day: string) =>
	db()
		.$client.prepare('SELECT events, views, core FROM usage_user_day WHERE user_id = ? AND day = ?')
		.get(userId, day);

describe('the per-user rollups', () => {
	it('count each day’s events, views and core actions of the person’s role, and their weeks', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const viewer = makeActor('viewer', { teamId: team });
		const ev = (userId: number, module: string, action: string, at: number) =>
			recordUsage({ userId, teamId: team, module, action, at });
		// Monday 2026-11-02 and Wednesday 2026-11-04 of one week; Monday 2026-11-09 the next.
		ev(rep.user.id, 'crm.deals', 'view', noon('2026-11-02'));
		ev(rep.user.id, 'crm.activities', 'create', noon('2026-11-02') + 60_000); // core for a rep
		ev(rep.user.id, 'crm.activities', 'create', noon('2026-11-02') + 120_000);
		ev(rep.user.id, 'crm.companies', 'update', noon('2026-11-04')); // not core
		ev(rep.user.id, 'crm.deals', 'update', noon('2026-11-09')); // core
		ev(viewer.user.id, 'crm.activities', 'create', noon('2026-11-04')); // a viewer has no core actions

		expect(dayRow(rep.user.id, '2026-11-02')).toEqual({ events: 3, views: 1, core: 2 });
		// The day's CRM modules, one bit each: deals and activities.
		expect(modulesUsed(db(), '2026-11-02', '2026-11-02', [rep.user.id]).get(rep.user.id)).toEqual(
			new Set(['crm.deals', 'crm.activities'])
		);
		expect(modulesUsed(db(), '2026-11-02', '2026-11-09', [rep.user.id]).get(rep.user.id)).toEqual(
			new Set(['crm.deals', 'crm.activities', 'crm.companies'])
		);
		expect(dayRow(rep.user.id, '2026-11-04')).toEqual({ events: 1, views: 0, core: 0 });
		expect(dayRow(viewer.user.id, '2026-11-04')).toEqual({ events: 1, views: 0, core: 0 });
		const weeks = db()
			.$client.prepare(
				'SELECT week, days, events, core, core_days FROM usage_user_week WHERE user_id = ? ORDER BY week'
			)
			.all(rep.user.id);
		expect(weeks).toEqual([
			{ week: '2026-11-02', days: 2, events: 4, core: 2, core_days: 1 },
			{ week: '2026-11-09', days: 1, events: 1, core: 1, core_days: 1 }
		]);
		const span = spans(db(), [rep.user.id, viewer.user.id]);
		expect(span.get(rep.user.id)).toMatchObject({
			firstAt: noon('2026-11-02'),
			lastAt: noon('2026-11-09'),
			firstCoreAt: noon('2026-11-02') + 60_000,
			lastCoreAt: noon('2026-11-09')
		});
		expect(span.get(viewer.user.id)).toMatchObject({ firstCoreAt: null, lastCoreAt: null });
	});

	it('rebuilt from the raw events equal the live ones, whatever order the events came in', () => {
		const team = makeTeam();
		const people = [makeActor('rep', { teamId: team }), makeActor('manager', { teamId: team })];
		const modules = ['crm.deals', 'crm.activities', 'crm.cases', 'home', 'crm.contacts'];
		const actions = ['view', 'view', 'create', 'update'];
		let at = noon('2026-09-01');
		const events = [];
		for (let i = 0; i < 400; i++) {
			events.push({
				userId: people[i % 2].user.id,
				teamId: team,
				module: modules[(i * 7) % 5],
				action: actions[(i * 3) % 4],
				at
			});
			// Hours apart, and now and then weeks without use (so a week's gap is more than one).
			at += i % 60 === 59 ? 23 * DAY : ((i * 37) % 50) * 3_600_000;
		}
		// Back-dated events too: the order of arrival is a walk through the list 151 steps at a time.
		for (let i = 0; i < 400; i++) recordUsage(events[(i * 151) % 400]);
		const live = rollups();
		expect(live.weeks.length).toBeGreaterThan(10);
		expect(live.weeks.some((w) => (w as { gap: number | null }).gap! > 1)).toBe(true);
		rebuildRollups(db().$client);
		expect(rollups()).toEqual(live);
	});

	it('follow a change of role: core means the core actions of the person’s current role', () => {
		const admin = makeActor('admin');
		const team = makeTeam();
		const person = makeActor('viewer', { teamId: team });
		recordUsage({
			userId: person.user.id,
			teamId: team,
			module: 'crm.deals',
			action: 'create',
			at: noon('2026-10-05')
		});
		expect(dayRow(person.user.id, '2026-10-05')).toMatchObject({ core: 0 });
		const record = users.find(db(), person.user.id)!;
		users.update(
			admin,
			person.user.id,
			{
				email: record.email,
				name: record.name,
				roleId: String(roleId('rep')),
				teamId: String(team),
				title: '',
				locale: 'en'
			},
			record.version
		);
		expect(dayRow(person.user.id, '2026-10-05')).toMatchObject({ core: 1 });
		expect(spans(db(), [person.user.id]).get(person.user.id)?.firstCoreAt).toBe(noon('2026-10-05'));
	});
});

describe('the metrics', () => {
	it('DAU, WAU, MAU, stickiness, rates and depth of the 28 days ending on a day', () => {
		const team = makeTeam();
		const [a, b, c, d] = [1, 2, 3, 4].map(() => makeActor('rep', { teamId: team }));
		makeActor('rep', { teamId: team }); // licensed, never active
		const end = '2026-08-28';
		const at = (day: number) =>
			noon(new Date(Date.parse(`${end}T00:00:00Z`) - day * DAY).toISOString().slice(0, 10));
		// a: active today with a core action and on 9 other days; b: 3 days ago (views only);
		// c: 20 days ago with 2 core actions; d: 40 days ago only (outside the 28 days).
		recordUsage({ userId: a.user.id, teamId: team, module: 'crm.activities', action: 'create', at: at(0) });
		for (let day = 1; day <= 9; day++)
			recordUsage({ userId: a.user.id, teamId: team, module: 'crm.deals', action: 'view', at: at(day) });
		recordUsage({ userId: b.user.id, teamId: team, module: 'crm.deals', action: 'view', at: at(3) });
		recordUsage({ userId: c.user.id, teamId: team, module: 'crm.deals', action: 'create', at: at(20) });
		recordUsage({
			userId: c.user.id,
			teamId: team,
			module: 'crm.deals',
			action: 'update',
			at: at(20) + 1000
		});
		recordUsage({ userId: d.user.id, teamId: team, module: 'crm.deals', action: 'view', at: at(40) });

		const people = population(db(), { teamIds: [team] });
		expect(people).toHaveLength(5);
		const h = headline(
			people,
			use28(
				db(),
				end,
				people.map((p) => p.id)
			)
		);
		expect(h).toMatchObject({
			licensed: 5,
			dau: 1,
			wau: 2,
			mau: 3,
			dauWorking: 1,
			wauWorking: 1,
			mauWorking: 2
		});
		// Active days in the 28: a 10, b 1, c 1 = 12; average DAU 12/28 over a MAU of 3.
		expect(h.stickiness).toBeCloseTo(12 / 28 / 3, 10);
		expect(h.wauOverMau).toBeCloseTo(2 / 3, 10);
		expect(h.rate).toBeCloseTo(2 / 5, 10);
		expect(h.workingRate).toBeCloseTo(1 / 5, 10);
		expect(h.depth).toBe(1); // one core action this week by one working person
	});

	it('weeks: WAU, MAU over four weeks, depth and the lifecycle of each week', () => {
		const w = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'];
		// Person 1: weeks 0, 1 and 3 (5, 3 and 1 days); person 2: week 1 only, their first (2 days);
		// person 3: week 3 (7 days), their previous use seven weeks before (resurrected). By gap:
		const rows: WeekCount[] = [
			{ week: w[0], gap: 0, people: 1, days: 5, core: 10, working: 1 }, // 1, first use
			{ week: w[1], gap: 1, people: 1, days: 3, core: 2, working: 1 }, // 1
			{ week: w[1], gap: 0, people: 1, days: 2, core: 0, working: 0 }, // 2, first use
			{ week: w[3], gap: 2, people: 1, days: 1, core: 1, working: 1 }, // 1, back after week 2
			{ week: w[3], gap: 4, people: 1, days: 7, core: 3, working: 1 } // 3, seven weeks away
		];
		const [, second, third, fourth] = weeklyFrom(rows, 4, w);
		expect(second).toMatchObject({ wau: 2, wauWorking: 1, mau: 2, dauAverage: 5 / 7, depth: 2 });
		expect(second.lifecycle).toEqual({ new: 1, returning: 1, resurrected: 0, dormant: 0 });
		expect(third).toMatchObject({ wau: 0, mau: 2, depth: null, rate: 0 });
		expect(third.lifecycle).toEqual({ new: 0, returning: 0, resurrected: 0, dormant: 2 });
		expect(fourth).toMatchObject({ wau: 2, wauWorking: 2, mau: 3, rate: 0.5, depth: 2 });
		expect(fourth.stickiness).toBeCloseTo(8 / 7 / 3, 10);
		expect(fourth.lifecycle).toEqual({ new: 0, returning: 0, resurrected: 2, dormant: 0 });
	});

	it('weeks read from the rollups match the same figures by hand', () => {
		const team = makeTeam();
		const p = makeActor('rep', { teamId: team });
		recordUsage({
			userId: p.user.id,
			teamId: team,
			module: 'crm.deals',
			action: 'update',
			at: noon('2026-07-06')
		});
		recordUsage({
			userId: p.user.id,
			teamId: team,
			module: 'crm.deals',
			action: 'view',
			at: noon('2026-07-08')
		});
		const [week] = weekly(db(), population(db(), { teamIds: [team] }), [weekOf('2026-07-08')]);
		expect(week).toMatchObject({ week: '2026-07-06', wau: 1, wauWorking: 1, dauAverage: 2 / 7, depth: 1 });
		expect(week.lifecycle.new).toBe(1);
	});

	it('a back-dated event fills the week it falls in, and the lifecycle of the weeks after it follows', () => {
		const team = makeTeam();
		const p = makeActor('rep', { teamId: team });
		const view = (day: string) =>
			recordUsage({ userId: p.user.id, teamId: team, module: 'home', action: 'view', at: noon(day) });
		const weeks = ['2026-06-01', '2026-06-08', '2026-06-15'];
		const lifecycle = () => weekly(db(), [{ id: p.user.id }], weeks).map((w) => w.lifecycle);
		view('2026-06-02');
		view('2026-06-17');
		expect(lifecycle()).toEqual([
			{ new: 1, returning: 0, resurrected: 0, dormant: 0 },
			{ new: 0, returning: 0, resurrected: 0, dormant: 1 },
			{ new: 0, returning: 0, resurrected: 1, dormant: 0 } // away a week
		]);
		view('2026-06-10'); // arrives late: the middle week had use after all
		expect(lifecycle()).toEqual([
			{ new: 1, returning: 0, resurrected: 0, dormant: 0 },
			{ new: 0, returning: 1, resurrected: 0, dormant: 0 },
			{ new: 0, returning: 1, resurrected: 0, dormant: 0 }
		]);
		view('2026-05-20'); // and one from before the first: 2026-06-01 is no longer new
		expect(lifecycle()[0]).toEqual({ new: 0, returning: 0, resurrected: 1, dormant: 0 });
	});

	it('modules and changes over a range: whole weeks from the weekly rollup, the days around them from the daily', () => {
		const team = makeTeam();
		const p = makeActor('rep', { teamId: team });
		const ev = (module: string, action: string, day: string) =>
			recordUsage({ userId: p.user.id, teamId: team, module, action, at: noon(day) });
		ev('crm.contacts', 'create', '2026-10-31'); // Saturday before the week
		ev('crm.deals', 'update', '2026-11-02'); // Monday to Sunday: the whole week
		ev('crm.deals', 'update', '2026-11-08');
		ev('crm.cases', 'view', '2026-11-05');
		ev('crm.deals', 'delete', '2026-11-10'); // Tuesday after it
		ev('crm.deals', 'create', '2026-11-12'); // outside the range
		const changes = (from: string, to: string) => {
			const w = moduleWork(db(), from, to, [p.user.id]).get(p.user.id);
			return (
				w && {
					modules: modulesOfBits(w.modules),
					changes: Object.fromEntries(CHANGE_MODULES.map((m, i) => [m, w.changes[i]]).filter(([, n]) => n))
				}
			);
		};
		expect(changes('2026-10-31', '2026-11-10')).toEqual({
			modules: ['crm.contacts', 'crm.deals', 'crm.cases'],
			changes: { 'crm.contacts': 1, 'crm.deals': 3 }
		});
		expect(changes('2026-11-03', '2026-11-05')).toEqual({ modules: ['crm.cases'], changes: {} });
		expect(changes('2026-11-02', '2026-11-08')).toEqual({
			modules: ['crm.deals', 'crm.cases'],
			changes: { 'crm.deals': 2 }
		});
		expect(changes('2026-11-13', '2026-11-20')).toBeUndefined();
	});

	it('retention cohorts: the share of each group active N weeks later, nothing past the last week', () => {
		const start = new Map([
			[1, { week: '2026-10-05', label: 'a' }],
			[2, { week: '2026-10-05', label: 'a' }],
			[3, { week: '2026-10-12', label: 'b' }]
		]);
		const rows = [
			{ userId: 1, week: '2026-10-05' },
			{ userId: 2, week: '2026-10-05' },
			{ userId: 1, week: '2026-10-12' },
			{ userId: 3, week: '2026-10-12' }
		];
		expect(cohortsFrom(rows, start, 3, '2026-10-12')).toEqual([
			{ week: '2026-10-05', label: 'a', size: 2, shares: [1, 0.5, null] },
			{ week: '2026-10-12', label: 'b', size: 1, shares: [1, null, null] }
		]);
	});

	it('breadth against the phase’s modules, and the median time to a first core action', () => {
		const used = new Map([
			[1, new Set(['crm.deals', 'crm.contacts'])],
			[2, new Set(['crm.cases'])]
		]);
		// Person 1's phase has deals, contacts, activities and a non-CRM module; person 2's none: all 8 CRM modules.
		const scope = (id: number) =>
			id === 1 ? ['crm.deals', 'crm.contacts', 'crm.activities', 'rollout'] : [];
		expect(breadth([{ id: 1 }, { id: 2 }, { id: 3 }], used, scope)).toBeCloseTo((2 / 3 + 1 / 8) / 2, 10);

		const person = (id: number, created: string) => ({
			id,
			name: `p${id}`,
			email: '',
			teamId: 1,
			roleId: 1,
			createdAt: noon(created)
		});
		const span = new Map([
			[1, { firstAt: 0, lastAt: 0, firstCoreAt: noon('2026-03-11'), lastCoreAt: 0 }],
			[2, { firstAt: 0, lastAt: 0, firstCoreAt: noon('2026-03-04'), lastCoreAt: 0 }],
			[3, { firstAt: 0, lastAt: 0, firstCoreAt: null, lastCoreAt: null }]
		]);
		// 1: created before the phase (starts 03-01) → 10 days; 2: created 03-02, after it → 2 days.
		const t = timeToFirstCore(
			[person(1, '2026-01-01'), person(2, '2026-03-02'), person(3, '2026-01-01')],
			span,
			() => '2026-03-01'
		);
		expect(t).toEqual({ median: 6, reached: 2 });
	});
});
