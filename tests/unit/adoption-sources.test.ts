import { beforeAll, describe, expect, it } from 'vitest';
import { recordUsage } from '$lib/server/audit/usage';
import { headline, population, use28 } from '$lib/server/adoption/metrics';
import { ensureQualityFieldDefaults } from '$lib/server/adoption/quality';
import { adoptionByDay, daysAtTarget, measure, trainingCompletion } from '$lib/server/adoption/sources';
import type { Actor } from '$lib/server/auth/actor';
import { create as createContact } from '$lib/server/crm/contacts';
import { db, schema } from '$lib/server/db';
import { dashboard, trendWeeks } from '$lib/server/rollout/dashboard';
import { addDays, today } from '$lib/server/rollout/dates';
import * as goals from '$lib/server/rollout/goals';
import * as phases from '$lib/server/rollout/phases';
import { Refused } from '$lib/server/validation';
import type { GoalMetric, MetricScope } from '$lib/rollout';
import { makeActor, makeTeam } from './helpers';

const DAY = 86_400_000;
const D = today();
/** Noon UTC of the day `offset` days from today. */
const noon = (offset: number) => Date.parse(`${addDays(D, offset)}T12:00:00Z`);
const ev = (who: Actor, module: string, action: string, offset: number, times = 1) => {
	for (let i = 0; i < times; i++)
		recordUsage({
			userId: who.user.id,
			teamId: who.user.teamId ?? 0,
			module,
			action,
			at: noon(offset) + i * 60_000
		});
};

let pm: Actor;
let team: number;
let other: number;
let empty: number;
let people: Record<'a' | 'b' | 'c' | 'm' | 'v' | 'x' | 'y', Actor>;

/**
 * Hand-counted fixtures around today (D). Team T: reps A, B, C, manager M, viewer V (5 licensed) and
 * rep X whose account is deactivated (not licensed: counted nowhere). Team T2: rep Y.
 * - A: 3 activities created on D−1, a deal created on D−3, an activity on D−8.
 * - B: a view on D−10, an activity created on D.   C: nothing.
 * - M: views on D−2 and D−20 (no core action).    V: an activity created on D−1 (a viewer has no core actions).
 * - X: an activity created on D.                  Y: a view on D.
 * Active in the 7 days ending D: A, B, M, V → 4 of 5 = 80 %; working: A, B → 40 %; WAU 4 (everyone: 5).
 * Days active in the 28: A 3, B 2, M 2, V 1 → average DAU 8/28 over MAU 4 → stickiness 7.1 %.
 * Activities by reps in the 7 days: A 3 + B 1 = 4 over 3 reps → 1.3; deals 1 over 3 → 0.3;
 * everyone's reps (A, B, C, Y): 4 over 4 → 1.0.
 */
beforeAll(() => {
	pm = makeActor('project_manager');
	team = makeTeam('Sales North');
	other = makeTeam('Inside Sales');
	empty = makeTeam('Nobody yet');
	people = {
		a: makeActor('rep', { teamId: team }),
		b: makeActor('rep', { teamId: team }),
		c: makeActor('rep', { teamId: team }),
		m: makeActor('manager', { teamId: team }),
		v: makeActor('viewer', { teamId: team }),
		x: makeActor('rep', { teamId: team, active: false }),
		y: makeActor('rep', { teamId: other })
	};
	const { a, b, m, v, x, y } = people;
	ev(a, 'crm.activities', 'create', -1, 3);
	ev(a, 'crm.deals', 'create', -3);
	ev(a, 'crm.activities', 'create', -8);
	ev(b, 'crm.contacts', 'view', -10);
	ev(b, 'crm.activities', 'create', 0);
	ev(m, 'crm.deals', 'view', -2);
	ev(m, 'crm.deals', 'view', -20);
	ev(v, 'crm.activities', 'create', -1);
	ev(x, 'crm.activities', 'create', 0);
	ev(y, 'crm.contacts', 'view', 0);
});

const of = (metric: GoalMetric, scope: MetricScope, day = D) => measure(db(), { metric, scope }, day);

