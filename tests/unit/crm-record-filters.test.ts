import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isPageView } from '$lib/server/audit/usage';
import type { Actor } from '$lib/server/auth/actor';
import { create, list } from '$lib/server/crm/contacts';
import { create as createDeal, list as listDeals } from '$lib/server/crm/deals';
import { create as createStage } from '$lib/server/crm/pipeline';
import {
	OWNER_SUGGESTIONS_MAX,
	ownerFilter,
	recordFilters,
	ownerSuggestions,
	teamFilter
} from '$lib/server/crm/record-filters';
import { OWNER_CHOICES_MAX } from '$lib/server/crm/records';
import { db, schema } from '$lib/server/db';
import { dayRange } from '$lib/server/lists';
import { fold } from '$lib/text';
import { contactFilters } from '../../src/routes/(app)/crm/contacts/filters';
import { dealFilters } from '../../src/routes/(app)/crm/deals/filters';
import { makeActor, makeTeam } from './helpers';

const rename = (actor: Actor, name: string) => {
	db()
		.update(schema.user)
		.set({ name, nameKey: fold(name) })
		.where(eq(schema.user.id, actor.user.id))
		.run();
	actor.user.name = name;
	return actor;
};
const params = (owner: string) => new URLSearchParams({ owner });
const query = { q: '', sort: 'name' as const, dir: 'asc' as const, page: 1 };
const dealQuery = { ...query, sort: 'close' as const };
const ownersOf = (actor: Actor, owner: string) =>
	list(actor, query, recordFilters(actor, params(owner))).rows.map((r) => r.ownerName);

describe('the lists’ owner filter', () => {
	const team = makeTeam();
	const manager = rename(makeActor('manager', { teamId: team }), 'Mai Trần');
	const hannah = rename(makeActor('rep', { teamId: team }), 'Hannah Brown');
	const james = rename(makeActor('rep', { teamId: team }), 'James Brown');
	const outsider = rename(makeActor('rep', { teamId: makeTeam() }), 'Олег Brown');
	for (const rep of [hannah, james, outsider]) create(rep, { lastName: `Client of ${rep.user.name}` });

	it('is a select of the people in scope while they are few, and filters by the one chosen', () => {
		const filter = ownerFilter(manager, params(String(hannah.user.id)));
		expect(filter.choices?.map((p) => p.name)).toEqual(['Hannah Brown', 'James Brown', 'Mai Trần']);
		expect(filter).toMatchObject({ value: String(hannah.user.id), ownerIds: [hannah.user.id] });
		expect(filter.error).toBeUndefined();
		expect(ownersOf(manager, String(hannah.user.id))).toEqual(['Hannah Brown']);
		// No owner chosen: everyone's records in scope.
		const unfiltered = ownerFilter(manager, params(''));
		expect([unfiltered.value, unfiltered.ownerIds]).toEqual(['', undefined]);
		expect(ownersOf(manager, '')).toEqual(['Hannah Brown', 'James Brown']);
	});

	it('says so beside the field when the person chosen is out of scope, and lists nothing', () => {
		const filter = ownerFilter(manager, params(String(outsider.user.id)));
		expect(filter.error).toMatch(/not among the owners/);
		expect(ownersOf(manager, String(outsider.user.id))).toEqual([]);
	});

	it('matches a typed part of a name, without accents or case, within scope', () => {
		expect(ownerFilter(manager, params('brown')).ownerIds?.sort()).toEqual(
			[hannah.user.id, james.user.id].sort()
		);
		expect(ownersOf(manager, 'BROWN')).toEqual(['Hannah Brown', 'James Brown']);
		expect(ownersOf(manager, 'tran')).toEqual([]); // Mai Trần owns nothing here
		const none = ownerFilter(manager, params('Nobody'));
		expect(none).toMatchObject({ value: 'Nobody', ownerIds: [] });
		expect(none.error).toMatch(/No one whose records you can see has a name with “Nobody”/);
		expect(ownersOf(manager, 'Nobody')).toEqual([]);
	});

	it('is a name to type once more people are in scope than a select should list', () => {
		const admin = makeActor('admin');
		for (let i = 0; i <= OWNER_CHOICES_MAX; i++) makeActor('rep');
		const byId = ownerFilter(admin, params(String(james.user.id)));
		expect(byId).toMatchObject({ choices: null, value: 'James Brown', ownerIds: [james.user.id] });
		expect(ownersOf(admin, 'brown')).toEqual(['Hannah Brown', 'James Brown', 'Олег Brown']);
		expect(ownersOf(admin, 'олег')).toEqual(['Олег Brown']);
	});

	it('suggests the names in scope holding what is typed, as many as a datalist should show', () => {
		const suggested = (actor: Actor, text: string) => ownerSuggestions(actor, text).map((p) => p.name);
		expect(ownerSuggestions(manager, 'BROWN')).toEqual([
			{ name: 'Hannah Brown', email: hannah.user.email },
			{ name: 'James Brown', email: james.user.email }
		]);
		expect(suggested(manager, ' tran ')).toEqual(['Mai Trần']);
		expect(suggested(manager, 'олег')).toEqual([]); // out of the manager's scope
		expect(suggested(manager, '')).toEqual(['Hannah Brown', 'James Brown', 'Mai Trần']);
		const admin = makeActor('admin');
		for (let i = 0; i <= OWNER_SUGGESTIONS_MAX; i++) makeActor('rep');
		expect(ownerSuggestions(admin, '')).toHaveLength(OWNER_SUGGESTIONS_MAX);
		expect(suggested(admin, 'олег')).toEqual(['Олег Brown']);
		expect(ownerSuggestions(admin, '100%_')).toEqual([]); // LIKE's wildcards are text here
	});
});

