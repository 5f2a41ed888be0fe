import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { fold, likePattern } from '$lib/text';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput } from '../validation';
import { linkableCompanyOf } from './activities';
import { readable } from './records';

const { contact, company } = schema;
const BY_ID = /\s*\(#(\d{1,15})\)\s*$/;

function fullName(c: { firstName: string; lastName: string }): string {
	return [c.firstName, c.lastName].filter(Boolean).join(' ');
}

/**
 * The contact name keys (`last first`, folded) a full name as typed can be: every split of its words
 * into given and family names, and `Last, First` as the lists write it.
 */
function nameKeysOf(text: string): string[] {
	const comma = text.indexOf(',');
	if (comma >= 0) return [fold(`${text.slice(0, comma).trim()} ${text.slice(comma + 1).trim()}`.trim())];
	const words = text.split(/\s+/).filter(Boolean);
	return words.map((_, k) => fold([...words.slice(k), ...words.slice(0, k)].join(' ')));
}

/**
 * A record's link to a contact (a deal's), as a link field posts it (LinkField.svelte): the linked
 * contact's id hidden, its name as shown (`contactName`; undefined when the input has no such field).
 * The rules are those of a company link (crm/companies.ts resolveCompany): while the name still reads
 * as the linked contact's, the link is kept, and keeping it needs no right to read that contact
 * (DESIGN rule 1); a changed name is a new choice, `Name (#id)` as the suggestions write it or a name
 * that one contact in scope has.
 */
export function resolveContact(
	conn: Conn,
	actor: Actor,
	contactId: number | null,
	contactName: string | undefined,
	currentId: number | null = null
): number | null {
	const keepsOrPicks = (id: number): number => {
		if (id === currentId) return id;
		const found = conn
			.select({ id: contact.id })
			.from(contact)
			.where(and(eq(contact.id, id), scopeWhere(actor.user, contact)))
			.get();
		if (!found) throw new InvalidInput({ contactName: 'Choose one of the suggested contacts.' });
		return found.id;
	};
	const named = (id: number) =>
		conn
			.select({ firstName: contact.firstName, lastName: contact.lastName })
			.from(contact)
			.where(eq(contact.id, id))
			.get();
	if (contactName === undefined) return contactId === null ? null : keepsOrPicks(contactId);
	const text = contactName.trim();
	if (!text) return null;
	if (contactId !== null) {
		const linked = named(contactId);
		if (linked && fold(fullName(linked)) === fold(text)) return keepsOrPicks(contactId);
	}
	const byId = BY_ID.exec(text);
	if (byId) {
		const id = Number(byId[1]);
		const found = named(id);
		if (found && fold(fullName(found)) === fold(text.slice(0, byId.index))) return keepsOrPicks(id);
	}
	const matches = conn
		.select({ id: contact.id })
		.from(contact)
		.where(and(inArray(contact.nameKey, nameKeysOf(text)), scopeWhere(actor.user, contact)))
		.limit(2)
		.all();
	if (matches.length === 0)
		throw new InvalidInput({
			contactName: `None of your contacts is called “${text}”. Create the contact first, or pick one of the suggestions.`
		});
	if (matches.length > 1)
		throw new InvalidInput({
			contactName: `Several contacts are called “${text}”: choose one from the suggestions, which tell them apart.`
		});
	return matches[0].id;
}

/** How many contacts a link field suggests at once. */
const CONTACT_SUGGESTIONS_MAX = 20;

/**
 * The contacts in scope whose name holds every word of `text` (or whose email starts with it), as a
 * link field suggests them: `Name (#id)` where two suggestions share a name, and a detail (company,
 * email) to tell them apart.
 */
export function contactSuggestions(actor: Actor, text: string) {
	authorize(actor.user, 'crm.read');
	const typed = fold(text.trim().slice(0, 200));
	const words = typed.split(/\s+/).filter(Boolean).slice(0, 5);
	const byName = words.length
		? and(...words.map((w) => sql`${contact.nameKey} like ${likePattern(w)} escape '\\'`))
		: undefined;
	const byEmail = typed.includes('@')
		? sql`${contact.email} like ${`${typed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`
		: undefined;
	const rows = db()
		.select({
			id: contact.id,
			firstName: contact.firstName,
			lastName: contact.lastName,
			email: contact.email,
			companyName: company.name
		})
		.from(contact)
		.leftJoin(company, eq(contact.companyId, company.id))
		.where(and(scopeWhere(actor.user, contact), byEmail ? or(byName, byEmail) : byName))
		.orderBy(asc(contact.nameKey), asc(contact.id))
		.limit(CONTACT_SUGGESTIONS_MAX)
		.all();
	const keyOf = (r: (typeof rows)[number]) => fold(fullName(r));
	const shared = new Set(
		rows.filter((r, i) => rows.some((o, j) => j !== i && keyOf(o) === keyOf(r))).map((r) => r.id)
	);
	// A linked company out of scope shows its name only (DESIGN rule 1).
	return rows.map((r) => ({
		label: shared.has(r.id) ? `${fullName(r)} (#${r.id})` : fullName(r),
		detail: [r.companyName, r.email].filter(Boolean).join(' · ')
	}));
}

/**
 * What a record started from a contact's page links to: the contact (which the actor must be able to
 * read, else 404) and its company when the actor may link that too, as a form's values.
 */
export function startedFromContact(actor: Actor, contactId: number) {
	const row = readable(actor, db().select().from(contact).where(eq(contact.id, contactId)).get());
	const companyId = linkableCompanyOf(db(), actor, row.id);
	const companyRow = companyId
		? db().select({ name: company.name }).from(company).where(eq(company.id, companyId)).get()
		: undefined;
	return {
		contactId: row.id,
		contactName: fullName(row),
		...(companyId && companyRow ? { companyId, companyName: companyRow.name } : {})
	};
}