describe('metric sources', () => {
	it('measure adoption, use and CRM counts of a team, a phase and everyone from the rollups', () => {
		const t: MetricScope = { kind: 'team', id: team };
		expect(of('adoption_rate', t)).toBe(80);
		expect(of('working_rate', t)).toBe(40);
		expect(of('wau', t)).toBe(4);
		expect(of('wau', { kind: 'all' })).toBe(5);
		expect(of('stickiness', t)).toBe(7.1);
		expect(of('activities_per_rep_week', t)).toBe(1.3);
		expect(of('deals_created_per_rep_week', t)).toBe(0.3);
		expect(of('activities_per_rep_week', { kind: 'all' })).toBe(1);
		// The 7 days ending D−2 held A (D−3, D−8) and M (D−2): 2 of 5; of the reps' activities only A's
		// on D−8: 1 over 3 reps.
		expect(of('adoption_rate', t, addDays(D, -2))).toBe(40);
		expect(of('activities_per_rep_week', t, addDays(D, -2))).toBe(0.3);

		const phase = phases.create(pm, {
			name: 'Sales',
			startDate: addDays(D, -30),
			endDate: addDays(D, 30),
			teamIds: [String(team)],
			adoptionTarget: '60'
		});
		const bare = phases.create(pm, {
			name: 'No teams',
			startDate: addDays(D, 40),
			endDate: addDays(D, 60),
			adoptionTarget: '60'
		});
		expect(of('adoption_rate', { kind: 'phase', id: phase.id })).toBe(80);
		// Nothing to measure: a phase without teams, a team without people.
		expect(of('adoption_rate', { kind: 'phase', id: bare.id })).toBeNull();
		expect(of('wau', { kind: 'team', id: empty })).toBeNull();
		expect(of('activities_per_rep_week', { kind: 'team', id: empty })).toBeNull();
	});

	it('measure required training completed, withdrawn and optional courses left out', () => {
		const { a, b, c, v, x } = people;
		const course = (title: string, required: boolean) =>
			db()
				.insert(schema.course)
				.values({
					title,
					format: 'self_paced',
					durationMinutes: 30,
					required,
					audience: { roles: [], teams: [], projectRoles: [], phases: [] },
					ownerId: pm.user.id
				})
				.returning()
				.get().id;
		const r1 = course('Contacts basics', true);
		const r2 = course('Deals basics', true);
		const optional = course('Reports for the curious', false);
		const enrol = (who: Actor, courseId: number, state: 'assigned' | 'completed' | 'withdrawn') =>
			db()
				.insert(schema.enrollment)
				.values({ userId: who.user.id, courseId, source: 'hand', state, assignedAt: Date.now() })
				.run();
		enrol(a, r1, 'completed');
		enrol(a, r2, 'assigned');
		enrol(b, r1, 'withdrawn');
		enrol(c, r1, 'completed');
		enrol(v, optional, 'completed');
		enrol(x, r1, 'completed'); // deactivated: not licensed
		// Counted: A r1 ✓, A r2, C r1 ✓ → 2 of 3.
		expect(of('training_completion', { kind: 'team', id: team })).toBe(66.7);
		expect(trainingCompletion(db(), [a.user.id, c.user.id])).toEqual({
			assigned: 3,
			completed: 2,
			share: 2 / 3
		});
		expect(trainingCompletion(db(), [people.y.user.id]).share).toBeNull();
	});

	it('measure the data quality score of the scope’s records (quality.ts)', () => {
		ensureQualityFieldDefaults(db());
		const q = makeTeam('Quality');
		const owner = makeActor('rep', { teamId: q });
		const peer = makeActor('rep', { teamId: q });
		// Default contact key fields: email, phone, company; each record also has a duplicate and a stale
		// check (5 checks). Owner: phone and company missing (2); peer: company missing (1) → 10 checks, 3
		// problems → 70.0.
		createContact(owner, { lastName: 'Nguyễn', email: 'an@example.com' });
		createContact(peer, { lastName: 'Trần', email: 'binh@example.com', phone: '+84 90 1' });
		expect(of('quality_score', { kind: 'team', id: q })).toBe(70);
		expect(of('quality_score', { kind: 'all' })).toBe(70);
		expect(of('quality_score', { kind: 'team', id: team })).toBeNull(); // owns no records
	});
});

