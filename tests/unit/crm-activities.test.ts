import { describe, expect, it } from 'vitest';
import { create as createCompany } from '$lib/server/crm/companies';
import { create as createContact } from '$lib/server/crm/contacts';
import { complete, list, log, openTasks } from '$lib/server/crm/activities';
import { create as createDeal } from '$lib/server/crm/deals';
import { create as createStage } from '$lib/server/crm/pipeline';
import { timeline } from '$lib/server/crm/timeline';
import { InvalidInput, Refused } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('activities', () => {
	it('a call is logged done; a task stays open until completed and is on the owner’s to-do list', () => {
		const rep = makeActor('rep', { teamId: makeTeam() });
		const company = createCompany(rep, { name: 'Volga Trade' });
		const contact = createContact(rep, { lastName: 'Попова', companyId: String(company.id) });
		const call = log(rep, { type: 'call', subject: 'Intro call', contactId: String(contact.id) });
		expect(call.doneAt).not.toBeNull();
		expect(call.companyId).toBe(company.id); // the contact's company is linked too
		const task = log(rep, {
			type: 'task',
			subject: 'Send quote',
			dueDate: tomorrow(),
			contactId: String(contact.id)
		});
		expect(task.doneAt).toBeNull();
		expect(openTasks(rep, Date.now() + 7 * 86_400_000).map((t) => t.subject)).toEqual(['Send quote']);
		complete(rep, task.id, task.version);
		expect(openTasks(rep, Date.now() + 7 * 86_400_000)).toEqual([]);
		expect(() => complete(rep, task.id, task.version + 1)).toThrow(Refused);
		const items = timeline(rep, 'company', company.id).filter((i) => i.kind === 'activity');
		expect(items.map((i) => (i.kind === 'activity' ? i.subject : ''))).toEqual(
			expect.arrayContaining(['Intro call', 'Send quote'])
		);
	});

	it('need a record to belong to, a due date for tasks, and a record in the actor’s scope', () => {
		const rep = makeActor('rep', { teamId: makeTeam() });
		const other = makeActor('rep', { teamId: makeTeam() });
		const theirs = createContact(other, { lastName: 'Theirs' });
		expect(() => log(rep, { type: 'note', subject: 'Floating' })).toThrow(InvalidInput);
		expect(() => log(rep, { type: 'task', subject: 'No date', contactId: String(theirs.id) })).toThrow(
			expect.objectContaining({
				fieldErrors: expect.objectContaining({ dueDate: 'A task needs a due date.' })
			})
		);
		expect(() => log(rep, { type: 'call', subject: 'Sneaky', contactId: String(theirs.id) })).toThrow(
			expect.objectContaining({ fieldErrors: { contactId: expect.stringMatching(/not yours/) } })
		);
	});

	it('are listed within the actor’s scope, open tasks alone on request', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const other = makeActor('rep', { teamId: makeTeam() });
		const contact = createContact(rep, { lastName: 'Listed' });
		const theirs = createContact(other, { lastName: 'Elsewhere' });
		log(rep, { type: 'call', subject: 'Called', contactId: String(contact.id) });
		log(rep, { type: 'task', subject: 'To do', dueDate: tomorrow(), contactId: String(contact.id) });
		log(other, { type: 'note', subject: 'Not yours', contactId: String(theirs.id) });
		const all = list(rep, { q: '', sort: 'when', dir: 'desc', page: 1 });
		expect(all.rows.map((r) => r.subject).sort()).toEqual(['Called', 'To do']);
		expect(
			list(rep, { q: '', sort: 'when', dir: 'desc', page: 1 }, { open: true }).rows.map((r) => r.subject)
		).toEqual(['To do']);
	});

	it('are found by a part of their subject and sort by it', () => {
		const rep = makeActor('rep', { teamId: makeTeam() });
		const contact = createContact(rep, { lastName: 'Searched' });
		for (const subject of ['Звонок клиенту', 'Call back', 'Письмо: звонок перенесён'])
			log(rep, { type: 'call', subject, contactId: String(contact.id) });
		const subjects = (q: string, dir: 'asc' | 'desc') =>
			list(rep, { q, sort: 'subject', dir, page: 1 }).rows.map((r) => r.subject);
		expect(subjects('ЗВОНОК', 'asc')).toEqual(['Звонок клиенту', 'Письмо: звонок перенесён']);
		expect(subjects('', 'desc')).toEqual(['Письмо: звонок перенесён', 'Звонок клиенту', 'Call back']);
	});

	it('show and sort by what they are about: the contact, else the company, else the deal', () => {
		const rep = makeActor('rep', { teamId: makeTeam() });
		const stageId = String(
			createStage(makeActor('admin'), { name: 'Lead', probability: '10', kind: 'open' }).id
		);
		const dealOnly = createDeal(rep, { name: 'Mmm deal on its own', stageId });
		const company = createCompany(rep, { name: 'Zzz Company' });
		const contact = createContact(rep, { lastName: 'Aaa' });
		log(rep, { type: 'note', subject: 'On the deal', dealId: String(dealOnly.id) });
		log(rep, { type: 'note', subject: 'On the company', companyId: String(company.id) });
		log(rep, { type: 'note', subject: 'On the contact', contactId: String(contact.id) });
		const rows = list(rep, { q: '', sort: 'about', dir: 'asc', page: 1 }).rows;
		expect(rows.map((r) => r.subject)).toEqual(['On the contact', 'On the deal', 'On the company']);
		expect(rows[1]).toMatchObject({ dealId: dealOnly.id, dealName: 'Mmm deal on its own', contactId: null });
	});

	it('take the contact’s company only when the actor may work on it too', () => {
		const admin = makeActor('admin');
		const rep = makeActor('rep', { teamId: makeTeam() });
		const other = makeActor('rep', { teamId: makeTeam() });
		const theirs = createCompany(admin, { name: 'Elsewhere Holdings', ownerId: String(other.user.id) });
		const mine = createContact(admin, {
			lastName: 'Linked Elsewhere',
			companyId: String(theirs.id),
			ownerId: String(rep.user.id)
		});
		const call = log(rep, { type: 'call', subject: 'Checked in', contactId: String(mine.id) });
		expect(call.companyId).toBeNull();
		expect(list(rep, { q: 'checked in', sort: 'when', dir: 'desc', page: 1 }).rows).toEqual([
			expect.objectContaining({ contactId: mine.id, companyId: null, companyName: null })
		]);
		const onCompany = (actor: typeof admin) =>
			timeline(actor, 'company', theirs.id).flatMap((i) => (i.kind === 'activity' ? [i.subject] : []));
		expect(onCompany(admin)).toEqual([]);
		expect(timeline(rep, 'contact', mine.id)).toEqual(
			expect.arrayContaining([expect.objectContaining({ kind: 'activity', subject: 'Checked in' })])
		);
		// Someone who may work on the company links it as before.
		expect(log(admin, { type: 'note', subject: 'Seen by all', contactId: String(mine.id) }).companyId).toBe(
			theirs.id
		);
		expect(onCompany(admin)).toEqual(['Seen by all']);
	});
});
