import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordUsage } from '$lib/server/audit/usage';
import { averageCurve, readCohortBy, retention, type CohortBy } from '$lib/server/adoption/retention';
import { adoptionContext } from '$lib/server/adoption/overview';
import { db, schema } from '$lib/server/db';
import type { Actor } from '$lib/server/auth/actor';
import { load } from '../../src/routes/(app)/adoption/cohorts/+page.server';
import { makeActor, makeTeam } from './helpers';

/** Noon UTC of a day. */
const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);
const NOW = noon('2026-12-01');
// Mondays 2026-10-05 … 2026-11-23 are the range's 8 complete weeks; 11-23 is the last.
const RANGE = 'from=2026-10-05&to=2026-11-29';

let admin: Actor, pm: Actor, rep: Actor;

function phase(name: string, position: number, startDate: string, teamId: number) {
	const id = db()
		.insert(schema.phase)
		.values({ name, position, startDate, endDate: '2027-06-30', modules: [] })
		.returning({ id: schema.phase.id })
		.get().id;
	db().insert(schema.phaseTeam).values({ phaseId: id, teamId }).run();
}
const ev = (who: Actor, ...days: string[]) => {
	for (const day of days)
		recordUsage({
			userId: who.user.id,
			teamId: who.user.teamId,
			module: 'crm.deals',
			action: 'view',
			at: noon(day)
		});
};

/**
 * Team A (a1–a3) goes live 2026-10-07 (week of 10-05), team B (b1, b2) 2026-10-14 (week of 10-12),
 * team C (c1) is in no phase, team D (d1) goes live in 2027. The admin and the project manager
 * have no team and never use the CRM.
 */
beforeAll(() => {
	const [teamA, teamB, teamC, teamD] = ['A', 'B', 'C', 'D'].map((n) => makeTeam(`Team ${n}`));
	admin = makeActor('admin');
	pm = makeActor('project_manager');
	const [a1, a2, a3] = [1, 2, 3].map(() => makeActor('rep', { teamId: teamA }));
	const b1 = makeActor('rep', { teamId: teamB });
	makeActor('rep', { teamId: teamB }); // b2: never uses the CRM
	const c1 = makeActor('rep', { teamId: teamC });
	makeActor('rep', { teamId: teamD }); // d1: never uses the CRM
	rep = a1;
	phase('Go A', 1, '2026-10-07', teamA);
	phase('Go B', 2, '2026-10-14', teamB);
	phase('Go D', 3, '2027-01-11', teamD);
	ev(a1, '2026-10-06', '2026-10-13', '2026-10-27');
	ev(a2, '2026-10-07', '2026-10-14');
	ev(a3, '2026-10-14', '2026-10-21');
	ev(b1, '2026-09-20', '2026-10-13', '2026-10-20'); // first use before the range
	ev(c1, '2026-10-08', '2026-11-24', '2026-12-01'); // 12-01 is in a week not yet complete
});

const grid = (viewer: Actor, by: CohortBy, range = RANGE) => {
	const ctx = adoptionContext(viewer, new URLSearchParams(range), NOW);
	expect(ctx.errors).toEqual({});
	return retention(ctx, by);
};
const nulls = (n: number) => Array.from({ length: n }, () => null);

