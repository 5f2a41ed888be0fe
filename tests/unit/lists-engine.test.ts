import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { activityList, log } from '$lib/server/crm/activities';
import { campaignList, create as createCampaign } from '$lib/server/crm/campaigns';
import { caseList, create as createCase } from '$lib/server/crm/cases';
import { companyList, create as createCompany } from '$lib/server/crm/companies';
import { contactList, create as createContact } from '$lib/server/crm/contacts';
import { create as createField } from '$lib/server/crm/custom-fields';
import { create as createDeal, dealList } from '$lib/server/crm/deals';
import { create as createStage } from '$lib/server/crm/pipeline';
import { saveColumns } from '$lib/server/lists/prefs';
import { InvalidInput } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

/** What each list is asked: every sort both ways, and filters that point at the other rep's rows. */
interface Case {
	list: {
		name: string;
		list: (actor: Actor, query: never, filters?: never) => { rows: { id: number }[]; total: number };
	};
	sorts: string[];
	extra?: Record<string, unknown>;
}

let me: Actor;
let other: Actor;
let otherTeam: number;
const mine = new Map<string, Set<number>>();

function note(list: string, id: number) {
	mine.set(list, (mine.get(list) ?? new Set()).add(id));
}

beforeAll(() => {
	const admin = makeActor('admin');
	createField(admin, { entity: 'contact', label: 'Tier', type: 'text' });
	const stageId = String(createStage(admin, { name: 'Lead', probability: '10', kind: 'open' }).id);
	me = makeActor('rep', { teamId: makeTeam() });
	otherTeam = makeTeam();
	other = makeActor('rep', { teamId: otherTeam });
	for (const [actor, who] of [
		[me, 'mine'],
		[other, 'theirs']
	] as const) {
		for (let i = 0; i < 3; i++) {
			// The same words on both sides, so that the search box matches the other's rows too.
			const company = createCompany(actor, { name: `Sao Mai ${who} ${i}` });
			const contact = createContact(actor, {
				lastName: `Nguyễn ${who} ${i}`,
				email: `sao.${who}.${i}@example.com`,
				companyId: String(company.id),
				cf__present: '1',
				cf_tier: 'Gold'
			});
			const deal = createDeal(actor, { name: `Sao Mai deal ${who} ${i}`, stageId });
			const supportCase = createCase(actor, { subject: `Sao Mai case ${who} ${i}` });
			const activity = log(actor, {
				type: 'task',
				subject: `Sao Mai call ${who} ${i}`,
				contactId: String(contact.id),
				dueDate: '2026-12-31'
			});
			const campaign = createCampaign(actor, { name: `Sao Mai fair ${who} ${i}`, channel: 'direct_mail' });
			if (actor === me) {
				note('crm.companies', company.id);
				note('crm.contacts', contact.id);
				note('crm.deals', deal.id);
				note('crm.cases', supportCase.id);
				note('crm.activities', activity.id);
				note('crm.campaigns', campaign.id);
			}
		}
	}
});

const cases: Case[] = [
	{ list: contactList, sorts: ['name', 'company', 'email', 'owner', 'updated', 'cf_tier'] },
	{ list: companyList, sorts: ['name', 'domain', 'city', 'owner', 'updated'] },
	{ list: dealList, sorts: ['name', 'company', 'amount', 'stage', 'close', 'owner', 'updated'] },
	{ list: caseList, sorts: ['subject', 'status', 'priority', 'contact', 'owner', 'created', 'updated'] },
	{
		list: activityList,
		sorts: ['when', 'due', 'type', 'subject', 'about', 'owner'],
		extra: { type: 'task', open: true }
	},
	{
		list: campaignList,
		sorts: ['name', 'channel', 'status', 'start', 'budget', 'members', 'owner'],
		extra: { channel: 'direct_mail' }
	}
];

describe('the list engine', () => {
	it.each(cases)(
		'keeps a rep to their own rows in $list.name, whatever the sort, filters or search',
		({ list, sorts, extra }) => {
			const own = mine.get(list.name)!;
			const filterSets = [
				{},
				{ ownerIds: [other.user.id] },
				{ ownerIds: [me.user.id, other.user.id] },
				{ teamId: otherTeam },
				{ ...extra },
				{ ...extra, ownerIds: [other.user.id] }
			];
			for (const sort of [...sorts, 'nonsense', 'cf_gone'])
				for (const dir of ['asc', 'desc'] as const)
					for (const q of ['', 'sao', 'theirs'])
						for (const filters of filterSets) {
							const page = list.list(me, { q, sort, dir, page: 1 } as never, filters as never);
							const ids = page.rows.map((r) => r.id);
							for (const id of ids)
								expect(own, `${list.name} ${sort} ${dir} “${q}” ${JSON.stringify(filters)}`).toContain(id);
							// The count is of the same rows (the search index's count included).
							expect(page.total).toBe(ids.length);
						}
			// The unfiltered list is all of the rep's rows.
			expect(
				new Set(list.list(me, { q: '', sort: sorts[0], dir: 'asc', page: 1 } as never).rows.map((r) => r.id))
			).toEqual(own);
		}
	);

	it('puts custom-field columns before the owner and applies each user’s own choice', () => {
		const columns = contactList.columns([
			{ key: 'tier', label: 'Tier', type: 'text', options: [], required: false }
		]);
		const keys = columns.map((c) => c.key);
		expect(keys.indexOf('cf_tier')).toBe(keys.indexOf('owner') - 1);

		saveColumns(me, 'crm.contacts', columns, ['email', 'cf_tier']);
		const shown = contactList.shown(me, [
			{ key: 'tier', label: 'Tier', type: 'text', options: [], required: false }
		]);
		// The name is always shown; the boxes left empty are hidden.
		expect(shown.filter((c) => c.shown).map((c) => c.key)).toEqual(['name', 'email', 'cf_tier']);
		// Another user's list, and this user's other lists, are untouched.
		expect(contactList.shown(other).every((c) => c.shown)).toBe(true);
		expect(companyList.shown(me).every((c) => c.shown)).toBe(true);
		// Saving again replaces the choice.
		saveColumns(me, 'crm.contacts', columns, keys);
		expect(contactList.shown(me).every((c) => c.shown)).toBe(true);
	});

	it('refuses a column the list does not have', () => {
		expect(() => saveColumns(me, 'crm.contacts', contactList.columns(), ['email', 'passwordHash'])).toThrow(
			InvalidInput
		);
		expect(contactList.shown(me).every((c) => c.shown)).toBe(true);
	});
});
