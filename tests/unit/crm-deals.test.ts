import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compactMoney } from '$lib/components/crm/compact-money';
import { parseAmount } from '$lib/schemas/crm';
import { create as createCompany } from '$lib/server/crm/companies';
import { board, create, get, list, moveToStage, update } from '$lib/server/crm/deals';
import { create as createStage, remove as removeStage } from '$lib/server/crm/pipeline';
import { db, schema } from '$lib/server/db';
import { InvalidInput, Refused, StaleRecord } from '$lib/server/validation';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor, makeTeam } from './helpers';

let admin: Actor;
let lead: number;
let proposal: number;

beforeAll(() => {
	admin = makeActor('admin');
	lead = createStage(admin, { name: 'Lead', probability: '10', kind: 'open' }).id;
	proposal = createStage(admin, { name: 'Proposal', probability: '50', kind: 'open' }).id;
});

describe('amounts', () => {
	it('are parsed exactly into minor units', () => {
		expect(parseAmount('12,500.50')).toBe(1_250_050);
		expect(parseAmount('0.1')).toBe(10);
		expect(parseAmount('7')).toBe(700);
		expect(parseAmount('1.234')).toBeNull();
		expect(parseAmount('-5')).toBeNull();
		expect(parseAmount('12e3')).toBeNull();
	});
});

describe('deals', () => {
	it('take the stage’s probability unless given, and link a company by name', () => {
		const company = createCompany(admin, { name: 'Sao Mai Foods' });
		const d = create(admin, {
			name: 'Pilot order',
			companyName: 'sao mai foods',
			amount: '10,000',
			currency: 'EUR',
			stageId: String(lead)
		});
		expect(d).toMatchObject({ companyId: company.id, amountMinor: 1_000_000, probability: 10 });
		const moved = moveToStage(admin, d.id, proposal, d.version);
		expect(moved.probability).toBe(50);
		const custom = update(
			admin,
			d.id,
			{ name: 'Pilot order', amount: '10000', currency: 'EUR', stageId: String(proposal), probability: '65' },
			moved.version
		);
		expect(custom.probability).toBe(65);
	});

	it('refuse bad amounts, stages and dates beside the fields', () => {
		const error = (() => {
			try {
				create(admin, { name: 'Bad', amount: 'lots', stageId: '99999', closeDate: '2026-13-45' });
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(InvalidInput);
		expect(Object.keys((error as InvalidInput).fieldErrors).sort()).toEqual(['amount', 'closeDate']);
		expect(() => create(admin, { name: 'Bad stage', stageId: '99999' })).toThrow(
			expect.objectContaining({ fieldErrors: { stageId: 'Choose one of the listed stages.' } })
		);
	});

	it('merge a move based on a stale version with the edit saved since, and refuse one racing another move', () => {
		const d = create(admin, { name: 'Race', stageId: String(lead) });
		update(admin, d.id, { name: 'Race renamed', stageId: String(lead) }, d.version);
		expect(moveToStage(admin, d.id, proposal, d.version)).toMatchObject({
			name: 'Race renamed',
			stageId: proposal
		});
		const other = createStage(admin, { name: 'Negotiation', probability: '70', kind: 'open' }).id;
		// A board opened before that move: moving the card elsewhere is a conflict, not a silent overwrite.
		expect(() => moveToStage(admin, d.id, other, d.version)).toThrow(StaleRecord);
		expect(get(admin, d.id).stageId).toBe(proposal);
	});

	it('sum per stage and currency on the board, weighted by probability, within the actor’s scope', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		create(rep, { name: 'A', amount: '1000', currency: 'GBP', stageId: String(proposal) });
		create(rep, { name: 'B', amount: '3000', currency: 'GBP', stageId: String(proposal) });
		create(rep, { name: 'C', amount: '500', currency: 'VND', stageId: String(lead) });
		const columns = board(rep);
		const proposalColumn = columns.find((c) => c.stage.id === proposal)!;
		expect(proposalColumn.totals).toEqual([
			{ stageId: proposal, currency: 'GBP', deals: 2, amountMinor: 400_000, weightedMinor: 200_000 }
		]);
		expect(proposalColumn.deals.map((d) => d.name).sort()).toEqual(['A', 'B']);
		expect(list(rep, { q: '', sort: 'name', dir: 'asc', page: 1 }).total).toBe(3);
	});

	it('a stage holding deals cannot be removed', () => {
		expect(() => removeStage(admin, lead)).toThrow(Refused);
		const empty = createStage(admin, { name: 'Unused', probability: '0', kind: 'lost' });
		removeStage(admin, empty.id);
		expect(
			db().select().from(schema.pipelineStage).where(eq(schema.pipelineStage.id, empty.id)).get()
		).toBeUndefined();
	});
});

describe('the pipeline board', () => {
	it('refuses a move racing another person’s move, saying who moved the deal and where it is now', () => {
		const colleague = makeActor('admin');
		const won = createStage(admin, { name: 'Closing', probability: '90', kind: 'open' }).id;
		const d = create(admin, { name: 'Two boards', stageId: String(lead) });
		moveToStage(colleague, d.id, proposal, d.version);
		let refused: unknown;
		try {
			moveToStage(admin, d.id, won, d.version);
		} catch (e) {
			refused = e;
		}
		expect(refused).toBeInstanceOf(StaleRecord);
		expect((refused as StaleRecord).message).toBe(
			`${colleague.user.name} moved “Two boards” to Proposal after you loaded the board, so it was not moved to ` +
				'Closing. The board now shows it in Proposal: move it again if it still belongs in Closing.'
		);
		// Nothing half-done: the deal stays where the colleague put it, with that stage's probability.
		expect(get(admin, d.id)).toMatchObject({ stageId: proposal, probability: 50 });
		// Moving it again from the board as it is now works.
		expect(moveToStage(admin, d.id, won, get(admin, d.id).version)).toMatchObject({
			stageId: won,
			probability: 90
		});
	});

	it('refuses a stage that does not exist beside the field, not as a missing page', () => {
		const d = create(admin, { name: 'Nowhere', stageId: String(lead) });
		expect(() => moveToStage(admin, d.id, 987_654, d.version)).toThrow(InvalidInput);
		expect(get(admin, d.id).stageId).toBe(lead);
	});

	it('counts every deal of a stage in the filter, though it lists at most `perStage` cards, newest first', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		for (const name of ['P1', 'P2', 'P3'])
			create(rep, { name, amount: '100', currency: 'EUR', stageId: String(proposal) });
		create(rep, { name: 'P4', amount: '100', currency: 'GBP', stageId: String(proposal) });
		const column = board(rep, {}, 2).find((c) => c.stage.id === proposal)!;
		expect(column.count).toBe(4);
		expect(column.deals.map((d) => d.name)).toEqual(['P4', 'P3']);
		expect(column.totals.map((t) => [t.currency, t.deals])).toEqual([
			['EUR', 3],
			['GBP', 1]
		]);
	});
});

describe('compact amounts on the board', () => {
	it('keep at most three figures, in the currency, the same on server and browser', () => {
		expect(compactMoney(95_000, 'EUR')).toBe('EUR 950');
		expect(compactMoney(125_000, 'GBP')).toBe('GBP 1.3k');
		expect(compactMoney(2_400_000, 'GBP')).toBe('GBP 24k');
		expect(compactMoney(99_960_000, 'GBP')).toBe('GBP 1M');
		expect(compactMoney(123_456_789_000, 'VND')).toBe('VND 1.2B');
		expect(compactMoney(0, 'INR')).toBe('INR 0');
	});
});
