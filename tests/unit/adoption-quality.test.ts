import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopeWhere } from '$lib/server/access/policy';
import {
	combine,
	describeProblem,
	ensureQualityFieldDefaults,
	ensureTodaySnapshot,
	qualityByOwner,
	qualityFields,
	qualityTrend,
	reasons,
	setQualityFields,
	snapshotQuality
} from '$lib/server/adoption/quality';
import { utcDay } from '$lib/server/audit/usage';
import type { Actor } from '$lib/server/auth/actor';
import { create as createCase } from '$lib/server/crm/cases';
import { create as createCompany } from '$lib/server/crm/companies';
import { create as createContact, update as updateContact } from '$lib/server/crm/contacts';
import { create as createDeal } from '$lib/server/crm/deals';
import { create as createStage } from '$lib/server/crm/pipeline';
import { db, schema } from '$lib/server/db';
import { InvalidInput } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

const DAY = 86_400_000;

let admin: Actor;
let rep1: Actor;
let rep2: Actor;
let rep3: Actor;
let teamA: number;
let teamB: number;
let rep2Contact: { id: number; version: number };

/**
 * Hand-counted fixtures with the default key fields (contact 3, deal 3, company 2, case 1; each
 * record also has a duplicate and a stale check):
 * - rep1 (team A): a complete company (4 checks); a complete contact and one without phone whose
 *   email rep2's contact shares (5 + 5); a deal without close date, an open deal past its close date
 *   and a won deal past its close date (5 + 5 + 5) → 6 records, 29 checks, 4 problems, 86.2.
 * - rep2 (team A): the contact with the shared email (typed in capitals), without company (5) and a
 *   complete case (3) → 2 records, 8 checks, 2 problems, 75.0.
 * - rep3 (team B): two companies sharing a domain (one without phone) and two whose names fold to
 *   the same key (one without domain and phone) → 4 records, 16 checks, 7 problems, 56.3.
 */
beforeAll(() => {
	ensureQualityFieldDefaults(db());
	admin = makeActor('admin');
	teamA = makeTeam('Hà Nội');
	teamB = makeTeam('Saigon');
	rep1 = makeActor('rep', { teamId: teamA });
	rep2 = makeActor('rep', { teamId: teamA });
	rep3 = makeActor('rep', { teamId: teamB });
	const lead = createStage(admin, { name: 'Lead', probability: '10', kind: 'open' }).id;
	const won = createStage(admin, { name: 'Won', probability: '100', kind: 'won' }).id;

	const saoMai = createCompany(rep1, {
		name: 'Sao Mai Foods',
		domain: 'saomai.example',
		phone: '+84 28 1234'
	});
	const an = createContact(rep1, {
		lastName: 'Nguyễn',
		firstName: 'An',
		email: 'an@saomai.example',
		phone: '+84 90 1',
		companyId: String(saoMai.id)
	});
	createContact(rep1, { lastName: 'Trần', email: 'shared@example.com', companyId: String(saoMai.id) });
	const deal = { amount: '1000', contactId: String(an.id) };
	createDeal(rep1, { ...deal, name: 'Pilot', stageId: String(lead) });
	createDeal(rep1, { ...deal, name: 'Renewal', stageId: String(lead), closeDate: '2020-01-15' });
	createDeal(rep1, { ...deal, name: 'First order', stageId: String(won), closeDate: '2020-02-01' });

	rep2Contact = createContact(rep2, { lastName: 'Lê', email: 'SHARED@example.com', phone: '+84 90 2' });
	createCase(rep2, { subject: 'Damaged goods', contactId: String(rep2Contact.id) });

	createCompany(rep3, { name: 'Bình Minh Trading', domain: 'binhminh.example' });
	createCompany(rep3, { name: 'Binh Minh Logistics', domain: 'www.binhminh.example', phone: '+84 28 5' });
	createCompany(rep3, { name: 'Phú Gia' });
	createCompany(rep3, { name: 'Phu Gia', domain: 'phugia.example', phone: '+84 28 6' });
});

const fixtureOwners = () => [rep1.user.id, rep2.user.id, rep3.user.id];

