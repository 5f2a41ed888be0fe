import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { companyFields } from '$lib/schemas/crm';
import { fold, likePattern } from '$lib/text';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { onDaysMs, type DayRange, type ListQuery } from '../lists';
import { defineList, type ListSort } from '../lists/engine';
import { InvalidInput, parse, Refused } from '../validation';
import { dealSummaries } from './deals';
import { appliedFilters, type ExportSpec } from './export';
import {
	customExport,
	customListWhere,
	fieldsOf,
	type CustomFilters,
	type CustomSort
} from './custom-fields';
import { ownedBy, type OwnedFilters } from './record-filters';
import {
	deleteRecord,
	inTransaction,
	linkedRecords,
	loadForWrite,
	ownerOf,
	readable,
	resolveOwner,
	stillLinked,
	writeVerbs,
	type CrmObject
} from './records';

const { company, contact, deal, user } = schema;
export type Company = typeof company.$inferSelect;

export const companyObject: CrmObject<typeof company, Company> = {
	entity: 'company',
	custom: 'company',
	module: 'crm.companies',
	noun: 'company',
	table: company,
	id: company.id,
	find: (conn, id) => conn.select().from(company).where(eq(company.id, id)).get(),
	describe: (c) => c.name,
	derived: ['nameKey'],
	derive: (values, current) => ({ nameKey: fold(values.name ?? current.name) })
};

export const COMPANY_SORTS = ['name', 'domain', 'city', 'owner', 'updated'] as const;
export type CompanySort = (typeof COMPANY_SORTS)[number];

export interface CompanyFilters extends OwnedFilters {
	/** Custom-field filters from the URL (`cf_<key>`, `cf_<key>_from`, `cf_<key>_to`). */
	custom?: CustomFilters;
	/** Last changed on these days. */
	updated?: DayRange;
}

/** The company list: one query, walking the sort index to the page. */
export const companyList = defineList({
	name: 'crm.companies',
	permission: 'crm.read',
	id: company.id,
	scope: company,
	search: { index: 'company' },
	filters: (filters: CompanyFilters) => [
		ownedBy(company, filters),
		onDaysMs(company.updatedAt, filters.updated),
		...customListWhere('company', company.custom, filters.custom)
	],
	sorts: {
		name: company.nameKey,
		domain: company.domain,
		city: company.city,
		owner: user.nameKey,
		updated: company.updatedAt
	} satisfies Record<CompanySort, ListSort>,
	custom: { entity: 'company', column: company.custom },
	columns: [
		{ key: 'name', label: 'Name', sort: 'name', always: true },
		{ key: 'industry', label: 'Industry' },
		{ key: 'domain', label: 'Domain', sort: 'domain' },
		{ key: 'city', label: 'City', sort: 'city' },
		{ key: 'owner', label: 'Owner', sort: 'owner' },
		{ key: 'updated', label: 'Updated', sort: 'updated' }
	],
	customBefore: 'owner',
	select: () =>
		db()
			.select({
				id: company.id,
				custom: company.custom,
				name: company.name,
				domain: company.domain,
				industry: company.industry,
				city: company.city,
				country: company.country,
				ownerName: user.name,
				updatedAt: company.updatedAt
			})
			.from(company)
			.leftJoin(user, eq(company.ownerId, user.id))
			.$dynamic()
});

export function list(actor: Actor, query: ListQuery<CompanySort | CustomSort>, filters: CompanyFilters = {}) {
	return companyList.list(actor, query, filters);
}

export function get(actor: Actor, id: number): Company {
	return readable(actor, companyObject.find(db(), id));
}

/** The company page: the record, its owner, and the contacts and deals under it that the actor may see. */
export function detail(actor: Actor, id: number) {
	const record = get(actor, id);
	const owner = ownerOf(record.ownerId);
	const contacts = db()
		.select({
			id: contact.id,
			firstName: contact.firstName,
			lastName: contact.lastName,
			email: contact.email,
			title: contact.title
		})
		.from(contact)
		.where(and(eq(contact.companyId, id), scopeWhere(actor.user, contact)))
		.orderBy(asc(contact.nameKey))
		.limit(100)
		.all();
	const deals = dealSummaries(actor, eq(deal.companyId, id));
	return { record, owner, contacts, deals, customFields: fieldsOf('company') };
}

function values(conn: Conn, actor: Actor, input: unknown, current?: Company) {
	const { ownerId, ...fields } = parse(companyFields, input);
	return { ...fields, nameKey: fold(fields.name), ...resolveOwner(conn, actor, ownerId ?? current?.ownerId) };
}

const verbs = writeVerbs(companyObject, values);
/** Creates a record owned by the actor (or the owner chosen within their scope). */
export const create = verbs.create;
/** Saves an edit made on `baseVersion`; a stale save is refused with the fields that changed. */
export const update = verbs.update;

/** Deletes a company that has no contacts or deals left (they would lose their company silently). */
export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'crm.delete');
	inTransaction((tx) => {
		const before = loadForWrite(tx, actor, companyObject, id, 'crm.delete');
		const links = [contact, deal].map((table) => linkedRecords(tx, actor, table, table.companyId, id));
		if (links.some((l) => l.all > 0))
			throw new Refused(
				`${before.name} still has ${stillLinked(links, [
					['contact', 'contacts'],
					['deal', 'deals']
				])}: move or delete them first.`
			);
		deleteRecord(tx, actor, companyObject, before);
	});
}