describe('the retention grid', () => {
	it('by the week of first use: 12 weeks, never past the last complete week', () => {
		const r = grid(admin, 'first');
		expect(r.lastWeek).toBe('2026-11-23');
		expect(r.cohorts.map((c) => [c.week, c.label, c.size])).toEqual([
			['2026-10-05', '2026-10-05', 3], // a1, a2, c1
			['2026-10-12', '2026-10-12', 1] // a3
		]);
		const [first, second] = r.cohorts;
		// Weeks 10-05 … 11-23 are N = 0 … 7: a1 a2 c1 | a1 a2 | – | a1 | – | – | – | c1.
		expect(first.shares).toEqual([1, 2 / 3, 0, 1 / 3, 0, 0, 0, 1 / 3, ...nulls(4)]);
		// 10-12 … 11-23 are N = 0 … 6: a3 | a3 | then nobody.
		expect(second.shares).toEqual([1, 1, 0, 0, 0, 0, 0, ...nulls(5)]);
		// b1 started in September; b2, d1, the admin and the project manager never used the CRM.
		expect(r.left).toEqual({ noPhase: 0, outside: 1, never: 4 });
		expect(r.anyUse).toBe(true);
	});

	it('by the go-live week of the team’s phase, labelled with the phase and its date', () => {
		const r = grid(admin, 'phase');
		expect(r.cohorts.map((c) => [c.week, c.label, c.size, c.phase?.name])).toEqual([
			['2026-10-05', 'Go A · 2026-10-07', 3, 'Go A'],
			['2026-10-12', 'Go B · 2026-10-14', 2, 'Go B']
		]);
		const [a, b] = r.cohorts;
		// A from 10-05: a1 a2 | a1 a2 a3 | a3 | a1 | – | – | – | –.
		expect(a.shares).toEqual([2 / 3, 1, 1 / 3, 1 / 3, 0, 0, 0, 0, ...nulls(4)]);
		// B from 10-12: b1 | b1 | then nobody (b2 never came).
		expect(b.shares).toEqual([1 / 2, 1 / 2, 0, 0, 0, 0, 0, ...nulls(5)]);
		// c1 and the two without a team are in no phase; d1's phase goes live after the range.
		expect(r.left).toEqual({ noPhase: 3, outside: 1, never: 0 });
	});

	it('averages the groups week by week, weighted by their size', () => {
		const byFirst = grid(admin, 'first').average;
		expect(byFirst[0]).toBe(1);
		expect(byFirst[1]).toBeCloseTo((3 * (2 / 3) + 1 * 1) / 4, 10);
		expect(byFirst[2]).toBe(0);
		expect(byFirst[3]).toBeCloseTo(1 / 4, 10);
		expect(byFirst[7]).toBeCloseTo(1 / 3, 10); // only the first group has reached week 7
		expect(byFirst.slice(8)).toEqual(nulls(4));
		const byPhase = grid(admin, 'phase').average;
		expect(byPhase[0]).toBeCloseTo((3 * (2 / 3) + 2 * (1 / 2)) / 5, 10);
		expect(byPhase[1]).toBeCloseTo((3 * 1 + 2 * (1 / 2)) / 5, 10);
		expect(byPhase[2]).toBeCloseTo(1 / 5, 10);

		expect(
			averageCurve(
				[
					{ size: 10, shares: [1, 0.5, null] },
					{ size: 2, shares: [1, 1, 1] }
				],
				3
			)
		).toEqual([1, 7 / 12, 1]);
		expect(averageCurve([], 2)).toEqual([null, null]);
	});

	it('keeps to the groups that start in the range, and to the viewer’s reach', () => {
		// From 10-12 on: the first-use group of 10-05 and phase A are outside the range.
		const later = 'from=2026-10-12&to=2026-11-29';
		expect(grid(admin, 'first', later).cohorts.map((c) => [c.week, c.size])).toEqual([['2026-10-12', 1]]);
		expect(grid(admin, 'phase', later).cohorts.map((c) => c.label)).toEqual(['Go B · 2026-10-14']);
		// A range without a complete week holds no group.
		const short = grid(admin, 'first', 'from=2026-11-30&to=2026-12-01');
		expect(short).toMatchObject({ lastWeek: null, cohorts: [] });
	});

	it('never names a group under 5 to anyone but an admin', () => {
		expect(grid(pm, 'phase').cohorts.map((c) => c.named)).toEqual([false, false]);
		expect(grid(pm, 'first').cohorts.map((c) => c.named)).toEqual([false, false]);
		expect(grid(admin, 'phase').cohorts.map((c) => c.named)).toEqual([true, true]);
	});

	it('two phases that go live in the same week stay two groups', () => {
		const teamE = makeTeam('Team E');
		phase('Go E', 4, '2026-10-16', teamE);
		const e1 = makeActor('rep', { teamId: teamE });
		ev(e1, '2026-10-16');
		const r = grid(admin, 'phase');
		expect(r.cohorts.map((c) => [c.label, c.size, c.shares[0]])).toEqual([
			['Go A · 2026-10-07', 3, 2 / 3],
			['Go B · 2026-10-14', 2, 1 / 2],
			['Go E · 2026-10-16', 1, 1]
		]);
	});
});

describe('the by parameter', () => {
	it('is first or phase; anything else groups by first use with a message', () => {
		expect(readCohortBy(new URLSearchParams(''))).toEqual({ by: 'first' });
		expect(readCohortBy(new URLSearchParams('by=phase'))).toEqual({ by: 'phase' });
		for (const bad of ['team', 'Phase', '1', 'first ']) {
			const r = readCohortBy(new URLSearchParams({ by: bad }));
			expect(r.by).toBe('first');
			expect(r.error).toMatch(/first use/);
		}
	});
});

describe('the page', () => {
	beforeAll(() => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(NOW);
	});
	afterAll(() => {
		vi.useRealTimers();
	});
	const open = (actor: Actor, search: string) =>
		load({
			locals: { actor },
			url: new URL(`http://localhost/adoption/cohorts?${search}`)
		} as unknown as Parameters<typeof load>[0]);

	it('refuses a rep (no adoption.read)', () => {
		let status = 0;
		try {
			open(rep, '');
		} catch (e) {
			status = (e as { status: number }).status;
		}
		expect(status).toBe(403);
	});

	it('reports a bad grouping beside the choice and groups by first use', async () => {
		const page = await open(admin, `${RANGE}&by=team`);
		expect(page?.byError).toMatch(/first use/);
		expect(page?.retention.by).toBe('first');
		expect(page?.span).toBe(12);
		expect((await open(admin, `${RANGE}&by=phase`))?.retention.by).toBe('phase');
	});
});
