import { and, asc, count, desc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { contactFields } from '$lib/schemas/crm';
import { fold } from '$lib/text';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { onDaysMs, paginate, type DayRange, type ListQuery } from '../lists';
import { Refused, parse, posted } from '../validation';
import { resolveCompany } from './companies';
import { dealSummaries } from './deals';
import { appliedFilters, type ExportSpec } from './export';
import {
	customExport,
	customListWhere,
	customSortColumn,
	fieldsOf,
	type CustomFilters,
	type CustomSort
} from './custom-fields';
import { ownedBy, type OwnedFilters } from './record-filters';
import { countMatches, searchFilter } from './search';
import {
	deleteRecord,
	inTransaction,
	loadForWrite,
	ownerOf,
	readable,
	resolveOwner,
	writeVerbs,
	type CrmObject
} from './records';

const { contact, company, deal, user, supportCase } = schema;
export type Contact = typeof contact.$inferSelect;

export const contactObject: CrmObject<typeof contact, Contact> = {
	entity: 'contact',
	custom: 'contact',
	module: 'crm.contacts',
	noun: 'contact',
	table: contact,
	id: contact.id,
	find: (conn, id) => conn.select().from(contact).where(eq(contact.id, id)).get(),
	describe: (c) => fullName(c),
	derived: ['nameKey'],
	derive: (values, current) => ({ nameKey: contactNameKey({ ...current, ...values }) })
};

export function fullName(c: { firstName: string; lastName: string }): string {
	return [c.firstName, c.lastName].filter(Boolean).join(' ');
}

/** The folded sort key: family name first, as a contact list is read. */
export function contactNameKey(c: { firstName: string; lastName: string }): string {
	return fold([c.lastName, c.firstName].filter(Boolean).join(' '));
}

export const CONTACT_SORTS = ['name', 'company', 'email', 'owner', 'updated'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export interface ContactFilters extends OwnedFilters {
	/** Custom-field filters from the URL (`cf_<key>`, `cf_<key>_from`, `cf_<key>_to`). */
	custom?: CustomFilters;
	companyId?: number;
	/** Last changed on these days. */
	updated?: DayRange;
}

/** The chosen filters, besides the actor's scope and the search box. */
function chosenWhere(filters: ContactFilters): SQL | undefined {
	return and(
		ownedBy(contact, filters),
		filters.companyId ? eq(contact.companyId, filters.companyId) : undefined,
		onDaysMs(contact.updatedAt, filters.updated),
		...customListWhere('contact', contact.custom, filters.custom)
	);
}

/** The list's filter: the actor's scope, the chosen filters and the search box. */
function contactWhere(
	actor: Actor,
	q: string,
	filters: ContactFilters,
	mode: 'filter' | 'ordered' = 'filter'
): SQL | undefined {
	return and(
		scopeWhere(actor.user, contact, mode),
		chosenWhere(filters),
		searchFilter('contact', contact.id, q)
	);
}

export function list(actor: Actor, query: ListQuery<ContactSort | CustomSort>, filters: ContactFilters = {}) {
	authorize(actor.user, 'crm.read');
	const where = contactWhere(actor, query.q, filters);
	const walk = contactWhere(actor, query.q, filters, 'ordered');
	const order = query.dir === 'desc' ? desc : asc;
	const sortColumn =
		customSortColumn('contact', contact.custom, query.sort) ??
		{
			name: contact.nameKey,
			company: company.nameKey,
			email: contact.email,
			owner: user.nameKey,
			updated: contact.updatedAt
		}[query.sort as ContactSort];
	return paginate(
		query.page,
		(limit, offset) => {
			// The page's ids first, joining only what the sort needs; then their details. Joining every
			// matching row (a broad search can match tens of thousands) before the sort would cost more.
			let page = db().select({ id: contact.id }).from(contact).$dynamic();
			if (query.sort === 'company') page = page.leftJoin(company, eq(contact.companyId, company.id));
			if (query.sort === 'owner') page = page.leftJoin(user, eq(contact.ownerId, user.id));
			const ids = page
				.where(walk)
				.orderBy(order(sortColumn), asc(contact.id))
				.limit(limit)
				.offset(offset)
				.all()
				.map((r) => r.id);
			if (ids.length === 0) return [];
			return db()
				.select({
					id: contact.id,
					custom: contact.custom,
					firstName: contact.firstName,
					lastName: contact.lastName,
					email: contact.email,
					phone: contact.phone,
					title: contact.title,
					companyId: contact.companyId,
					companyName: company.name,
					ownerName: user.name,
					updatedAt: contact.updatedAt
				})
				.from(contact)
				.leftJoin(company, eq(contact.companyId, company.id))
				.leftJoin(user, eq(contact.ownerId, user.id))
				.where(inArray(contact.id, ids))
				.orderBy(order(sortColumn), asc(contact.id))
				.all();
		},
		// With only the search box (and scope) to apply, the index counts its matches on its own.
		() =>
			query.q && !chosenWhere(filters)
				? countMatches(actor, 'contact', query.q)
				: (db().select({ n: count() }).from(contact).where(where).get()?.n ?? 0)
	);
}

export function get(actor: Actor, id: number): Contact {
	return readable(actor, contactObject.find(db(), id));
}

/** The contact page: the record, its company and owner, and the deals and cases the actor may see. */
export function detail(actor: Actor, id: number) {
	const record = get(actor, id);
	const owner = ownerOf(record.ownerId);
	const companyRow = record.companyId
		? db()
				.select({ id: company.id, name: company.name })
				.from(company)
				.where(eq(company.id, record.companyId))
				.get()
		: undefined;
	const deals = dealSummaries(actor, eq(deal.contactId, id));
	const cases = db()
		.select({
			id: supportCase.id,
			subject: supportCase.subject,
			status: supportCase.status,
			priority: supportCase.priority
		})
		.from(supportCase)
		.where(and(eq(supportCase.contactId, id), scopeWhere(actor.user, supportCase)))
		.orderBy(desc(supportCase.updatedAt))
		.limit(50)
		.all();
	return { record, owner, company: companyRow, deals, cases, customFields: fieldsOf('contact') };
}

function values(conn: Conn, actor: Actor, input: unknown, current?: Contact) {
	const { ownerId, companyName, companyId, ...fields } = parse(contactFields, input);
	return {
		...fields,
		companyId: resolveCompany(
			conn,
			actor,
			companyId,
			posted(input, 'companyName') ? companyName : undefined,
			current?.companyId
		),
		nameKey: contactNameKey(fields),
		...resolveOwner(conn, actor, ownerId ?? current?.ownerId)
	};
}

const verbs = writeVerbs(contactObject, values);
/** Creates a record owned by the actor (or the owner chosen within their scope). */
export const create = verbs.create;
/** Saves an edit made on `baseVersion`; a stale save is refused with the fields that changed. */
export const update = verbs.update;

/**
 * Deletes a contact that nothing refers to any more; with activities, deals or cases it is refused
 * (they would lose their contact silently, and a rollback could not re-link them).
 */
export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'crm.delete');
	inTransaction((tx) => {
		const before = loadForWrite(tx, actor, contactObject, id, 'crm.delete');
		const linked = (table: typeof schema.activity | typeof deal | typeof supportCase) =>
			tx.select({ n: count() }).from(table).where(eq(table.contactId, id)).get()?.n ?? 0;
		const [activities, deals, cases] = [linked(schema.activity), linked(deal), linked(supportCase)];
		if (activities + deals + cases > 0)
			throw new Refused(
				`${fullName(before)} still has ${activities} activities, ${deals} deals and ${cases} cases: reassign or delete them first.`
			);
		deleteRecord(tx, actor, contactObject, before);
	});
}

