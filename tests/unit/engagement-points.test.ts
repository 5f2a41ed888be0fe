import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rollback } from '$lib/server/audit/rollback';
import { commit, plan, undo, upload } from '$lib/server/imports/batches';
import { ensureQualityFieldDefaults } from '$lib/server/adoption/quality';
import {
	create as createContact,
	remove as removeContact,
	update as updateContact
} from '$lib/server/crm/contacts';
import { create as createDeal, moveToStage, remove as removeDeal } from '$lib/server/crm/deals';
import { log as logActivity } from '$lib/server/crm/activities';
import { create as createStage } from '$lib/server/crm/pipeline';
import { db } from '$lib/server/db';
import { improvedBoard, peopleBoard, rankBy, teamBoard } from '$lib/server/engagement/boards';
import { utcDay, weekOf as weekOfDay } from '$lib/server/audit/usage';
import { awardRecorded, rebuildPointsRollups } from '$lib/server/engagement/points';
import { setRules } from '$lib/server/engagement/rules';
import { InvalidInput } from '$lib/server/validation';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor, makeTeam } from './helpers';

let admin: Actor;
let rep: Actor;
let lead: number;
let proposal: number;
let won: number;
let team: number;

const client = () => db().$client;
const utcDayOffset = (days: number) => utcDay(Date.now() + days * 86_400_000);
const ledger = (userId: number) =>
	client()
		.prepare(
			'SELECT action, points, counted, reason, reversed, reverses_id AS reversesId FROM points_ledger WHERE user_id = ? ORDER BY id'
		)
		.all(userId) as {
		action: string;
		points: number;
		counted: number;
		reason: string;
		reversed: number;
		reversesId: number | null;
	}[];
const total = (userId: number) =>
	client()
		.prepare('SELECT coalesce(sum(points), 0) FROM points_ledger WHERE user_id = ?')
		.pluck()
		.get(userId) as number;
const dayRollup = (userId: number) =>
	client()
		.prepare('SELECT action, n, paid, points FROM points_day WHERE user_id = ? ORDER BY action')
		.all(userId);
/** The rollups rebuilt by hand from the ledger: what `points_day` must hold. */
const dayFromLedger = (userId: number) =>
	client()
		.prepare(
			`SELECT action, sum(counted) AS n, sum(CASE WHEN points > 0 THEN 1 WHEN points < 0 THEN -1 ELSE 0 END) AS paid,
			 sum(points) AS points FROM points_ledger WHERE user_id = ? AND counted <> 0 GROUP BY day, action ORDER BY action`
		)
		.all(userId);

beforeAll(() => {
	admin = makeActor('admin');
	ensureQualityFieldDefaults(db());
	team = makeTeam('Sales Points');
	rep = makeActor('rep', { teamId: team });
	lead = createStage(admin, { name: 'Lead', probability: '10', kind: 'open' }).id;
	proposal = createStage(admin, { name: 'Proposal', probability: '50', kind: 'open' }).id;
	won = createStage(admin, { name: 'Won', probability: '100', kind: 'won' }).id;
});