describe('data quality per owner', () => {
	it('counts checks, problems by reason and the score of each owner', () => {
		const rows = qualityByOwner(db(), { where: { ownerIds: fixtureOwners() } });
		expect(rows).toEqual([
			{
				ownerId: rep1.user.id,
				teamId: teamA,
				records: 6,
				checks: 29,
				problems: { 'contact.phone': 1, 'duplicate.contact': 1, 'deal.closeDate': 1, 'stale.deal': 1 },
				score: 86.2
			},
			{
				ownerId: rep2.user.id,
				teamId: teamA,
				records: 2,
				checks: 8,
				problems: { 'contact.companyId': 1, 'duplicate.contact': 1 },
				score: 75
			},
			{
				ownerId: rep3.user.id,
				teamId: teamB,
				records: 4,
				checks: 16,
				problems: { 'company.domain': 1, 'company.phone': 2, 'duplicate.company': 4 },
				score: 56.3
			}
		]);
		// Everyone's figures find duplicates another way (one pass over the duplicate keys): same counts.
		expect(qualityByOwner(db()).filter((r) => fixtureOwners().includes(r.ownerId))).toEqual(rows);
	});

	it('sums owners into a team and into everyone, and has no score for a group without records', () => {
		const rows = qualityByOwner(db(), { where: { ownerIds: fixtureOwners() } });
		expect(combine(rows.filter((r) => r.teamId === teamA))).toEqual({
			records: 8,
			checks: 37,
			problems: {
				'contact.phone': 1,
				'duplicate.contact': 2,
				'deal.closeDate': 1,
				'stale.deal': 1,
				'contact.companyId': 1
			},
			score: 83.8
		});
		expect(combine(rows)).toMatchObject({ records: 12, checks: 53, score: 75.5 });
		expect(combine([])).toEqual({ records: 0, checks: 0, problems: {}, score: null });
	});

	it('limits the records by the owners’ team or by a scope condition', () => {
		const team = qualityByOwner(db(), { where: { teamIds: [teamA] } });
		expect(team.map((r) => r.ownerId)).toEqual([rep1.user.id, rep2.user.id]);
		expect(qualityByOwner(db(), { where: { teamIds: [] } })).toEqual([]);
		const own = qualityByOwner(db(), { where: (c) => scopeWhere(rep2.user, c) });
		expect(own).toEqual([expect.objectContaining({ ownerId: rep2.user.id, records: 2, score: 75 })]);
	});

	it('finds open deals and cases untouched for longer than the stale days at the given time', () => {
		const agent = makeActor('rep', { teamId: teamB });
		createCase(agent, { subject: 'Waiting for parts', status: 'open' });
		createCase(agent, { subject: 'Refund paid', status: 'resolved' });
		const at = (now: number, staleDays?: number) =>
			qualityByOwner(db(), { where: { ownerIds: [agent.user.id] }, now, staleDays })[0];
		expect(at(Date.now())).toMatchObject({
			records: 2,
			checks: 6,
			problems: { 'case.contactId': 2 },
			score: 66.7
		});
		expect(at(Date.now() + 31 * DAY)).toMatchObject({
			problems: { 'case.contactId': 2, 'stale.case': 1 },
			score: 50
		});
		expect(at(Date.now() + 10 * DAY).problems['stale.case']).toBeUndefined();
		expect(at(Date.now() + 10 * DAY, 7).problems['stale.case']).toBe(1);
		// rep1's open deal without close date goes stale too; the won deal never does.
		const rep1Later = qualityByOwner(db(), {
			where: { ownerIds: [rep1.user.id] },
			now: Date.now() + 31 * DAY
		})[0];
		expect(rep1Later.problems['stale.deal']).toBe(2);
	});
});

describe('reasons', () => {
	it('read as sentences with singular and plural right', () => {
		expect(describeProblem('deal.closeDate', 41)).toBe('Missing: close date on 41 deals');
		expect(describeProblem('deal.closeDate', 1)).toBe('Missing: close date on 1 deal');
		expect(describeProblem('company.domain', 2)).toBe('Missing: web domain on 2 companies');
		expect(describeProblem('duplicate.contact', 3)).toBe('3 duplicate contacts');
		expect(describeProblem('duplicate.company', 1)).toBe('1 duplicate company');
		expect(describeProblem('stale.deal', 12)).toBe('12 open deals past close date or untouched for 30 days');
		expect(describeProblem('stale.deal', 1)).toBe('1 open deal past close date or untouched for 30 days');
		expect(describeProblem('stale.case', 2, 14)).toBe('2 open cases untouched for 14 days');
		expect(describeProblem('stale.case', 1, 1)).toBe('1 open case untouched for 1 day');
	});

	it('list a group’s problems, the largest first', () => {
		expect(reasons({ 'contact.phone': 1, 'duplicate.company': 4 }).map((r) => r.text)).toEqual([
			'4 duplicate companies',
			'Missing: phone on 1 contact'
		]);
	});
});

