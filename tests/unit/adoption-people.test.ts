import { describe, expect, it } from 'vitest';
import { recordUsage } from '$lib/server/audit/usage';
import { adoptionReach, mayNamePeople } from '$lib/server/access/policy';
import { kindCounts, namesAllowed, peopleExport, peopleList } from '$lib/server/adoption/people';
import { adoptionContext, groups } from '$lib/server/adoption/overview';
import { db } from '$lib/server/db';
import { makeActor, makeTeam } from './helpers';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);
const query = { q: '', sort: 'name' as const, dir: 'asc' as const, page: 1 };

/** A team of six reps: one never signed in, one lapsed, one idle (views only), three working. */
function teamOfSix() {
	const team = makeTeam();
	const reps = Array.from({ length: 6 }, () => makeActor('rep', { teamId: team }));
	const [, lapsed, idle, ...working] = reps;
	const ev = (id: number, action: string, daysAgo: number) =>
		recordUsage({ userId: id, teamId: team, module: 'crm.deals', action, at: NOW - daysAgo * DAY });
	ev(lapsed.user.id, 'update', 30);
	ev(idle.user.id, 'update', 20); // a core action, but before the 14 days
	ev(idle.user.id, 'view', 2);
	for (const w of working) ev(w.user.id, 'create', 1);
	return { team, reps };
}

describe('the people to follow up', () => {
	it('count who never signed in, who lapsed and who comes in without a core action', () => {
		const { team } = teamOfSix();
		const admin = makeActor('admin');
		expect(kindCounts(admin, { teamIds: [team], now: NOW })).toEqual({
			never: 1,
			lapsed: 1,
			idle: 1,
			all: 6
		});
		const list = peopleList.list(admin, query, { kind: 'idle', teamIds: [team], now: NOW });
		expect(list.total).toBe(1);
		expect(list.rows[0].lastCore).toBe(NOW - 20 * DAY);
	});

	it('stay within the viewer’s reach: a manager their team, a rep nobody by name', () => {
		const { team } = teamOfSix();
		const other = teamOfSix();
		const manager = makeActor('manager', { teamId: team });
		const rep = makeActor('rep', { teamId: team });
		expect(adoptionReach(manager.user)).toEqual({ kind: 'team', teamId: team });
		expect(adoptionReach(rep.user).kind).toBe('self');
		// A trainer follows every learner, in training and in adoption alike.
		expect(adoptionReach(makeActor('trainer', { teamId: other.team }).user)).toEqual({ kind: 'all' });
		// The manager's everyone is their own team (six reps and themselves), whatever team they ask for.
		expect(kindCounts(manager, { now: NOW }).all).toBe(8);
		expect(kindCounts(manager, { teamIds: [other.team], now: NOW }).all).toBe(0);
		expect(() => peopleList.list(rep, query, { kind: 'all', now: NOW })).toThrow();
		expect(namesAllowed(rep, {})).toBe(false);
	});

	it('show no names of a group under five to anyone but an administrator', () => {
		const team = makeTeam();
		const manager = makeActor('manager', { teamId: team });
		makeActor('rep', { teamId: team });
		makeActor('rep', { teamId: team });
		const admin = makeActor('admin');
		expect(mayNamePeople(manager.user, 3)).toBe(false);
		expect(namesAllowed(manager, { teamIds: [team] })).toBe(false);
		expect(() => peopleExport(manager, '', { kind: 'all', teamIds: [team] })).toThrow();
		expect(namesAllowed(admin, { teamIds: [team] })).toBe(true);
	});
});

describe('adoption by team', () => {
	it('is active and working in the last 7 days over the licensed people, from the viewer’s reach', () => {
		const { team } = teamOfSix();
		teamOfSix();
		const manager = makeActor('manager', { teamId: team });
		const to = new Date(NOW).toISOString().slice(0, 10);
		const ctx = adoptionContext(manager, new URLSearchParams({ to }), NOW);
		const rows = groups(ctx, 'team');
		expect(rows).toHaveLength(1);
		// Seven licensed (six reps and the manager): the idle rep and three working ones were active.
		expect(rows[0]).toMatchObject({ id: team, licensed: 7, wau: 4, wauWorking: 3, named: true });
		expect(rows[0].rate).toBeCloseTo(4 / 7, 10);
	});

	it('refuses bad filters beside them and keeps the defaults', () => {
		const admin = makeActor('admin');
		const ctx = adoptionContext(
			admin,
			new URLSearchParams({ from: '2026-13-01', to: '2099-01-01', team: '999999', module: 'crm.nothing' }),
			NOW
		);
		expect(ctx.errors).toEqual({
			from: 'Enter a date as YYYY-MM-DD.',
			to: 'The range cannot end in the future.',
			team: 'Choose one of the listed teams.',
			module: 'Choose one of the listed modules.'
		});
		expect(ctx.filters.to).toBe('2026-11-30');
		const reversed = adoptionContext(
			admin,
			new URLSearchParams({ from: '2026-11-20', to: '2026-11-10' }),
			NOW
		);
		expect(reversed.errors.from).toBe('The range must start before it ends.');
	});
});

describe('a page past the end of a list', () => {
	it('shows the last page', () => {
		teamOfSix();
		const admin = makeActor('admin');
		const list = peopleList.list(admin, { ...query, page: 99_999 }, { kind: 'all', now: NOW });
		expect(list.page).toBe(Math.ceil(list.total / list.pageSize));
		expect(list.rows.length).toBeGreaterThan(0);
	});
});

describe('a phase that has not gone live', () => {
	it('sets no target yet, so its teams are not shown as lagging', () => {
		const { team } = teamOfSix();
		const admin = makeActor('admin');
		const insertPhase = (name: string, start: string, target: number) => {
			const { id } = db()
				.$client.prepare(
					"INSERT INTO phase (position, name, start_date, end_date, adoption_target) VALUES (1, ?, ?, '2027-12-31', ?) RETURNING id"
				)
				.get(name, start, target) as { id: number };
			db().$client.prepare('INSERT INTO phase_team (phase_id, team_id) VALUES (?, ?)').run(id, team);
		};
		insertPhase('Later', '2026-12-20', 90);
		const to = new Date(NOW).toISOString().slice(0, 10);
		const [row] = groups(
			adoptionContext(admin, new URLSearchParams({ to, team: String(team) }), NOW),
			'team'
		);
		expect(row.phase?.name).toBe('Later');
		expect(row.target).toBeNull();
		insertPhase('Now', '2026-11-01', 80);
		const [live] = groups(
			adoptionContext(admin, new URLSearchParams({ to, team: String(team) }), NOW),
			'team'
		);
		expect(live).toMatchObject({ phase: { name: 'Now' }, target: 0.8 });
	});

	it('and a range that starts in the future is named as such', () => {
		const admin = makeActor('admin');
		const ctx = adoptionContext(admin, new URLSearchParams({ from: '2027-06-01', to: '2027-07-01' }), NOW);
		expect(ctx.errors).toEqual({
			from: 'The range cannot start in the future.',
			to: 'The range cannot end in the future.'
		});
	});
});
