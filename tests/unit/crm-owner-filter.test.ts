import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isPageView } from '$lib/server/audit/usage';
import type { Actor } from '$lib/server/auth/actor';
import { create, list } from '$lib/server/crm/contacts';
import {
	OWNER_CHOICES_MAX,
	OWNER_SUGGESTIONS_MAX,
	ownerFilter,
	ownerFilters,
	ownerSuggestions
} from '$lib/server/crm/owner-filter';
import { db, schema } from '$lib/server/db';
import { fold } from '$lib/text';
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
const ownersOf = (actor: Actor, owner: string) =>
	list(actor, query, ownerFilters(actor, params(owner))).rows.map((r) => r.ownerName);

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
		expect(ownerSuggestions(manager, 'BROWN')).toEqual(['Hannah Brown', 'James Brown']);
		expect(ownerSuggestions(manager, ' tran ')).toEqual(['Mai Trần']);
		expect(ownerSuggestions(manager, 'олег')).toEqual([]); // out of the manager's scope
		expect(ownerSuggestions(manager, '')).toEqual(['Hannah Brown', 'James Brown', 'Mai Trần']);
		const admin = makeActor('admin');
		for (let i = 0; i <= OWNER_SUGGESTIONS_MAX; i++) makeActor('rep');
		expect(ownerSuggestions(admin, '')).toHaveLength(OWNER_SUGGESTIONS_MAX);
		expect(ownerSuggestions(admin, 'олег')).toEqual(['Олег Brown']);
		expect(ownerSuggestions(admin, '100%_')).toEqual([]); // LIKE's wildcards are text here
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