describe('points', () => {
	it('are given for a complete deal and not for an incomplete one, which says what is missing', () => {
		const contact = createContact(rep, {
			firstName: 'An',
			lastName: 'Tran',
			email: 'an@example.com',
			phone: '+84 1'
		});
		const complete = createDeal(rep, {
			name: 'Complete',
			amount: '5,000',
			closeDate: '2027-01-31',
			contactId: String(contact.id),
			stageId: String(lead)
		});
		createDeal(rep, { name: 'Incomplete', stageId: String(lead) });
		const deals = ledger(rep.user.id).filter((l) => l.action === 'deal.created');
		expect(deals).toHaveLength(2);
		expect(deals[0]).toMatchObject({ points: 10, counted: 1 });
		expect(deals[1]).toMatchObject({ points: 0, counted: 0 });
		expect(deals[1].reason).toContain('missing amount, close date, contact');
		// Moving the complete deal forward earns once per stage, winning it once.
		let d = moveToStage(rep, complete.id, proposal, complete.version);
		d = moveToStage(rep, d.id, lead, d.version);
		d = moveToStage(rep, d.id, proposal, d.version);
		moveToStage(rep, d.id, won, d.version);
		const actions = ledger(rep.user.id).map((l) => `${l.action}:${l.points}`);
		expect(actions.filter((a) => a === 'deal.advanced:5')).toHaveLength(1);
		expect(actions.filter((a) => a === 'deal.won:20')).toHaveLength(1);
		expect(dayRollup(rep.user.id)).toEqual(dayFromLedger(rep.user.id));
	});

	it('are taken back when the record is deleted (by whoever deletes it), as new ledger rows', () => {
		const manager = makeActor('manager', { teamId: team });
		const before = total(rep.user.id);
		const contact = createContact(rep, { lastName: 'Nguyễn', email: 'n@example.com', phone: '+84 2' });
		const deal = createDeal(rep, {
			name: 'To delete',
			amount: '100',
			closeDate: '2027-02-01',
			contactId: String(contact.id),
			stageId: String(lead)
		});
		// The contact lacks its company (a default key field): it earns nothing, and says so.
		expect(ledger(rep.user.id).at(-2)!.reason).toContain('no points, missing company');
		expect(total(rep.user.id)).toBe(before + 10);
		removeDeal(manager, deal.id);
		expect(total(rep.user.id)).toBe(before);
		const rows = ledger(rep.user.id);
		const reversal = rows.at(-1)!;
		expect(reversal).toMatchObject({ action: 'deal.created', points: -10, counted: -1 });
		expect(reversal.reason).toContain('deleted');
		expect(rows.find((r) => r.action === 'deal.created' && r.points === 10 && r.reversed === 1)).toBeTruthy();
		removeContact(manager, contact.id);
		expect(total(rep.user.id)).toBe(before);
		expect(ledger(rep.user.id).at(-1)!.action).toBe('deal.created');
		expect(dayRollup(rep.user.id)).toEqual(dayFromLedger(rep.user.id));
	});

	it('stop at the daily cap, counting the capped actions with 0 points', () => {
		const busy = makeActor('rep', { teamId: team });
		const contact = createContact(busy, {
			lastName: 'Cap',
			email: 'cap@example.com',
			phone: '+49 30 1234567'
		});
		for (let i = 0; i < 22; i++)
			logActivity(busy, { type: 'call', subject: `Call ${i}`, contactId: String(contact.id) });
		logActivity(busy, { type: 'note', subject: 'Unlinked', dealId: '', contactId: String(contact.id) });
		const calls = ledger(busy.user.id).filter((l) => l.action === 'activity.logged');
		expect(calls.filter((c) => c.points === 2)).toHaveLength(20);
		expect(calls.filter((c) => c.points === 0 && c.counted === 1)).toHaveLength(3);
		expect(calls.at(-1)!.reason).toContain('daily cap of 20');
		// The ten-activities badge, once.
		const badges = client()
			.prepare(
				'SELECT count(*) FROM badge_award a JOIN badge b ON b.id = a.badge_id WHERE a.user_id = ? AND b.key = ?'
			)
			.pluck()
			.get(busy.user.id, 'ten-activities');
		expect(badges).toBe(1);
	});

	it('reward filling an empty key field once per field and record', () => {
		const fixer = makeActor('rep', { teamId: team });
		const c = createContact(fixer, { lastName: 'Fix', email: 'fix@example.com' });
		let now = updateContact(
			fixer,
			c.id,
			{ lastName: 'Fix', email: 'fix@example.com', phone: '+1 555' },
			c.version
		);
		now = updateContact(fixer, c.id, { lastName: 'Fix', email: 'fix@example.com', phone: '' }, now.version);
		updateContact(fixer, c.id, { lastName: 'Fix', email: 'fix@example.com', phone: '+1 556' }, now.version);
		const fixes = ledger(fixer.user.id).filter((l) => l.action === 'quality.fixed');
		expect(fixes).toHaveLength(1);
		expect(fixes[0]).toMatchObject({ points: 1 });
		expect(fixes[0].reason).toContain('phone');
	});
});

