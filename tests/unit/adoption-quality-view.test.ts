import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { adoptionContext } from '$lib/server/adoption/overview';
import { ensureQualityFieldDefaults, snapshotQuality } from '$lib/server/adoption/quality';
import { qualityView, quadrantOf } from '$lib/server/adoption/quality-view';
import { recordUsage, utcDay } from '$lib/server/audit/usage';
import type { Actor } from '$lib/server/auth/actor';
import { create as createCompany } from '$lib/server/crm/companies';
import { create as createContact } from '$lib/server/crm/contacts';
import { db, schema } from '$lib/server/db';
import { makeActor, makeTeam } from './helpers';

const DAY = 86_400_000;
// Sixty days from now: the usage the CRM writes while the fixture is made falls outside every window.
const NOW = Date.now() + 60 * DAY;
const TODAY = utcDay(NOW);
const TWO_DAYS_AGO = utcDay(NOW - 2 * DAY);

let admin: Actor;
let salesManager: Actor;
let serviceManager: Actor;
let sales: number;
let service: number;
let a: Actor[];
let b: Actor[];

const view = (actor: Actor, params: Record<string, string> = {}) =>
	qualityView(adoptionContext(actor, new URLSearchParams({ to: TODAY, ...params }), NOW), { now: NOW });

/**
 * Hand-counted, default key fields (a contact has 3 + duplicate + stale = 5 checks, a company 4):
 * - Inside Sales (4 people: a manager, a1–a3, all active in the last 7 days → 100 %):
 *   a1 and a2 own two contacts with an email only (10 checks, 4 problems: 60); a3 owns one with an
 *   email only and one with email and phone (10 checks, 3 problems: 70). Team: 30 checks, 11
 *   problems, 6 records → 63.3; missing company on 6 contacts, phone on 5. Active but careless.
 * - Field Service (5 people: a manager, b1–b4; only b1 active → 20 %): b1 owns a complete company
 *   and a complete contact of it (9 checks, 0 problems: 100); b2 a company without phone (4 checks,
 *   1 problem: 75). Team: 13 checks, 1 problem → 92.3. Careful but inactive (no phase: the 60 % bar).
 * - Two days before, a snapshot was taken before a2's contacts existed: Inside Sales then 65
 *   (a1 60 and a3 70 over 10 checks each), everyone (33 checks) 2500 / 33 = 75.8; today everyone
 *   (43 checks) 3100 / 43 = 72.1.
 */
beforeAll(() => {
	ensureQualityFieldDefaults(db());
	admin = makeActor('admin');
	sales = makeTeam('Inside Sales');
	service = makeTeam('Field Service');
	salesManager = makeActor('manager', { teamId: sales });
	serviceManager = makeActor('manager', { teamId: service });
	a = [1, 2, 3].map(() => makeActor('rep', { teamId: sales }));
	b = [1, 2, 3, 4].map(() => makeActor('rep', { teamId: service }));

	let n = 0;
	const emailOnly = (rep: Actor) =>
		createContact(rep, { lastName: `Contact ${++n}`, email: `c${n}@example.com` });
	emailOnly(a[0]);
	emailOnly(a[0]);
	emailOnly(a[2]);
	createContact(a[2], { lastName: 'Phoned', email: 'phoned@example.com', phone: '+44 20 1' });
	const acme = createCompany(b[0], { name: 'Acme Tools', domain: 'acme.example', phone: '+44 20 2' });
	createContact(b[0], {
		lastName: 'Complete',
		email: 'complete@acme.example',
		phone: '+44 20 3',
		companyId: String(acme.id)
	});
	createCompany(b[1], { name: 'Brightwater', domain: 'brightwater.example' });
	snapshotQuality(db(), TWO_DAYS_AGO, { now: NOW });
	emailOnly(a[1]);
	emailOnly(a[1]);

	const used = (actor: Actor, team: number) =>
		recordUsage({ userId: actor.user.id, teamId: team, module: 'crm.deals', action: 'view', at: NOW - DAY });
	for (const actor of [salesManager, ...a]) used(actor, sales);
	used(b[0], service);
});