describe('adoption day by day', () => {
	it('equals the headline rate of each day, from one read of the daily rollup', () => {
		const pop = population(db(), { teamIds: [team] });
		const days = adoptionByDay(db(), pop, 3);
		// D−2: A, M → 2 of 5; D−1: A, M, V → 3; D: A, B, M, V → 4.
		expect(days).toEqual([
			{ day: addDays(D, -2), licensed: 5, active: 2, rate: 0.4 },
			{ day: addDays(D, -1), licensed: 5, active: 3, rate: 0.6 },
			{ day: D, licensed: 5, active: 4, rate: 0.8 }
		]);
		for (const d of adoptionByDay(db(), pop, 30))
			expect(d.rate, d.day).toBe(
				headline(
					pop,
					use28(
						db(),
						d.day,
						pop.map((p) => p.id)
					)
				).rate
			);
		expect(daysAtTarget(days, 0.6)).toEqual({ met: 2, all: false });
		expect(daysAtTarget(days.slice(1), 0.6)).toEqual({ met: 2, all: true });
		expect(adoptionByDay(db(), [], 2).map((d) => d.rate)).toEqual([null, null]);
	});
});

describe('a phase criterion of adoption at target for N days', () => {
	it('is met only when every one of the last N days reached the target, and is never ticked by hand', () => {
		const phase = phases.create(pm, {
			name: 'Gate on adoption',
			startDate: addDays(D, -30),
			endDate: addDays(D, 30),
			status: 'active',
			teamIds: [String(team)],
			adoptionTarget: '60'
		});
		phases.addCriterion(pm, phase.id, { kind: 'exit', measure: 'adoption', threshold: '2' });
		phases.addCriterion(pm, phase.id, { kind: 'exit', measure: 'adoption', threshold: '3' });
		const [two, three] = phases.detail(pm, phase.id).criteria;
		expect(two.text).toBe('Adoption at the phase’s target for 2 days in a row');
		// D−1 60 %, D 80 %: both at the 60 % target.
		expect(two).toMatchObject({
			done: true,
			progress: { measure: 'adoption', rate: 0.8, target: 0.6, met: 2, days: 2, licensed: 5 }
		});
		// D−2 was 40 %: 2 of 3.
		expect(three).toMatchObject({ done: false, progress: { met: 2, days: 3 } });
		expect(() => phases.setCriterion(pm, three.id, true)).toThrow(Refused);
		expect(() => phases.close(pm, phase.id)).toThrow(/1 exit criteria are not met/);
		expect(phases.list(pm).find((p) => p.id === phase.id)).toMatchObject({ exitDone: 1, exitTotal: 2 });
	});

	it('refuses a number of days outside 1–90, with the message beside the field', () => {
		const phase = phases.list(pm)[0];
		const errors = (threshold: string) => {
			try {
				phases.addCriterion(pm, phase.id, { kind: 'exit', measure: 'adoption', threshold });
			} catch (e) {
				return (e as { fieldErrors?: Record<string, string> }).fieldErrors;
			}
		};
		expect(errors('91')).toEqual({ threshold: 'Enter a number of days from 1 to 90.' });
		expect(errors('')).toEqual({
			threshold: 'Enter for how many days in a row adoption must be at the target.'
		});
		expect(errors('2.5')).toEqual({ threshold: 'Enter a whole number.' });
	});
});