describe('points taken back', () => {
	it('when the change is rolled back', () => {
		const fixer = makeActor('admin');
		const c = createContact(fixer, { lastName: 'Roll', email: 'roll@example.com' });
		const fixed = updateContact(
			fixer,
			c.id,
			{ lastName: 'Roll', email: 'roll@example.com', phone: '+44 20 7946 0999' },
			c.version
		);
		expect(total(fixer.user.id)).toBe(1);
		const fixAudit = client()
			.prepare(
				"SELECT id FROM audit_log WHERE entity = 'contact' AND entity_id = ? AND action = 'update' ORDER BY id DESC LIMIT 1"
			)
			.pluck()
			.get(String(c.id)) as number;
		rollback(fixer, fixAudit);
		expect(total(fixer.user.id)).toBe(0);
		expect(ledger(fixer.user.id).at(-1)!.reason).toBe('The change was rolled back');
		// Filling it again counts: the first fix no longer stands.
		const v = client().prepare('SELECT version FROM contact WHERE id = ?').pluck().get(c.id) as number;
		updateContact(fixer, c.id, { lastName: 'Roll', email: 'roll@example.com', phone: '+44 20 7946 0998' }, v);
		expect(total(fixer.user.id)).toBe(1);
		void fixed;
	});

	it('when the import of the record is undone', async () => {
		const importer = makeActor('admin');
		const file = new File([readFileSync('tests/fixtures/salesforce-contacts.csv')], 'sf.csv');
		const { id } = await upload(importer, 'contact', file);
		plan(importer, id);
		commit(importer, id);
		// Imported records earn nothing by themselves; a replay of recorded work (as the demo's season
		// is made) may give points for one, and undoing the import takes them back.
		expect(ledger(importer.user.id)).toEqual([]);
		const zoe = client()
			.prepare('SELECT id FROM contact WHERE email = ?')
			.pluck()
			.get('zoe.hartley@kingfisher-supplies.example') as number;
		awardRecorded(
			client(),
			{
				userId: importer.user.id,
				teamId: null,
				action: 'contact.created',
				entity: 'contact',
				entityId: String(zoe),
				detail: '',
				what: 'Created contact Zoë Hartley',
				missing: []
			},
			Date.now()
		);
		expect(total(importer.user.id)).toBe(2);
		undo(importer, id);
		expect(total(importer.user.id)).toBe(0);
		expect(ledger(importer.user.id).at(-1)!.reason).toBe('Its import was undone');
		expect(dayRollup(importer.user.id)).toEqual(dayFromLedger(importer.user.id));
	});

	it('never by editing the ledger: it is append-only, and its rollups rebuild to what the awards kept', () => {
		expect(() => client().prepare('DELETE FROM points_ledger').run()).toThrow(/append-only/);
		expect(() => client().prepare('UPDATE points_ledger SET points = 1000').run()).toThrow(/append-only/);
		const live = client().prepare('SELECT * FROM points_day ORDER BY day, user_id, action').all();
		const periods = client()
			.prepare('SELECT * FROM points_period WHERE points <> 0 ORDER BY period, user_id')
			.all();
		rebuildPointsRollups();
		expect(client().prepare('SELECT * FROM points_day ORDER BY day, user_id, action').all()).toEqual(live);
		expect(
			client().prepare('SELECT * FROM points_period WHERE points <> 0 ORDER BY period, user_id').all()
		).toEqual(periods);
	});
});

