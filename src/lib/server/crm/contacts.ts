import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { contactFields } from '$lib/schemas/crm';
import { fold } from '$lib/text';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { onDaysMs, type DayRange, type ListQuery } from '../lists';
import { defineList, type ListSort } from '../lists/engine';
import { Refused, parse, posted } from '../validation';
import { resolveCompany } from './companies';
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
	type CrmObject,
	deleteRecord,
	inTransaction,
	linkedCompany,
	linkedRecords,
	loadForWrite,
	ownerOf,
	readable,
	resolveOwner,
	stillLinked,
	writeVerbs
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

/** The contact list: family name first, its page's ids found before their company and owner. */
export const contactList = defineList({
	name: 'crm.contacts',
	permission: 'crm.read',
	id: contact.id,
	scope: contact,
	search: { index: 'contact' },
	filters: (filters: ContactFilters) => [
		ownedBy(contact, filters),
		filters.companyId ? eq(contact.companyId, filters.companyId) : undefined,
		onDaysMs(contact.updatedAt, filters.updated),
		...customListWhere('contact', contact.custom, filters.custom)
	],
	sorts: {
		name: contact.nameKey,
		company: { by: company.nameKey, join: [company, eq(contact.companyId, company.id)] },
		email: contact.email,
		owner: { by: user.nameKey, join: [user, eq(contact.ownerId, user.id)] },
		updated: contact.updatedAt
	} satisfies Record<ContactSort, ListSort>,
	custom: { entity: 'contact', column: contact.custom },
	columns: [
		{ key: 'name', label: 'Name', sort: 'name', always: true },
		{ key: 'company', label: 'Company', sort: 'company' },
		{ key: 'email', label: 'Email', sort: 'email' },
		{ key: 'phone', label: 'Phone' },
		{ key: 'title', label: 'Job title' },
		{ key: 'owner', label: 'Owner', sort: 'owner' },
		{ key: 'updated', label: 'Updated', sort: 'updated' }
	],
	customBefore: 'owner',
	idsFirst: true,
	select: () =>
		db()
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
			.$dynamic()
});

export function list(actor: Actor, query: ListQuery<ContactSort | CustomSort>, filters: ContactFilters = {}) {
	return contactList.list(actor, query, filters);
}

export function get(actor: Actor, id: number): Contact {
	return readable(actor, contactObject.find(db(), id));
}

/** The contact page: the record, its company and owner, and the deals and cases the actor may see. */
export function detail(actor: Actor, id: number) {
	const record = get(actor, id);
	const owner = ownerOf(record.ownerId);
	const companyRow = linkedCompany(actor, record.companyId);
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
		const links = [schema.activity, deal, supportCase].map((table) =>
			linkedRecords(tx, actor, table, table.contactId, id)
		);
		if (links.some((l) => l.all > 0))
			throw new Refused(
				`${fullName(before)} still has ${stillLinked(links, [
					['activity', 'activities'],
					['deal', 'deals'],
					['case', 'cases']
				])}: reassign or delete them first.`
			);
		deleteRecord(tx, actor, contactObject, before);
	});
}

/** The contact list as filtered, for export (crm/export.ts streams it). */
export function exportSpec(actor: Actor, q: string, filters: ContactFilters) {
	authorize(actor.user, 'crm.read');
	// 'ordered': each chunk walks the primary key from where the last one ended and stops when full.
	const extra = customExport('contact', contact.custom);
	const where = contactList.where(actor, q, filters, 'ordered');
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
