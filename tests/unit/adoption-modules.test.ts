import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordUsage } from '$lib/server/audit/usage';
import { moduleUse, readWindow, windowDays, type ModuleTeamRow } from '$lib/server/adoption/modules';
import { adoptionContext } from '$lib/server/adoption/overview';
import { db, schema } from '$lib/server/db';
import type { Actor } from '$lib/server/auth/actor';
import { load } from '../../src/routes/(app)/adoption/modules/+page.server';
import { makeActor, makeTeam } from './helpers';

/** Noon UTC of a day. */
const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);
const NOW = noon('2026-12-01');
const TO = '2026-11-29'; // a Sunday: the week window is 2026-11-23 … 2026-11-29

let admin: Actor, pm: Actor, managerA: Actor, rep: Actor;
let alpha: number, beta: number;

/**
 * Alpha (5 people: a1–a4 and their manager) is in a live phase with Contacts, Deals and Cases;
 * Beta (2 people) in a phase with Cases that goes live only in 2027. The admin and the project
 * manager have no team.
 */
beforeAll(() => {
	alpha = makeTeam('Alpha');
	beta = makeTeam('Beta');
	admin = makeActor('admin');
	pm = makeActor('project_manager');
	const [a1, a2, a3, a4] = [1, 2, 3, 4].map(() => makeActor('rep', { teamId: alpha }));
	rep = a1;
	managerA = makeActor('manager', { teamId: alpha });
	const [b1, b2] = [1, 2].map(() => makeActor('rep', { teamId: beta }));
	const phase = (name: string, position: number, startDate: string, modules: string[], teamId: number) => {
		const id = db()
			.insert(schema.phase)
			.values({ name, position, startDate, endDate: '2027-06-30', modules })
			.returning({ id: schema.phase.id })
			.get().id;
		db().insert(schema.phaseTeam).values({ phaseId: id, teamId }).run();
	};
	phase('Sales', 1, '2026-10-01', ['crm.contacts', 'crm.deals', 'crm.cases'], alpha);
	phase('Service', 2, '2027-01-10', ['crm.cases'], beta);

	const ev = (who: Actor, module: string, action: string, day: string, times = 1) => {
		for (let i = 0; i < times; i++)
			recordUsage({ userId: who.user.id, teamId: who.user.teamId, module, action, at: noon(day) + i });
	};
	ev(a1, 'crm.contacts', 'view', '2026-11-24');
	ev(a1, 'crm.contacts', 'create', '2026-11-24', 2);
	ev(a1, 'crm.deals', 'view', '2026-11-25');
	ev(a1, 'crm.cases', 'view', '2026-11-30'); // after the range
	ev(a2, 'crm.contacts', 'view', '2026-11-26');
	ev(a2, 'crm.deals', 'update', '2026-11-27');
	ev(a3, 'crm.activities', 'view', '2026-11-28');
	ev(a3, 'home', 'view', '2026-11-28'); // not a CRM module
	ev(a4, 'crm.contacts', 'view', '2026-10-05'); // before the range (usage is kept from here)
	ev(a4, 'crm.contacts', 'view', '2026-11-10'); // in the range, not the week
	ev(b1, 'crm.cases', 'view', '2026-11-23');
	ev(b1, 'crm.cases', 'view', '2026-11-29');
	ev(b2, 'crm.search', 'view', '2026-11-24');
	ev(b2, 'crm.contacts', 'delete', '2026-11-20'); // in the range, not the week
});

const figures = (viewer: Actor, window: 'week' | 'range', extra = '') => {
	const ctx = adoptionContext(viewer, new URLSearchParams(`from=2026-11-01&to=${TO}${extra}`), NOW);
	expect(ctx.errors).toEqual({});
	return moduleUse(ctx, window, NOW);
};
const cell = (row: ModuleTeamRow | undefined, module: string) => row?.cells.find((c) => c.module === module);