describe('rules', () => {
	it('refuse negative and absurd values beside the field, and apply to what comes next', () => {
		const values: Record<string, string> = {};
		for (const a of [
			'activity.logged',
			'contact.created',
			'deal.created',
			'deal.advanced',
			'deal.won',
			'case.closed',
			'quality.fixed',
			'course.completed',
			'pain_point.addressed'
		]) {
			values[`points.${a}`] = '3';
			values[`cap.${a}`] = '10';
			values[`enabled.${a}`] = 'on';
		}
		try {
			setRules(admin, { ...values, 'points.deal.created': '-5', 'cap.deal.won': '100000' });
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(InvalidInput);
			expect((e as InvalidInput).fieldErrors['points.deal.created']).toContain('cannot be negative');
			expect((e as InvalidInput).fieldErrors['cap.deal.won']).toContain('At most 200');
		}
		expect(setRules(admin, { ...values, 'points.deal.created': '25', 'enabled.quality.fixed': '' })).toBe(9);
		const later = makeActor('rep', { teamId: team });
		const contact = createContact(later, {
			lastName: 'Later',
			email: 'l@example.com',
			phone: '+49 30 7654321'
		});
		createDeal(later, {
			name: 'Later',
			amount: '1',
			closeDate: '2027-03-01',
			contactId: String(contact.id),
			stageId: String(lead)
		});
		expect(ledger(later.user.id).map((l) => `${l.action}:${l.points}`)).toEqual([
			'contact.created:0',
			'deal.created:25'
		]);
		const audited = client()
			.prepare("SELECT count(*) FROM audit_log WHERE entity = 'points_rule'")
			.pluck()
			.get();
		expect(audited).toBe(9);
	});
});

describe('boards', () => {
	it('rank with shared places and show a rep the top 3 and their own place', () => {
		expect(rankBy([{ s: 5 }, { s: 9 }, { s: 5 }, { s: 1 }], (r) => r.s).map((r) => r.rank)).toEqual([
			1, 2, 2, 4
		]);
		const board = peopleBoard(rep, 'week');
		expect(board.whole).toBe(false);
		expect(board.rows.length).toBeLessThanOrEqual(3);
		const mine = board.rows.find((r) => r.you) ?? board.yours;
		expect(mine?.userId).toBe(rep.user.id);
		expect(peopleBoard(admin, 'week').whole).toBe(true);
		const teams = teamBoard(rep, 'week');
		const ours = teams.find((t) => t.teamId === team)!;
		expect(ours.perHead).toBe(Math.round((ours.points / ours.heads) * 10) / 10);
		expect(ours.heads).toBe(5);
	});
});

describe('most improved', () => {
	it('lists only people who earned more than in their own previous period', () => {
		const client = db().$client;
		const lastWeek = utcDayOffset(-7);
		const improver = makeActor('rep', { teamId: team });
		const slower = makeActor('rep', { teamId: team });
		const bump = client.prepare(
			'INSERT INTO points_period (period, user_id, points) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET points = points + excluded.points'
		);
		bump.run(`w:${weekOfDay(lastWeek)}`, improver.user.id, 5);
		bump.run(`w:${weekOfDay(utcDayOffset(0))}`, improver.user.id, 9);
		bump.run(`w:${weekOfDay(lastWeek)}`, slower.user.id, 50);
		bump.run(`w:${weekOfDay(utcDayOffset(0))}`, slower.user.id, 10);
		const rows = improvedBoard(admin, 'week').rows;
		expect(rows.find((r) => r.userId === improver.user.id)?.points).toBe(4);
		expect(rows.some((r) => r.userId === slower.user.id)).toBe(false);
		expect(rows.every((r) => r.points > 0)).toBe(true);
	});
});

describe('a rules form opened before someone else saved', () => {
	it('is refused whole instead of putting their values back', async () => {
		const { rulesStamp } = await import('$lib/server/engagement/rules');
		const { Refused } = await import('$lib/server/validation');
		const opened = rulesStamp();
		const values: Record<string, string> = { stamp: opened };
		for (const r of (await import('$lib/server/engagement/rules')).rules()) {
			values[`points.${r.action}`] = String(r.points);
			values[`cap.${r.action}`] = String(r.dailyCap);
			if (r.enabled) values[`enabled.${r.action}`] = 'on';
		}
		// Another admin changes "Resolve a case" from the same page.
		expect(setRules(admin, { ...values, 'points.case.closed': '7' })).toBe(1);
		// The first form, still holding the old stamp and the old 5 points, changes another rule.
		expect(() => setRules(admin, { ...values, 'points.contact.created': '4' })).toThrow(Refused);
		expect(
			client().prepare("SELECT points FROM points_rule WHERE action = 'case.closed'").pluck().get()
		).toBe(7);
	});
});
