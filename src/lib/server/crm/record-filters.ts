import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Person } from '$lib/people';
import { fold, likePattern } from '$lib/text';
import { authorize } from '../access/policy';
import { teamNames } from '../admin/teams';
import type { Actor } from '../auth/actor';
import { schema } from '../db';
import { idParam } from '../lists';
import { ownerChoices, ownersInScopeWhere, people } from './records';

/**
 * The filters every CRM list of owned records offers, by owner and by team, read from its URL; they
 * narrow what the actor's record scope shows and never widen it.
 */

export interface OwnedFilters {
	/** The owners whose records to list; none matches nothing. */
	ownerIds?: number[];
	/** The team whose records to list. */
	teamId?: number;
}

/** A list's owner and team filters as a condition on its table. */
export function ownedBy(
	columns: { ownerId: SQLiteColumn; teamId: SQLiteColumn },
	filters: OwnedFilters
): SQL | undefined {
	return and(
		filters.ownerIds ? inArray(columns.ownerId, filters.ownerIds) : undefined,
		filters.teamId !== undefined ? eq(columns.teamId, filters.teamId) : undefined
	);
}

/**
 * The owner filter (`?owner=` in the URL), in a form that scales with the
 * organisation: a select of everyone in scope while they are few, otherwise a name to type (the
 * page suggests names from /crm/owners as one types). The URL takes a person's id, as links
 * from elsewhere give it, or any part of a name, which matches everyone in scope whose name holds it
 * (accents and case aside), so that "Brown" lists the records of every Brown.
 */

export interface OwnerFilter {
	/** The owners whose records the list shows; undefined when it is not filtered by owner. */
	ownerIds?: number[];
	/** The select's choices, or null when too many people are in scope to list: a name is typed. */
	choices: { id: number; name: string }[] | null;
	/** What the field shows: the chosen person's id (select) or a name (typed). */
	value: string;
	/** Why a typed name filters out everything, shown beside the field. */
	error?: string;
}

export function ownerFilter(actor: Actor, params: URLSearchParams): OwnerFilter {
	const { user } = schema;
	const inScope = ownersInScopeWhere(actor);
	const choices = ownerChoices(actor);
	const raw = (params.get('owner') ?? '').trim().slice(0, 200);
	if (!raw) return { choices, value: '' };

	if (/^\d+$/.test(raw)) {
		const id = Number(raw);
		// An id names one person; out of scope (or unknown), the list is empty and the field says why.
		const name = choices
			? choices.find((p) => p.id === id)?.name
			: people(and(inScope, eq(user.id, id)), 1)[0]?.name;
		return {
			choices,
			value: choices ? String(id) : (name ?? raw),
			ownerIds: [id],
			error: name ? undefined : 'That person is not among the owners whose records you can see.'
		};
	}
	const named = people(and(inScope, nameHolds(raw)), 1000);
	return {
		choices,
		value: raw,
		ownerIds: named.map((p) => p.id),
		error: named.length ? undefined : `No one whose records you can see has a name with “${raw}” in it.`
	};
}

/** At most this many names are suggested for what has been typed. */
export const OWNER_SUGGESTIONS_MAX = 20;

/**
 * The people a typed owner field suggests (/crm/owners), for the lists' filter and the record forms:
 * those in scope whose name holds the text, as the filter matches them, in name order; the first of
 * everyone in scope while nothing is typed. With their email, which tells apart people of one name.
 */
export function ownerSuggestions(actor: Actor, text: string): Person[] {
	authorize(actor.user, 'crm.read');
	const typed = text.trim().slice(0, 200);
	const inScope = ownersInScopeWhere(actor);
	return people(typed ? and(inScope, nameHolds(typed)) : inScope, OWNER_SUGGESTIONS_MAX).map(
		({ name, email }) => ({ name, email })
	);
}

/** The people whose name holds `text`, accents and case aside. */
function nameHolds(text: string): SQL {
	return sql`${schema.user.nameKey} like ${likePattern(fold(text))} escape '\\'`;
}

export interface TeamFilter {
	/** The team whose records the list shows (0 for one that does not exist); undefined when not filtered. */
	teamId?: number;
	choices: { id: number; name: string }[];
	/** Why the list is empty, shown beside the field. */
	error?: string;
}

/** The team filter (`?team=<id>` in the URL): a select of every team. */
export function teamFilter(actor: Actor, params: URLSearchParams): TeamFilter {
	authorize(actor.user, 'crm.read');
	const choices = teamNames();
	if (!params.get('team')?.trim()) return { choices };
	const id = idParam(params, 'team');
	if (id && choices.some((t) => t.id === id)) return { choices, teamId: id };
	// A link to a team since removed, or a mangled one: nothing matches, and the field says why.
	return { choices, teamId: 0, error: 'There is no such team: it may have been removed.' };
}

/** A list's owner and team filters for its filters object: the fields' state and what to list. */
export function recordFilters(actor: Actor, params: URLSearchParams) {
	const owner = ownerFilter(actor, params);
	const team = teamFilter(actor, params);
	return { owner, ownerIds: owner.ownerIds, team, teamId: team.teamId };
}