describe('the data-quality page', () => {
	it('puts each team’s score and reasons beside its use, and names the two kinds that stand out', () => {
		const v = view(admin);
		expect(v.total).toMatchObject({ records: 9, score: 72.1 });
		expect(v.teams.map((t) => [t.label, t.people, t.records, t.score, t.rate, t.quadrant])).toEqual([
			['Field Service', 5, 3, 92.3, 0.2, 'careful-inactive'],
			['Inside Sales', 4, 6, 63.3, 1, 'active-careless']
		]);
		const [service, sales] = v.teams;
		expect(sales.reasons).toEqual(['Missing: company on 6 contacts', 'Missing: phone on 5 contacts']);
		expect(service.reasons).toEqual(['Missing: phone on 1 company']);
		expect(sales.quadrantLabel).toBe('Active but careless');
		expect(sales.sentence).toBe(
			'Inside Sales is active but careless: 100 % active in the last 7 days, score 63.3 — Missing: company on 6 contacts.'
		);
		expect(service.sentence).toBe(
			'Field Service is careful but inactive: score 92.3, yet 20 % active in the last 7 days against the 60 % bar.'
		);
		expect(v.teams.map((t) => t.standsOut)).toEqual([true, true]);
		// The admin is in no team and owns nothing: no score, no bar in the chart.
		expect(v.teamsWithoutRecords).toEqual(['No team']);
		expect(v.byTeam.data.labels).toEqual(['Field Service', 'Inside Sales']);
		expect(v.byTeam.data.series[0].values).toEqual([0.923, 0.633]);
		expect(v.byTeam.data.series[1].values).toEqual([0.2, 1]);
		expect(v.byTeam.summary).toBe(
			'Inside Sales: score 63.3, ‘Missing: company on 6 contacts’; 100 % active. 1 of 2 teams score under 80.'
		);
	});

	it('draws the trend per team from the daily snapshots, today’s taken on the way', () => {
		const { trend } = view(admin);
		expect(trend.data.labels).toEqual([TWO_DAYS_AGO, TODAY]);
		expect(trend.data.series.map((s) => [s.label, s.values])).toEqual([
			['Everyone in view', [75.8, 72.1]],
			['Field Service', [92.3, 92.3]],
			['Inside Sales', [65, 63.3]]
		]);
		expect(trend.summary).toBe(
			`Inside Sales, lowest on the last day, went from 65 to 63.3 between ${TWO_DAYS_AGO} and ${TODAY}; everyone in view from 75.8 to 72.1.`
		);
	});

	it('shows a manager their own team only', () => {
		const v = view(salesManager, { team: String(service) });
		expect(v.teams.map((t) => t.label)).toEqual(['Inside Sales']);
		expect(v.total).toMatchObject({ records: 6, score: 63.3 });
		// One team: its own line, no "everyone" line beside it.
		expect(v.trend.data.series.map((s) => s.label)).toEqual(['Inside Sales']);
		expect(view(serviceManager).teams.map((t) => t.label)).toEqual(['Field Service']);
	});

	it('measures use in the 7 days to the range’s end and quality as of now', () => {
		// A month back nobody had used the CRM: Inside Sales is then inactive and careless, not marked.
		const v = view(admin, { to: utcDay(NOW - 30 * DAY) });
		const sales = v.teams.find((t) => t.label === 'Inside Sales')!;
		expect(sales).toMatchObject({ rate: 0, score: 63.3, quadrant: 'inactive-careless', standsOut: false });
		expect(sales.sentence).toBe(
			'Inside Sales is inactive and careless: 0 % active in the last 7 days against the 60 % bar, score 63.3 — Missing: company on 6 contacts.'
		);
		// The snapshots are all after that day.
		expect(v.trend.days).toBe(0);
		expect(v.trend.summary).toBe('No daily scores recorded in this range yet.');
	});

	it('names the owners, worst first, only where the group has 5 people or the viewer is an admin', () => {
		// Inside Sales has 4 people: its manager sees the totals, no names.
		const small = view(salesManager);
		expect(small.owners).toEqual([]);
		expect(small.withheld).toEqual(['Inside Sales']);
		// Field Service has 5: its manager sees its owners.
		expect(view(serviceManager).owners.map((o) => [o.id, o.score, o.reason])).toEqual([
			[b[1].user.id, 75, 'Missing: phone on 1 company'],
			[b[0].user.id, 100, null]
		]);
		const all = view(admin);
		expect(all.withheld).toEqual([]);
		expect(all.owners.map((o) => [o.name, o.team, o.records, o.score])).toEqual([
			[a[0].user.name, 'Inside Sales', 2, 60],
			[a[1].user.name, 'Inside Sales', 2, 60],
			[a[2].user.name, 'Inside Sales', 2, 70],
			[b[1].user.name, 'Field Service', 1, 75],
			[b[0].user.name, 'Field Service', 2, 100]
		]);
		expect(all.owners[0].reason).toBe('Missing: company on 2 contacts');
	});

	it('is refused to a rep (no adoption.read)', () => {
		expect(() => view(a[0])).toThrow(expect.objectContaining({ status: 403 }));
	});

	it('is empty when the people in view own no records', () => {
		const v = view(admin, { role: String(admin.user.roleId) });
		expect(v.total.records).toBe(0);
		expect(v.teams).toEqual([]);
		expect(v.owners).toEqual([]);
	});

	it('counts no records of people no longer licensed, with or without filters', () => {
		const gone = makeActor('rep', { teamId: sales });
		createContact(gone, { lastName: 'Left behind', email: 'left@example.com' });
		db().update(schema.user).set({ active: false }).where(eq(schema.user.id, gone.user.id)).run();
		expect(view(admin).total).toMatchObject({ records: 9, score: 72.1 });
		expect(view(admin, { team: String(sales) }).total).toMatchObject({ records: 6, score: 63.3 });
	});

	it('puts a team in a quadrant by its score and its use against the target or 60 %', () => {
		expect(quadrantOf(79.9, 0.6, null)).toBe('active-careless');
		expect(quadrantOf(79.9, 0.5, 0.5)).toBe('active-careless');
		expect(quadrantOf(79.9, 0.59, null)).toBe('inactive-careless');
		expect(quadrantOf(80, 0.59, null)).toBe('careful-inactive');
		expect(quadrantOf(80, 0.7, 0.8)).toBe('careful-inactive');
		expect(quadrantOf(80, 0.8, 0.8)).toBe('active-careful');
	});
});