describe('key fields', () => {
	const auditRows = () =>
		db()
			.select({ n: count() })
			.from(schema.auditLog)
			.where(eq(schema.auditLog.entity, 'quality_field'))
			.get()!.n;

	it('start with the defaults once, and an admin’s removal survives the next start', () => {
		expect(qualityFields(db())).toEqual({
			contact: ['email', 'phone', 'companyId'],
			company: ['domain', 'phone'],
			deal: ['amountMinor', 'closeDate', 'contactId'],
			case: ['contactId']
		});
		ensureQualityFieldDefaults(db());
		expect(db().select({ n: count() }).from(schema.qualityField).get()!.n).toBe(9);
		expect(setQualityFields(admin, 'contact', ['companyId', 'email'])).toEqual(['email', 'companyId']);
		ensureQualityFieldDefaults(db());
		expect(qualityFields(db()).contact).toEqual(['email', 'companyId']);
		// rep2's contact now has 4 checks: one fewer field, nothing else changes.
		const [row] = qualityByOwner(db(), { where: { ownerIds: [rep2.user.id] } });
		expect(row).toMatchObject({ checks: 7, problems: { 'contact.companyId': 1, 'duplicate.contact': 1 } });
		setQualityFields(admin, 'contact', ['email', 'phone', 'companyId']);
	});

	it('are set by an admin in one audited change; unknown fields and objects are refused by name', () => {
		const before = auditRows();
		const refused = (() => {
			try {
				setQualityFields(admin, 'deal', ['closeDate', 'nickname']);
			} catch (e) {
				return e;
			}
		})();
		expect(refused).toBeInstanceOf(InvalidInput);
		expect((refused as InvalidInput).fieldErrors).toEqual({
			nickname: 'Deals have no field “nickname” to check; choose among amount, close date, contact, company.'
		});
		expect(() => setQualityFields(admin, 'lead', ['email'])).toThrow(
			expect.objectContaining({ fieldErrors: { entity: 'Choose contacts, companies, deals or cases.' } })
		);
		expect(() => setQualityFields(rep1, 'deal', ['closeDate'])).toThrow(
			expect.objectContaining({ status: 403 })
		);
		expect(auditRows()).toBe(before);

		expect(setQualityFields(admin, 'case', ['contactId', 'description'])).toEqual([
			'contactId',
			'description'
		]);
		expect(auditRows()).toBe(before + 1);
		const entry = db()
			.select()
			.from(schema.auditLog)
			.where(eq(schema.auditLog.entity, 'quality_field'))
			.orderBy(schema.auditLog.id)
			.all()
			.at(-1)!;
		expect(entry).toMatchObject({
			userId: admin.user.id,
			action: 'update',
			entityId: 'case',
			before: { entity: 'case', fields: ['contactId'] },
			after: { entity: 'case', fields: ['contactId', 'description'] }
		});
		const usage = db()
			.select({ n: count() })
			.from(schema.usageEvent)
			.where(
				and(eq(schema.usageEvent.module, 'admin.settings'), eq(schema.usageEvent.entity, 'quality_field'))
			)
			.get()!.n;
		expect(usage).toBeGreaterThan(0);
		// The same choice again changes nothing and logs nothing.
		setQualityFields(admin, 'case', ['description', 'contactId']);
		expect(auditRows()).toBe(before + 1);
		setQualityFields(admin, 'case', ['contactId']);
	});
});

describe('snapshots and the trend', () => {
	const snapshotRows = (day: string) =>
		db().select().from(schema.qualitySnapshot).where(eq(schema.qualitySnapshot.day, day)).all();

	it('replace a day’s rows when taken again, and combine the chosen owners per day', () => {
		const owners = qualityByOwner(db()).length;
		expect(snapshotQuality(db(), '2026-01-01')).toBe(owners);
		expect(snapshotQuality(db(), '2026-01-01')).toBe(owners);
		const day1 = snapshotRows('2026-01-01');
		expect(day1).toHaveLength(owners);
		expect(day1.find((r) => r.ownerId === rep2.user.id)).toMatchObject({
			teamId: teamA,
			records: 2,
			score: 75,
			problems: { 'contact.companyId': 1, 'duplicate.contact': 1 }
		});

		// rep2 adds a complete company and links their contact to it: 1 problem in 12 checks the next day.
		const company = createCompany(rep2, {
			name: 'Lê Trading',
			domain: 'letrading.example',
			phone: '+84 28 7'
		});
		updateContact(
			rep2,
			rep2Contact.id,
			{ lastName: 'Lê', email: 'shared@example.com', phone: '+84 90 2', companyId: String(company.id) },
			rep2Contact.version
		);
		snapshotQuality(db(), '2026-01-02');
		expect(snapshotRows('2026-01-02').find((r) => r.ownerId === rep2.user.id)).toMatchObject({
			records: 3,
			score: 91.7
		});

		// Team A, each owner weighted by their checks as the live score is: rep1 86.2 over 29 checks and
		// rep2 75.0 over 8 → 3099.8 / 37 = 83.8 (the team's live score above); then rep2 91.7 over 12 →
		// 3600.2 / 41 = 87.8.
		expect(qualityTrend(db(), { teamIds: [teamA], since: '2026-01-01' })).toEqual([
			{ day: '2026-01-01', score: 83.8, records: 8 },
			{ day: '2026-01-02', score: 87.8, records: 9 }
		]);
		expect(qualityTrend(db(), { ownerIds: [rep2.user.id], since: '2026-01-02' })).toEqual([
			{ day: '2026-01-02', score: 91.7, records: 3 }
		]);
		expect(qualityTrend(db(), { teamIds: [teamB], ownerIds: [rep2.user.id], since: '2026-01-01' })).toEqual(
			[]
		);
	});

	it('are taken for today only when today has none', () => {
		const today = utcDay(Date.now());
		expect(snapshotRows(today)).toHaveLength(0);
		expect(ensureTodaySnapshot(db())).toBe(true);
		const taken = snapshotRows(today).length;
		expect(taken).toBeGreaterThan(0);
		expect(ensureTodaySnapshot(db())).toBe(false);
		expect(snapshotRows(today)).toHaveLength(taken);
	});
});