/** A company as a link field writes it when its name alone is ambiguous: `Name (#id)`. */
const BY_ID = /\s*\(#(\d{1,15})\)\s*$/;

/**
 * The company a form or import row links to, among those the actor may see. A form sends the linked
 * company's id (hidden) with its name as shown (`companyName`, undefined when the input has no such
 * field): while the name still reads as the linked company's, the link is kept — keeping an existing
 * link (`currentId`) needs no right to read that company (DESIGN rule 1). A changed name is a new
 * choice: `Name (#id)` as the suggestions write it, or a name that one company in scope has.
 */
export function resolveCompany(
	conn: Conn,
	actor: Actor,
	companyId: number | null,
	companyName: string | undefined,
	currentId: number | null = null
): number | null {
	const keepsOrPicks = (id: number): number => {
		if (id === currentId) return id;
		const found = conn
			.select({ id: company.id })
			.from(company)
			.where(and(eq(company.id, id), scopeWhere(actor.user, company)))
			.get();
		if (!found) throw new InvalidInput({ companyName: 'Choose one of the suggested companies.' });
		return found.id;
	};
	if (companyName === undefined) return companyId === null ? null : keepsOrPicks(companyId);
	const text = companyName.trim();
	if (!text) return null;
	if (companyId !== null) {
		const linked = conn.select({ name: company.name }).from(company).where(eq(company.id, companyId)).get();
		if (linked && fold(linked.name) === fold(text)) return keepsOrPicks(companyId);
	}
	const byId = BY_ID.exec(text);
	if (byId) {
		const id = Number(byId[1]);
		const named = conn.select({ name: company.name }).from(company).where(eq(company.id, id)).get();
		if (named && fold(named.name) === fold(text.slice(0, byId.index))) return keepsOrPicks(id);
	}
	const matches = conn
		.select({ id: company.id })
		.from(company)
		.where(and(eq(company.nameKey, fold(text)), scopeWhere(actor.user, company)))
		.limit(2)
		.all();
	if (matches.length === 0)
		throw new InvalidInput({
			companyName: `No company called “${text}”. Create it first, or pick one of the suggestions.`
		});
	if (matches.length > 1)
		throw new InvalidInput({
			companyName: `Several companies are called “${text}”: choose one from the suggestions, which tell them apart.`
		});
	return matches[0].id;
}

/** How many companies a link field suggests at once. */
const COMPANY_SUGGESTIONS_MAX = 20;

/**
 * The companies in scope whose name holds `text`, as a link field suggests them: by name, with
 * `Name (#id)` where two suggestions share a name, and a detail (domain, city) to tell them apart.
 */
export function companySuggestions(actor: Actor, text: string) {
	authorize(actor.user, 'crm.read');
	const typed = fold(text.trim().slice(0, 200));
	const rows = db()
		.select({
			id: company.id,
			name: company.name,
			nameKey: company.nameKey,
			domain: company.domain,
			city: company.city
		})
		.from(company)
		.where(
			and(
				scopeWhere(actor.user, company),
				typed ? sql`${company.nameKey} like ${likePattern(typed)} escape '\\'` : undefined
			)
		)
		.orderBy(asc(company.nameKey), asc(company.id))
		.limit(COMPANY_SUGGESTIONS_MAX)
		.all();
	const shared = new Set(
		rows.filter((r, i) => rows.some((o, j) => j !== i && o.nameKey === r.nameKey)).map((r) => r.id)
	);
	return rows.map((r) => ({
		label: shared.has(r.id) ? `${r.name} (#${r.id})` : r.name,
		detail: [r.domain, r.city].filter(Boolean).join(' · ')
	}));
}

/** The company list as filtered, for export. */
export function exportSpec(actor: Actor, q: string, filters: CompanyFilters) {
	authorize(actor.user, 'crm.read');
	const extra = customExport('company', company.custom);
	const where = companyList.where(actor, q, filters, 'ordered'); // chunks walk the primary key in order
	const spec: ExportSpec<{ id: number } & Record<string, string | number | null>> = {
		entity: 'company',
		module: 'crm.companies',
		noun: 'companies',
		filters: appliedFilters(q, filters),
		columns: [
			['Name', (r) => r.name],
			['Domain', (r) => r.domain],
			['Industry', (r) => r.industry],
			['Phone', (r) => r.phone],
			['City', (r) => r.city],
			['Country', (r) => r.country],
			...extra.columns,
			['Owner', (r) => r.ownerName],
			['Updated', (r) => new Date(Number(r.updatedAt)).toISOString()]
		],
		chunk: (afterId, limit) =>
			db()
				.select({
					id: company.id,
					...extra.select,
					name: company.name,
					domain: company.domain,
					industry: company.industry,
					phone: company.phone,
					city: company.city,
					country: company.country,
					ownerName: user.name,
					updatedAt: company.updatedAt
				})
				.from(company)
				.leftJoin(user, eq(company.ownerId, user.id))
				.where(and(where, gt(company.id, afterId)))
				.orderBy(asc(company.id))
				.limit(limit)
				.all()
	};
	return spec;
}