/** The contact list as filtered, for export (crm/export.ts streams it). */
export function exportSpec(actor: Actor, q: string, filters: ContactFilters) {
	authorize(actor.user, 'crm.read');
	// 'ordered': each chunk walks the primary key from where the last one ended and stops when full.
	const extra = customExport('contact', contact.custom);
	const where = contactWhere(actor, q, filters, 'ordered');
	const spec: ExportSpec<{ id: number } & Record<string, string | number | null>> = {
		entity: 'contact',
		module: 'crm.contacts',
		noun: 'contacts',
		filters: appliedFilters(q, filters),
		columns: [
			['First name', (r) => r.firstName],
			['Last name', (r) => r.lastName],
			['Email', (r) => r.email],
			['Phone', (r) => r.phone],
			['Job title', (r) => r.title],
			['Company', (r) => r.companyName],
			['City', (r) => r.city],
			['Country', (r) => r.country],
			...extra.columns,
			['Owner', (r) => r.ownerName],
			['Updated', (r) => new Date(Number(r.updatedAt)).toISOString()]
		],
		chunk: (afterId, limit) =>
			db()
				.select({
					id: contact.id,
					...extra.select,
					firstName: contact.firstName,
					lastName: contact.lastName,
					email: contact.email,
					phone: contact.phone,
					title: contact.title,
					companyName: company.name,
					city: contact.city,
					country: contact.country,
					ownerName: user.name,
					updatedAt: contact.updatedAt
				})
				.from(contact)
				.leftJoin(company, eq(contact.companyId, company.id))
				.leftJoin(user, eq(contact.ownerId, user.id)) // LEFT: keeps the contact table the outer loop, in name order
				.where(and(where, gt(contact.id, afterId)))
				.orderBy(asc(contact.id))
				.limit(limit)
				.all()
	};
	return spec;
}