describe('the modules × teams heat map', () => {
	it('shares per team and module over the range’s last 7 days, views or changes, CRM modules only', () => {
		const use = figures(admin, 'week');
		expect(use.window).toMatchObject({ kind: 'week', from: '2026-11-23', to: TO });
		expect(use.teams.map((t) => [t.label, t.licensed, t.active])).toEqual([
			['Alpha', 5, 3],
			['Beta', 2, 2],
			['No team', 2, 0]
		]);
		const [a, b, none] = use.teams;
		expect(a.cells.map((c) => [c.module, c.users, c.share])).toEqual([
			['crm.contacts', 2, 2 / 5],
			['crm.companies', 0, 0],
			['crm.deals', 2, 2 / 5],
			['crm.activities', 1, 1 / 5],
			['crm.cases', 0, 0], // a1 opened Cases the day after the range
			['crm.campaigns', 0, 0],
			['crm.search', 0, 0],
			['crm.import', 0, 0]
		]);
		expect(cell(b, 'crm.cases')).toMatchObject({ users: 1, share: 1 / 2 });
		expect(cell(b, 'crm.search')).toMatchObject({ users: 1, share: 1 / 2 });
		expect(cell(b, 'crm.contacts')).toMatchObject({ users: 0, share: 0 }); // the delete was on 11-20
		expect(none.cells.every((c) => c.users === 0 && c.share === 0)).toBe(true);
		expect(use.anyUse).toBe(true);
	});

	it('over the whole range', () => {
		const use = figures(admin, 'range');
		expect(use.window).toMatchObject({ kind: 'range', from: '2026-11-01', to: TO });
		const [a, b] = use.teams;
		expect(cell(a, 'crm.contacts')).toMatchObject({ users: 3, share: 3 / 5, changes: 2 });
		expect(cell(a, 'crm.contacts')?.changesPerUser).toBeCloseTo(2 / 3, 10);
		expect(cell(b, 'crm.contacts')).toMatchObject({ users: 1, share: 1 / 2, changes: 1, changesPerUser: 1 });
	});

	it('marks the modules in scope of each team’s phase; only a live phase’s unused module is the signal', () => {
		const use = figures(admin, 'week');
		const [a, b, none] = use.teams;
		expect(a.phase).toMatchObject({ name: 'Sales', live: true });
		expect(a.cells.filter((c) => c.inScope).map((c) => c.module)).toEqual([
			'crm.contacts',
			'crm.deals',
			'crm.cases'
		]);
		expect(b.phase).toMatchObject({ name: 'Service', live: false });
		expect(b.cells.filter((c) => c.inScope).map((c) => c.module)).toEqual(['crm.cases']);
		expect(none.phase).toBeNull();
		expect(none.cells.some((c) => c.inScope)).toBe(false);
		// Alpha's Cases: in scope, live, used by nobody.
		expect(use.weakest).toEqual({ team: 'Alpha', module: 'Cases', share: 0, phase: 'Sales' });
		expect(use.unusedInScope).toBe(1);
	});

	it('changes (create, update, delete) per person who used the module, and views without a change', () => {
		const use = figures(admin, 'week');
		const [a, b] = use.teams;
		expect(cell(a, 'crm.contacts')).toMatchObject({ changes: 2, changesPerUser: 1 }); // a1’s 2 creates ÷ a1, a2
		expect(cell(a, 'crm.deals')).toMatchObject({ changes: 1, changesPerUser: 0.5 }); // a2’s update ÷ a1, a2
		expect(cell(a, 'crm.activities')).toMatchObject({ changes: 0, changesPerUser: 0 });
		expect(cell(a, 'crm.cases')).toMatchObject({ changes: 0, changesPerUser: null });
		expect(cell(b, 'crm.cases')).toMatchObject({ users: 1, changes: 0, changesPerUser: 0 });
		// Search changes no records: never "views only".
		expect(use.viewsOnly).toEqual([
			{ team: 'Alpha', module: 'Activities', users: 1 },
			{ team: 'Beta', module: 'Cases', users: 1 }
		]);
		expect(use.changeModules.map((m) => m.name)).not.toContain('crm.search');
	});

	it('keeps to the viewer’s reach, and names a team only when the policy allows', () => {
		const manager = figures(managerA, 'week');
		expect(manager.teams.map((t) => [t.label, t.licensed, t.named])).toEqual([['Alpha', 5, true]]);
		const byPm = figures(pm, 'week');
		expect(byPm.teams.map((t) => [t.label, t.named])).toEqual([
			['Alpha', true],
			['Beta', false], // 2 people: under 5, and a project manager is no admin
			['No team', false]
		]);
		expect(figures(admin, 'week').teams.find((t) => t.label === 'Beta')?.named).toBe(true);
		// The team filter narrows the rows.
		expect(figures(admin, 'week', `&team=${beta}`).teams.map((t) => t.label)).toEqual(['Beta']);
	});

	it('says when nobody used the CRM in the window', () => {
		const quiet = moduleUse(
			adoptionContext(admin, new URLSearchParams('from=2026-11-01&to=2026-11-09'), NOW),
			'week',
			NOW
		);
		expect(quiet.anyUse).toBe(false);
		expect(quiet.weakest).toEqual({ team: 'Alpha', module: 'Contacts', share: 0, phase: 'Sales' });
		expect(quiet.unusedInScope).toBe(3);
	});
});

describe('the window parameter', () => {
	it('is week or range; anything else keeps the last 7 days with a message', () => {
		expect(readWindow(new URLSearchParams(''))).toEqual({ window: 'week' });
		expect(readWindow(new URLSearchParams('window=range'))).toEqual({ window: 'range' });
		for (const bad of ['month', 'WEEK', '7', 'range ']) {
			const r = readWindow(new URLSearchParams({ window: bad }));
			expect(r.window).toBe('week');
			expect(r.error).toMatch(/last 7 days/);
		}
	});

	it('covers the range’s last 7 days, the range itself when shorter, and reads as a sentence', () => {
		const range = { from: '2026-11-01', to: TO };
		expect(windowDays(range, 'week', NOW)).toEqual({
			kind: 'week',
			from: '2026-11-23',
			to: TO,
			text: 'in the 7 days to 2026-11-29'
		});
		expect(windowDays(range, 'week', noon(TO)).text).toBe('in the last 7 days');
		expect(windowDays({ from: '2026-11-27', to: TO }, 'week', NOW)).toMatchObject({ from: '2026-11-27' });
		expect(windowDays(range, 'range', NOW).text).toBe('from 2026-11-01 to 2026-11-29');
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
			url: new URL(`http://localhost/adoption/modules?${search}`)
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

	it('reports a bad window beside the choice and shows the last 7 days', async () => {
		const page = await open(admin, `to=${TO}&window=fortnight`);
		expect(page?.windowError).toMatch(/last 7 days/);
		expect(page?.use.window.kind).toBe('week');
		expect(page?.licensed).toBe(9);
		expect((await open(admin, `to=${TO}&window=range`))?.windowError).toBeNull();
	});
});
