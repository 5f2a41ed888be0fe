import { asc } from 'drizzle-orm';
import { fold } from '$lib/text';
import type { Actor } from '../auth/actor';
import { ownersInScopeWhere } from '../crm/records';
import { db, schema } from '../db';

/**
 * Who owns an imported row: the person its owner cell names, within the importer's scope as a record
 * form's typed owner is (crm/records.ts) — by email, as `Name <email>`, or by a name only one person in
 * scope has, accents and case aside (HubSpot's "Contact owner" holds the owner's name). Read once per
 * file and matched in memory: a file of 100,000 rows names a handful of owners.
 */

export interface ImportOwner {
	id: number;
	name: string;
	email: string;
	nameKey: string;
	teamId: number | null;
}

export type OwnerMatch = { owner: ImportOwner } | { error: string };

/** The active people the actor may give records to, in id order. */
export function ownersInScope(actor: Actor): ImportOwner[] {
	const { user } = schema;
	return db()
		.select({ id: user.id, name: user.name, email: user.email, nameKey: user.nameKey, teamId: user.teamId })
		.from(user)
		.where(ownersInScopeWhere(actor))
		.orderBy(asc(user.id))
		.all();
}

/**
 * Matches an owner cell (trimmed, non-empty) to one of `owners`; the messages quote the cell as the file
 * writes it.
 */
export function ownerMatcher(actor: Actor, owners: ImportOwner[]): (text: string) => OwnerMatch {
	const byEmail = new Map(owners.map((o) => [o.email.toLowerCase(), o]));
	const byName = new Map<string, ImportOwner | null>(); // null: more than one person has the name
	for (const o of owners) byName.set(o.nameKey, byName.has(o.nameKey) ? null : o);
	const inScope = actor.user.scope === 'all' ? '' : ' you can give records to';
	const matched = new Map<string, OwnerMatch>();
	const match = (text: string): OwnerMatch => {
		const email = (/<([^<>\s]+)>\s*$/.exec(text)?.[1] ?? (text.includes('@') ? text : '')).toLowerCase();
		if (email) {
			const owner = byEmail.get(email);
			return owner ? { owner } : { error: `No active user${inScope} has the owner email “${text}”.` };
		}
		const owner = byName.get(fold(text));
		if (owner) return { owner };
		return {
			error:
				owner === null
					? `Owner: more than one person is called “${text}”: write the owner’s email in this column instead.`
					: `Owner: no active user${inScope} is called “${text}”: write the owner’s name as Uptake has it, or their email.`
		};
	};
	return (text) => {
		let found = matched.get(text);
		if (!found) matched.set(text, (found = match(text)));
		return found;
	};
}