describe('a measured goal', () => {
	const autoRows = (goalId: number) =>
		db()
			.$client.prepare("SELECT date, value, user_id FROM goal_checkin WHERE goal_id = ? AND source = 'auto'")
			.all(goalId);
	const base = {
		category: 'efficiency',
		kpi: 'Sales North active weekly',
		baseline: '50',
		target: '90',
		startDate: addDays(D, -30),
		dueDate: addDays(D, 60)
	};

	it('is checked in by the system once a day when read, and by hand as before', () => {
		const g = goals.create(pm, {
			...base,
			title: 'Sales North uses the CRM',
			metric: 'adoption_rate',
			metricScope: `team:${team}`
		});
		expect(g).toMatchObject({ unit: '%', metric: 'adoption_rate', metricScope: { kind: 'team', id: team } });
		const later = goals.create(pm, {
			...base,
			title: 'Not started yet',
			startDate: addDays(D, 5),
			metric: 'wau',
			metricScope: 'all'
		});
		expect(later.unit).toBe('people');
		const nobody = goals.create(pm, {
			...base,
			title: 'A team still empty',
			metric: 'wau',
			metricScope: `team:${empty}`
		});

		const listed = goals.list(pm).find((x) => x.id === g.id)!;
		expect(listed.latest).toEqual({ date: D, value: 80 });
		expect(listed.measuredBy).toBe('Adoption rate (active in the last 7 days) · Sales North');
		expect(autoRows(g.id)).toEqual([{ date: D, value: 80, user_id: null }]);
		// A second read, the goal's page and the dashboard write nothing more today.
		goals.list(pm);
		goals.detail(pm, g.id);
		dashboard(pm);
		expect(autoRows(g.id)).toHaveLength(1);
		expect(goals.ensureDailyCheckins()).toBe(0);
		// Before its start date, and with nothing to measure, a goal gets none.
		expect(autoRows(later.id)).toEqual([]);
		expect(autoRows(nobody.id)).toEqual([]);
		// Audited as the system's, once.
		const audit = db()
			.$client.prepare(
				"SELECT user_id, summary FROM audit_log WHERE entity = 'goal_checkin' AND summary LIKE 'Automatic daily check-in%'"
			)
			.all();
		expect(audit).toEqual([
			{
				user_id: null,
				summary: 'Automatic daily check-in: Sales North active weekly = 80 % for Sales North uses the CRM'
			}
		]);

		// By hand, beside the automatic one.
		goals.checkIn(pm, g.id, { date: D, value: '78', note: 'From the survey' });
		const page = goals.detail(pm, g.id);
		expect(page.checkins.map((c) => [c.source, c.value, c.by])).toEqual([
			['manual', 78, pm.user.name],
			['auto', 80, null]
		]);

		// Tomorrow's first read writes tomorrow's, once.
		const tomorrow = Date.now() + DAY;
		expect(goals.ensureDailyCheckins(tomorrow)).toBeGreaterThanOrEqual(1);
		expect(goals.ensureDailyCheckins(tomorrow)).toBe(0);
		expect(autoRows(g.id).map((r) => (r as { date: string }).date)).toEqual([D, addDays(D, 1)]);
	});
});

describe('the steering dashboard’s adoption', () => {
	it('reads each phase’s adoption from the criterion’s figure and draws its last 12 weeks', () => {
		const t3 = makeTeam('Key Accounts');
		const [e, f, g, h] = [0, 1, 2, 3].map(() => makeActor('rep', { teamId: t3 }));
		const weeks = trendWeeks(D);
		expect(weeks).toHaveLength(12);
		expect(addDays(weeks[11], 6) < D && addDays(weeks[11], 13) >= D).toBe(true);
		const monday = (w: string) => Date.parse(`${w}T09:00:00Z`);
		const on = (who: Actor, at: number) =>
			recordUsage({ userId: who.user.id, teamId: t3, module: 'crm.deals', action: 'view', at });
		on(e, monday(weeks[11]));
		on(e, monday(weeks[10]));
		on(f, monday(weeks[11]));
		on(g, monday(weeks[0]));
		on(h, noon(0)); // this week: not a complete week, but in today's 7 days
		const phase = phases.create(pm, {
			name: 'Key accounts',
			startDate: addDays(D, -90),
			endDate: addDays(D, 30),
			status: 'active',
			teamIds: [String(t3)],
			adoptionTarget: '50'
		});
		phases.addCriterion(pm, phase.id, { kind: 'exit', measure: 'adoption', threshold: '1' });
		const row = dashboard(pm).phases.find((p) => p.id === phase.id)!;
		// Weeks' Mondays are at least 7 days back: only H is active in today's 7 days, 1 of 4.
		expect(row.adoption).toEqual({ licensed: 4, active: 1, rate: 0.25 });
		const criterion = phases.detail(pm, phase.id).criteria[0];
		expect(criterion.progress).toMatchObject({ rate: row.adoption!.rate, target: 0.5 });
		expect(row.rag).toBe('red');
		const expected = weeks.map((w, i) => ({
			week: w,
			rate: i === 11 ? 0.5 : i === 10 || i === 0 ? 0.25 : 0
		}));
		expect(row.trend).toEqual(expected);
		// A planned phase has no adoption yet.
		const planned = dashboard(pm).phases.find((p) => p.status === 'planned')!;
		expect(planned).toMatchObject({ adoption: null, trend: [] });
	});

	it('counts the weeks that ended before the day', () => {
		// Monday 2026-12-07: the week of 30 November ended the day before.
		expect(trendWeeks('2026-12-07').slice(-1)).toEqual(['2026-11-30']);
		expect(trendWeeks('2026-12-07')[0]).toBe('2026-09-14');
		// Sunday 2026-12-06: the week of 30 November is not over.
		expect(trendWeeks('2026-12-06').slice(-1)).toEqual(['2026-11-23']);
	});
});
