import { describe, expect, it } from 'vitest';
import { addMember, create, detail, list, removeMember } from '$lib/server/crm/campaigns';
import { create as createContact } from '$lib/server/crm/contacts';
import { InvalidInput, Refused } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

describe('campaigns', () => {
	it('refuse an end before the start, and keep members to contacts in scope', () => {
		const marketer = makeActor('rep', { teamId: makeTeam() });
		expect(() =>
			create(marketer, {
				name: 'Spring fair',
				channel: 'event',
				startDate: '2026-05-10',
				endDate: '2026-05-01'
			})
		).toThrow(
			expect.objectContaining({ fieldErrors: { endDate: 'The end date cannot be before the start date.' } })
		);
		const fair = create(marketer, {
			name: 'Spring fair',
			channel: 'event',
			startDate: '2026-05-01',
			endDate: '2026-05-10',
			budget: '2,500'
		});
		expect(fair.budgetMinor).toBe(250_000);
		createContact(marketer, { lastName: 'Nguyễn', email: 'mine@example.vn' });
		createContact(makeActor('rep', { teamId: makeTeam() }), {
			lastName: 'Other',
			email: 'theirs@example.com'
		});
		addMember(marketer, fair.id, 'MINE@example.vn');
		expect(() => addMember(marketer, fair.id, 'mine@example.vn')).toThrow(Refused);
		expect(() => addMember(marketer, fair.id, 'theirs@example.com')).toThrow(InvalidInput);
		const view = detail(marketer, fair.id);
		expect(view.members.map((m) => m.email)).toEqual(['mine@example.vn']);
		expect(view.byStatus).toEqual([{ status: 'invited', n: 1 }]);
		removeMember(marketer, fair.id, view.members[0].contactId);
		expect(detail(marketer, fair.id).members).toEqual([]);
	});

	it('are found by a part of their name and sort by budget and by members', () => {
		const marketer = makeActor('rep', { teamId: makeTeam() });
		const small = create(marketer, { name: 'Hội chợ Hà Nội', channel: 'event', budget: '100' });
		const big = create(marketer, { name: 'Hoi cho Sài Gòn', channel: 'event', budget: '9,000' });
		create(marketer, { name: 'Spring mailing', channel: 'email', budget: '500' });
		createContact(marketer, { lastName: 'Member', email: 'member@example.vn' });
		addMember(marketer, small.id, 'member@example.vn');
		const names = (q: string, sort: 'budget' | 'members') =>
			list(marketer, { q, sort, dir: 'desc', page: 1 }).rows.map((c) => c.name);
		expect(names('hoi cho', 'budget')).toEqual([big.name, small.name]);
		expect(names('', 'members')[0]).toBe(small.name);
		expect(names('', 'budget')).toEqual([big.name, 'Spring mailing', small.name]);
	});

	function fairWithHiddenMember() {
		const admin = makeActor('admin');
		const marketer = makeActor('rep', { teamId: makeTeam() });
		const other = makeActor('rep', { teamId: makeTeam() });
		const fair = create(marketer, { name: 'Autumn fair', channel: 'event' });
		const seen = createContact(marketer, { lastName: 'Seen', email: `seen.${fair.id}@fair.example` });
		const hidden = createContact(other, { lastName: 'Hidden', email: `hidden.${fair.id}@fair.example` });
		addMember(marketer, fair.id, seen.email);
		addMember(admin, fair.id, hidden.email);
		return { admin, marketer, fair, hidden };
	}

	it('count only the members the actor may see', () => {
		const { admin, marketer, fair } = fairWithHiddenMember();
		const members = (actor: typeof admin) =>
			list(actor, { q: '', sort: 'members', dir: 'desc', page: 1 }).rows.find((c) => c.id === fair.id)
				?.members;
		expect(detail(marketer, fair.id).byStatus).toEqual([{ status: 'invited', n: 1 }]);
		expect(members(marketer)).toBe(1);
		expect(detail(admin, fair.id).byStatus).toEqual([{ status: 'invited', n: 2 }]);
		expect(members(admin)).toBe(2);
	});

	it('remove only a member the actor may see: another is not found, as if it were none', () => {
		const { admin, marketer, fair, hidden } = fairWithHiddenMember();
		expect(() => removeMember(marketer, fair.id, hidden.id)).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(detail(admin, fair.id).byStatus).toEqual([{ status: 'invited', n: 2 }]);
		removeMember(admin, fair.id, hidden.id);
		expect(detail(admin, fair.id).byStatus).toEqual([{ status: 'invited', n: 1 }]);
	});
});