describe('the lists’ team and day filters', () => {
	const north = makeTeam('North');
	const south = makeTeam('South');
	const manager = makeActor('manager', { teamId: north });
	const admin = makeActor('admin');
	const northRep = makeActor('rep', { teamId: north });
	const southRep = makeActor('rep', { teamId: south });
	const mine = create(northRep, { lastName: 'Team north client' });
	const theirs = create(southRep, { lastName: 'Team south client' });
	const contactsOf = (actor: Actor, url: string) =>
		list(actor, query, contactFilters(actor, new URLSearchParams(url))).rows.map((r) => r.id);

	it('list one team’s records, within the actor’s scope and never beyond it', () => {
		expect(contactsOf(admin, `team=${south}`)).toContain(theirs.id);
		expect(contactsOf(admin, `team=${south}`)).not.toContain(mine.id);
		// The manager sees north's records; asking for south's shows none rather than widening the scope.
		expect(contactsOf(manager, `team=${north}`)).toContain(mine.id);
		expect(contactsOf(manager, `team=${south}`)).toEqual([]);
		const filter = teamFilter(admin, new URLSearchParams(`team=${north}`));
		expect(filter).toMatchObject({ teamId: north });
		expect(filter.choices.map((t) => t.name)).toEqual(expect.arrayContaining(['North', 'South']));
	});

	it('say so beside the field for a team that does not exist, and list nothing', () => {
		for (const team of ['999999', 'north', '-3']) {
			const filter = teamFilter(admin, new URLSearchParams({ team }));
			expect(filter.error).toMatch(/no such team/);
			expect(contactsOf(admin, `team=${encodeURIComponent(team)}`)).toEqual([]);
		}
		expect(teamFilter(admin, new URLSearchParams('team=')).error).toBeUndefined();
	});

	it('read a range of days, whole days in UTC, and say when it ends before it starts', () => {
		expect(dayRange(new URLSearchParams('from=2026-03-01&to=2026-03-31'))).toEqual({
			from: '2026-03-01',
			to: '2026-03-31'
		});
		expect(dayRange(new URLSearchParams('from=2026-02-30&to=soon'))).toEqual({});
		expect(dayRange(new URLSearchParams('from=2026-04-02&to=2026-04-01')).error).toMatch(
			/before the first day/
		);
		const at = (iso: string, id: number) =>
			db()
				.update(schema.contact)
				.set({ updatedAt: Date.parse(iso) })
				.where(eq(schema.contact.id, id))
				.run();
		at('2026-03-31T23:59:59.999Z', mine.id);
		at('2026-04-01T00:00:00.000Z', theirs.id);
		const updated = (range: string) =>
			contactsOf(admin, range).filter((id) => id === mine.id || id === theirs.id);
		expect(updated('from=2026-03-31&to=2026-03-31')).toEqual([mine.id]);
		expect(updated('from=2026-04-01')).toEqual([theirs.id]);
		expect(updated('to=2026-04-01').sort()).toEqual([mine.id, theirs.id].sort());
		expect(updated('from=2026-04-01&to=2026-03-31')).toEqual([]);
	});

	it('bound the days of a date column, as the deals’ expected close', () => {
		const stageId = String(createStage(admin, { name: 'Lead', probability: '10', kind: 'open' }).id);
		const early = createDeal(northRep, { name: 'Closes in March', stageId, closeDate: '2026-03-31' });
		const late = createDeal(northRep, { name: 'Closes in April', stageId, closeDate: '2026-04-01' });
		const closing = (url: string) =>
			listDeals(admin, dealQuery, dealFilters(admin, new URLSearchParams(`team=${north}&${url}`)))
				.rows.map((d) => d.id)
				.filter((id) => id === early.id || id === late.id);
		expect(closing('to=2026-03-31')).toEqual([early.id]);
		expect(closing('from=2026-04-01&to=2026-04-01')).toEqual([late.id]);
		expect(closing(`from=2026-03-01`).sort()).toEqual([early.id, late.id].sort());
	});
});

describe('page views for the usage log', () => {
	const view = {
		method: 'GET',
		status: 200,
		routeId: '/(app)/crm/contacts',
		isDataRequest: false,
		contentType: 'text/html'
	};
	it('count pages, their data and files behind sign-in, not endpoints’ JSON or failures', () => {
		expect(isPageView(view)).toBe(true);
		expect(isPageView({ ...view, isDataRequest: true, contentType: 'application/json' })).toBe(true);
		expect(isPageView({ ...view, routeId: '/(app)/crm/contacts/export', contentType: 'text/csv' })).toBe(
			true
		);
		expect(isPageView({ ...view, routeId: '/(app)/crm/owners', contentType: 'application/json' })).toBe(
			false
		);
		expect(isPageView({ ...view, status: 404 })).toBe(false);
		expect(isPageView({ ...view, method: 'POST' })).toBe(false);
		expect(isPageView({ ...view, routeId: '/(auth)/login' })).toBe(false);
	});
});
