import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ftsQuery } from '$lib/text';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';

/** The kinds in the search index, by the low two bits of its rowid (see db/migrations/0003_crm_search.sql). */
export const SEARCH_KIND = { company: 1, contact: 2, deal: 3 } as const;
export type SearchKind = keyof typeof SEARCH_KIND;

export interface SearchHit {
	kind: SearchKind;
	id: number;
	title: string;
	detail: string;
	href: string;
}

/**
 * A scope word of the index's `scope` column (db/migrations/0011): owner `o12`, team `t3`, led by
 * U+E000, a private-use character that no query of ftsQuery's holds (it keeps letters, digits and
 * marks), so the user's words never match a scope word, nor share a prefix with one.
 */
const scopeWord = (kind: 'o' | 't', id: number) => `"\u{E000}${kind}${id}"`;

/**
 * The search text as a full-text query limited to the actor's record scope. The index holds each
 * record's owner and team in its `scope` column, apart from the text, and the scope condition is
 * filtered to that column: nothing a user types into a record can satisfy it. The index intersects
 * the two instead of filtering every match afterwards. (The user's words need no column filter of
 * their own: they cannot reach a scope word, and filtering them to the text columns cost up to a
 * third more on short prefixes, bench/README.md.)
 */
function scopedQuery(actor: Actor, match: string): string {
	const { scope, id, teamId } = actor.user;
	if (scope === 'all') return match;
	if (scope === 'team' && teamId !== null)
		return `(${match}) AND scope: (${scopeWord('o', id)} OR ${scopeWord('t', teamId)})`;
	return `(${match}) AND scope: ${scopeWord('o', id)}`;
}

/**
 * One search box across companies, contacts and deals: ranked (a match in the name counts ten times
 * one in email, phone or place), every word a prefix, diacritics ignored, only records in scope.
 */
export function search(actor: Actor, text: string, limit = 30): SearchHit[] {
	authorize(actor.user, 'crm.read');
	const match = ftsQuery(text);
	if (!match) return [];
	const ranked = db()
		.$client.prepare(
			`SELECT rowid FROM crm_search WHERE crm_search MATCH ? ORDER BY bm25(crm_search, 10.0, 1.0, 0.0) LIMIT ?`
		)
		.pluck()
		.all(scopedQuery(actor, match), limit) as number[];
	const ids = (kind: SearchKind) => ranked.filter((r) => (r & 3) === SEARCH_KIND[kind]).map((r) => r >> 2);
	const { company, contact, deal, pipelineStage } = schema;
	// The records' own scope again: an index entry can lag its record (a bulk write's backlog).
	const inScope = (table: typeof company | typeof contact | typeof deal) => scopeWhere(actor.user, table);
	const hits = new Map<number, SearchHit>();
	const companyIds = ids('company');
	if (companyIds.length)
		for (const c of db()
			.select()
			.from(company)
			.where(and(inArray(company.id, companyIds), inScope(company)))
			.all())
			hits.set(c.id * 4 + 1, {
				kind: 'company',
				id: c.id,
				title: c.name,
				detail: [c.domain, c.city, c.country].filter(Boolean).join(' · '),
				href: `/crm/companies/${c.id}`
			});
	const contactIds = ids('contact');
	if (contactIds.length)
		for (const { c, companyName } of db()
			.select({ c: contact, companyName: company.name })
			.from(contact)
			.leftJoin(company, eq(contact.companyId, company.id))
			.where(and(inArray(contact.id, contactIds), inScope(contact)))
			.all())
			hits.set(c.id * 4 + 2, {
				kind: 'contact',
				id: c.id,
				title: [c.firstName, c.lastName].filter(Boolean).join(' '),
				detail: [companyName, c.email, c.phone].filter(Boolean).join(' · '),
				href: `/crm/contacts/${c.id}`
			});
	const dealIds = ids('deal');
	if (dealIds.length)
		for (const { d, stage, companyName } of db()
			.select({ d: deal, stage: pipelineStage.name, companyName: company.name })
			.from(deal)
			.innerJoin(pipelineStage, eq(deal.stageId, pipelineStage.id))
			.leftJoin(company, eq(deal.companyId, company.id))
			.where(and(inArray(deal.id, dealIds), inScope(deal)))
			.all())
			hits.set(d.id * 4 + 3, {
				kind: 'deal',
				id: d.id,
				title: d.name,
				detail: [companyName, stage].filter(Boolean).join(' · '),
				href: `/crm/deals/${d.id}`
			});
	return ranked.flatMap((r) => hits.get(r) ?? []);
}

/**
 * The list-page condition for a search box: records of the kind whose index entry matches (every
 * match, unranked: the list has its own order). Undefined when nothing searchable was typed.
 */
export function searchFilter(kind: SearchKind, idColumn: SQLiteColumn, text: string): SQL | undefined {
	const match = ftsQuery(text);
	if (!match) return undefined;
	// Driven by the matches, even for a page of rows: walking the list's sort index instead (as
	// scopeWhere's `ordered` does) is slow here, because a name's matches cluster far along that index.
	return sql`${idColumn} in (select rowid >> 2 from crm_search where crm_search match ${match} and (rowid & 3) = ${SEARCH_KIND[kind]})`;
}

/** How many records of the kind in the actor's scope match, counted in the index alone (a list's total). */
export function countMatches(actor: Actor, kind: SearchKind, text: string): number {
	const match = ftsQuery(text);
	if (!match) return 0;
	return db()
		.$client.prepare(`SELECT count(*) FROM crm_search WHERE crm_search MATCH ? AND (rowid & 3) = ?`)
		.pluck()
		.get(scopedQuery(actor, match), SEARCH_KIND[kind]) as number;
}
