import { describe, expect, it } from 'vitest';
import { create as createCompany } from '$lib/server/crm/companies';
import { create as createContact } from '$lib/server/crm/contacts';
import { create, list, update } from '$lib/server/crm/cases';
import { InvalidInput } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

describe('support cases', () => {
	it('take the contact’s company, stamp the resolution time once, and clear it when reopened', () => {
		const agent = makeActor('rep', { teamId: makeTeam() });
		const company = createCompany(agent, { name: 'Bình Minh Trading' });
		const contact = createContact(agent, { lastName: 'Phạm', companyId: String(company.id) });
		const opened = create(agent, {
			subject: 'Damaged goods',
			contactId: String(contact.id),
			priority: 'high'
		});
		expect(opened).toMatchObject({ companyId: company.id, status: 'new', resolvedAt: null });
		const resolved = update(
			agent,
			opened.id,
			{ subject: 'Damaged goods', status: 'resolved', contactId: String(contact.id) },
			opened.version
		);
		expect(resolved.resolvedAt).not.toBeNull();
		const closed = update(
			agent,
			opened.id,
			{ subject: 'Damaged goods', status: 'closed', contactId: String(contact.id) },
			resolved.version
		);
		expect(closed.resolvedAt).toBe(resolved.resolvedAt);
		const reopened = update(
			agent,
			opened.id,
			{ subject: 'Damaged goods', status: 'open', contactId: String(contact.id) },
			closed.version
		);
		expect(reopened.resolvedAt).toBeNull();
		expect(
			list(agent, { q: '', sort: 'created', dir: 'desc', page: 1 }, { open: true }).rows.map((r) => r.id)
		).toEqual([opened.id]);
	});

	it('refuse an unknown status and a contact out of scope', () => {
		const agent = makeActor('rep', { teamId: makeTeam() });
		const stranger = createContact(makeActor('rep', { teamId: makeTeam() }), { lastName: 'Stranger' });
		expect(() => create(agent, { subject: 'X', status: 'archived' })).toThrow(InvalidInput);
		expect(() => create(agent, { subject: 'X', contactId: String(stranger.id) })).toThrow(
			expect.objectContaining({ fieldErrors: { contactId: 'Choose one of your contacts.' } })
		);
	});

	it('are found by a part of their subject, accents and case aside, and sort most urgent first', () => {
		const agent = makeActor('rep', { teamId: makeTeam() });
		const page = (q: string, sort: 'priority' | 'contact', dir: 'asc' | 'desc' = 'asc') =>
			list(agent, { q, sort, dir, page: 1 }).rows.map((r) => r.subject);
		const zed = createContact(agent, { lastName: 'Zed' });
		const abe = createContact(agent, { lastName: 'Abe' });
		create(agent, { subject: 'Hóa đơn sai', priority: 'low', contactId: String(zed.id) });
		create(agent, { subject: 'HOA DON thiếu', priority: 'urgent', contactId: String(abe.id) });
		create(agent, { subject: 'Portal login', priority: 'high' });
		create(agent, { subject: 'Hoa don 100%', priority: 'normal' });
		expect(page('hoa don', 'priority')).toEqual(['HOA DON thiếu', 'Hoa don 100%', 'Hóa đơn sai']);
		expect(page('', 'priority')).toEqual(['HOA DON thiếu', 'Portal login', 'Hoa don 100%', 'Hóa đơn sai']);
		expect(page('100%', 'priority')).toEqual(['Hoa don 100%']); // LIKE's wildcards are text here
		// By the contact's name, cases without one first.
		expect(page('hoa', 'contact')).toEqual(['Hoa don 100%', 'HOA DON thiếu', 'Hóa đơn sai']);
	});

	it('take the contact’s company only when the actor may work on it too', () => {
		const admin = makeActor('admin');
		const agent = makeActor('rep', { teamId: makeTeam() });
		const other = makeActor('rep', { teamId: makeTeam() });
		const theirs = createCompany(admin, { name: 'Far Away Traders', ownerId: String(other.user.id) });
		const mine = createContact(admin, {
			lastName: 'Near',
			companyId: String(theirs.id),
			ownerId: String(agent.user.id)
		});
		expect(create(agent, { subject: 'Late delivery', contactId: String(mine.id) }).companyId).toBeNull();
		expect(create(admin, { subject: 'Late again', contactId: String(mine.id) }).companyId).toBe(theirs.id);
	});
});
