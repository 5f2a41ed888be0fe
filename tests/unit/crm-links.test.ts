import { describe, expect, it } from 'vitest';
import {
	companySuggestions,
	create as createCompany,
	remove as removeCompany
} from '$lib/server/crm/companies';
import { create, detail, get, update } from '$lib/server/crm/contacts';
import { create as createDeal, get as getDeal, update as updateDeal } from '$lib/server/crm/deals';
import { create as createStage } from '$lib/server/crm/pipeline';
import { InvalidInput } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

/** What the contact form posts for `c`: every field, the company as its hidden id and shown name. */
function posted(c: ReturnType<typeof get>, companyName: string, changes: Record<string, string> = {}) {
	return {
		firstName: c.firstName,
		lastName: c.lastName,
		email: c.email,
		phone: c.phone,
		title: c.title,
		city: c.city,
		country: c.country,
		ownerId: String(c.ownerId),
		companyId: c.companyId === null ? '' : String(c.companyId),
		companyName,
		...changes
	};
}

function fieldErrors(run: () => unknown): Record<string, string> {
	try {
		run();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors;
		throw e;
	}
	return {};
}

describe('a record’s company link', () => {
	it('is kept on save although the company is outside the rep’s scope', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const admin = makeActor('admin');
		const theirs = createCompany(admin, { name: `Elsewhere ${Date.now()}` });
		const c = create(admin, {
			lastName: 'Linked',
			companyId: String(theirs.id),
			ownerId: String(rep.user.id)
		});
		const saved = update(rep, c.id, posted(c, theirs.name, { phone: '+44 20 7946 0000' }), c.version);
		expect(saved).toMatchObject({ companyId: theirs.id, phone: '+44 20 7946 0000' });
		// Its page shows the company's name only, not a link to a page the rep cannot open.
		expect(detail(rep, c.id).company).toEqual({ id: theirs.id, name: theirs.name, visible: false });
		expect(detail(admin, c.id).company).toMatchObject({ visible: true });
		// Linking a new record to it still needs the company in scope.
		expect(fieldErrors(() => create(rep, { lastName: 'New', companyId: String(theirs.id) }))).toHaveProperty(
			'companyName'
		);
	});

	it('is kept when another company shares the name, and a shared name is chosen by its (#id)', () => {
		const admin = makeActor('admin');
		const name = `Twin Trading ${Date.now()}`;
		const one = createCompany(admin, { name, city: 'Leeds' });
		const two = createCompany(admin, { name, city: 'York' });
		const c = create(admin, { lastName: 'Twin', companyId: String(one.id) });
		expect(update(admin, c.id, posted(c, name, { title: 'Buyer' }), c.version).companyId).toBe(one.id);
		const now = get(admin, c.id);
		// Typing the shared name alone cannot say which: a clear message, nothing written.
		expect(
			fieldErrors(() => update(admin, c.id, posted({ ...now, companyId: null }, name), now.version))
				.companyName
		).toMatch(/Several companies are called/);
		// The suggestions tell them apart, and what they write chooses one.
		const suggested = companySuggestions(admin, name).map((s) => s.label);
		expect(suggested).toEqual([`${name} (#${one.id})`, `${name} (#${two.id})`]);
		expect(update(admin, c.id, posted(now, `${name} (#${two.id})`), now.version).companyId).toBe(two.id);
		// An id with another company's name is not a choice.
		expect(
			fieldErrors(() => update(admin, c.id, posted(now, `Other name (#${two.id})`), now.version))
		).toHaveProperty('companyName');
	});

	it('is removed by emptying the field, and changed by typing a name one company in scope has', () => {
		const rep = makeActor('rep');
		const first = createCompany(rep, { name: `First ${Date.now()}` });
		const second = createCompany(rep, { name: `Second ${Date.now()}` });
		const c = create(rep, { lastName: 'Moves', companyId: String(first.id) });
		const moved = update(rep, c.id, posted(c, second.name.toUpperCase()), c.version);
		expect(moved.companyId).toBe(second.id);
		expect(update(rep, c.id, posted(moved, ''), moved.version).companyId).toBeNull();
	});

	it('suggests only companies in scope', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const admin = makeActor('admin');
		const tag = `Scoped${Date.now()}`;
		createCompany(rep, { name: `${tag} mine` });
		createCompany(admin, { name: `${tag} not mine` });
		expect(companySuggestions(rep, tag).map((s) => s.label)).toEqual([`${tag} mine`]);
	});
});

describe('a post that leaves a field out', () => {
	it('keeps the stored value (a missing field is not an empty one)', () => {
		const rep = makeActor('rep');
		const company = createCompany(rep, { name: `Kept ${Date.now()}` });
		const c = create(rep, {
			lastName: 'Partial',
			phone: '+1 555 0101',
			city: 'Austin',
			companyId: String(company.id)
		});
		const saved = update(rep, c.id, { lastName: 'Partial', title: 'CTO' }, c.version);
		expect(saved).toMatchObject({
			phone: '+1 555 0101',
			city: 'Austin',
			title: 'CTO',
			companyId: company.id
		});
		// An empty field is still an empty field.
		expect(update(rep, c.id, { lastName: 'Partial', phone: '' }, saved.version).phone).toBe('');
	});

	it('keeps a deal’s amount and close date', () => {
		const admin = makeActor('admin');
		const stage = createStage(admin, { name: `Stage ${Date.now()}`, probability: '20', kind: 'open' });
		const d = createDeal(admin, {
			name: 'Partial deal',
			stageId: String(stage.id),
			amount: '1250.50',
			closeDate: '2027-01-31'
		});
		updateDeal(admin, d.id, { name: 'Partial deal renamed', stageId: String(stage.id) }, d.version);
		expect(getDeal(admin, d.id)).toMatchObject({
			name: 'Partial deal renamed',
			amountMinor: 125050,
			closeDate: '2027-01-31'
		});
	});
});

describe('a refused delete', () => {
	it('counts only the linked records the actor may see, and says others exist without a number', () => {
		const team = makeTeam();
		const manager = makeActor('manager', { teamId: team });
		const elsewhere = makeActor('rep', { teamId: makeTeam() });
		const company = createCompany(manager, { name: `Shared ${Date.now()}` });
		const admin = makeActor('admin');
		create(admin, {
			lastName: 'Hidden one',
			companyId: String(company.id),
			ownerId: String(elsewhere.user.id)
		});
		create(admin, {
			lastName: 'Hidden two',
			companyId: String(company.id),
			ownerId: String(elsewhere.user.id)
		});
		expect(() => removeCompany(manager, company.id)).toThrow(/still has records you may not see:/);
		create(manager, { lastName: 'Seen', companyId: String(company.id) });
		expect(() => removeCompany(manager, company.id)).toThrow(
			/still has 1 contact, and records you may not see: move/
		);
	});
});
