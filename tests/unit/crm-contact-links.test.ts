import { render } from 'svelte/server';
import { beforeAll, describe, expect, it } from 'vitest';
import Field from '$lib/components/ui/Field.svelte';
import { contactSuggestions, startedFromContact } from '$lib/server/crm/contact-links';
import { create as createCompany } from '$lib/server/crm/companies';
import { create as createContact, detail as contactDetail, get, update } from '$lib/server/crm/contacts';
import { create as createDeal, get as getDeal, update as updateDeal } from '$lib/server/crm/deals';
import { create as createStage } from '$lib/server/crm/pipeline';
import { formValues } from '$lib/server/forms';
import { InvalidInput } from '$lib/server/validation';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor, makeTeam } from './helpers';

let admin: Actor;
let stageId: string;

beforeAll(() => {
	admin = makeActor('admin');
	stageId = String(createStage(admin, { name: 'Lead', probability: '10', kind: 'open' }).id);
});

function fieldErrors(run: () => unknown): Record<string, string> {
	try {
		run();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors;
		throw e;
	}
	return {};
}

describe('a deal’s contact', () => {
	it('is chosen by the name the form shows, in either order of given and family names', () => {
		const c = createContact(admin, { firstName: 'Thị Hương', lastName: 'Nguyễn Unique' });
		const deal = createDeal(admin, {
			name: 'Rice',
			stageId,
			contactId: '',
			contactName: 'thi huong nguyen unique'
		});
		expect(deal.contactId).toBe(c.id);
		const other = createDeal(admin, { name: 'Rice 2', stageId, contactName: 'Nguyễn Unique, Thị Hương' });
		expect(other.contactId).toBe(c.id);
		// The contact page lists the deal (as a link: it has the deal's id).
		expect(contactDetail(admin, c.id).deals.map((d) => d.id)).toEqual(
			expect.arrayContaining([deal.id, other.id])
		);
	});

	it('is refused beside the field when no contact or several have the name; `Name (#id)` tells them apart', () => {
		expect(
			fieldErrors(() => createDeal(admin, { name: 'X', stageId, contactName: 'Nobody Here At All' }))
		).toEqual({
			contactName: expect.stringContaining('None of your contacts is called “Nobody Here At All”')
		});
		const a = createContact(admin, { firstName: 'Anna', lastName: 'Twin' });
		const b = createContact(admin, { firstName: 'Anna', lastName: 'Twin' });
		expect(fieldErrors(() => createDeal(admin, { name: 'X', stageId, contactName: 'Anna Twin' }))).toEqual({
			contactName: expect.stringContaining('Several contacts are called “Anna Twin”')
		});
		const labels = contactSuggestions(admin, 'anna twin').map((s) => s.label);
		expect(labels).toEqual([`Anna Twin (#${a.id})`, `Anna Twin (#${b.id})`]);
		expect(createDeal(admin, { name: 'X', stageId, contactName: `Anna Twin (#${b.id})` }).contactId).toBe(
			b.id
		);
	});

	it('is kept on save although the contact is outside the rep’s scope, and cannot be newly linked so', () => {
		const rep = makeActor('rep', { teamId: makeTeam() });
		const theirs = createContact(admin, { firstName: 'Far', lastName: 'Away' });
		const deal = createDeal(admin, {
			name: 'Shared deal',
			stageId,
			contactId: String(theirs.id),
			ownerId: String(rep.user.id)
		});
		const saved = updateDeal(
			rep,
			deal.id,
			{ name: 'Shared deal, renamed', stageId, contactId: String(theirs.id), contactName: 'Far Away' },
			deal.version
		);
		expect(saved).toMatchObject({ name: 'Shared deal, renamed', contactId: theirs.id });
		expect(
			fieldErrors(() =>
				createDeal(rep, { name: 'Mine', stageId, contactId: String(theirs.id), contactName: 'Far Away' })
			)
		).toHaveProperty('contactName');
		// Emptied, the link goes.
		expect(
			updateDeal(rep, deal.id, { name: 'Shared deal, renamed', stageId, contactName: '' }, saved.version)
				.contactId
		).toBeNull();
		expect(getDeal(admin, deal.id).contactId).toBeNull();
	});

	it('a deal started from a contact takes the contact and its company', () => {
		const company = createCompany(admin, { name: 'Start Co Unique' });
		const c = createContact(admin, { firstName: 'Bao', lastName: 'Starter', companyId: String(company.id) });
		expect(startedFromContact(admin, c.id)).toEqual({
			contactId: c.id,
			contactName: 'Bao Starter',
			companyId: company.id,
			companyName: 'Start Co Unique'
		});
		const rep = makeActor('rep', { teamId: makeTeam() });
		expect(() => startedFromContact(rep, c.id)).toThrow();
	});
});

describe('a multi-line value', () => {
	it('reads from a form with its line breaks as stored (browsers send them as CRLF)', () => {
		const data = new FormData();
		data.set('title', 'Head of\r\nSales');
		data.set('notes', 'one\rtwo');
		expect(formValues(data)).toEqual({ title: 'Head of\nSales', notes: 'one\ntwo' });
	});

	it('is shown in a text area, so that saving its form does not flatten it', () => {
		const multi = render(Field, {
			props: { label: 'Job title', name: 'title', value: 'Head of\nSales' }
		}).body;
		expect(multi).toMatch(/<textarea[^>]*name="title"/);
		expect(multi).toContain('Head of\nSales');
		const single = render(Field, { props: { label: 'Job title', name: 'title', value: 'Buyer' } }).body;
		expect(single).toMatch(/<input[^>]*name="title"/);
	});

	it('is kept when the contact is saved with another field changed', () => {
		const c = createContact(admin, { lastName: 'Lines', title: 'Head of\nSales' });
		const data = new FormData();
		for (const [k, v] of Object.entries({
			lastName: 'Lines',
			title: 'Head of\r\nSales',
			phone: '+1 555 0100'
		}))
			data.set(k, v);
		const saved = update(admin, c.id, formValues(data), c.version);
		expect(saved).toMatchObject({ title: 'Head of\nSales', phone: '+1 555 0100' });
		expect(get(admin, c.id).title).toBe('Head of\nSales');
	});
});
