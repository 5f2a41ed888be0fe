import { and, eq, inArray, sql } from 'drizzle-orm';
import { caseFields } from '$lib/schemas/crm';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { onDaysMs, type DayRange, type ListQuery } from '../lists';
import { defineList, type ListSort } from '../lists/engine';
import { InvalidInput, parse, posted } from '../validation';
import { linkableCompanyOf } from './activities';
import { resolveCompany } from './companies';
import {
	type CrmObject,
	deleteRecord,
	inTransaction,
	linkedCompany,
	linkedContact,
	loadForWrite,
	ownerOf,
	readable,
	resolveOwner,
	writeVerbs
} from './records';
import { ownedBy, type OwnedFilters } from './record-filters';

const { supportCase, contact, company, user } = schema;
export type SupportCase = typeof supportCase.$inferSelect;

export const caseObject: CrmObject<typeof supportCase, SupportCase> = {
	entity: 'case',
	module: 'crm.cases',
	noun: 'case',
	table: supportCase,
	id: supportCase.id,
	find: (conn, id) => conn.select().from(supportCase).where(eq(supportCase.id, id)).get(),
	describe: (c) => c.subject
};

export const CASE_SORTS = [
	'subject',
	'status',
	'priority',
	'contact',
	'owner',
	'created',
	'updated'
] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseFilters extends OwnedFilters {
	status?: SupportCase['status'];
	priority?: SupportCase['priority'];
	/** Only cases not resolved or closed. */
	open?: boolean;
	/** Opened on these days. */
	opened?: DayRange;
}

const PRIORITY_ORDER = { urgent: 0, high: 1, normal: 2, low: 3 } as const;

/** The case list: the newest first by default, its search box a scan of the subjects. */
export const caseList = defineList({
	name: 'crm.cases',
	permission: 'crm.read',
	id: supportCase.id,
	scope: supportCase,
	search: { column: supportCase.subject },
	filters: (filters: CaseFilters) => [
		filters.status ? eq(supportCase.status, filters.status) : undefined,
		filters.priority ? eq(supportCase.priority, filters.priority) : undefined,
		ownedBy(supportCase, filters),
		filters.open ? inArray(supportCase.status, ['new', 'open', 'pending']) : undefined,
		onDaysMs(supportCase.createdAt, filters.opened)
	],
	sorts: {
		subject: supportCase.subject,
		status: supportCase.status,
		// Most urgent first when ascending (PRIORITY_ORDER), not in the alphabet's order.
		priority: sql`case ${supportCase.priority} ${sql.join(
			Object.entries(PRIORITY_ORDER).map(([name, rank]) => sql`when ${name} then ${rank}`),
			sql` `
		)} end`,
		contact: contact.nameKey,
		owner: user.nameKey,
		created: supportCase.createdAt,
		updated: supportCase.updatedAt
	} satisfies Record<CaseSort, ListSort>,
	columns: [
		{ key: 'subject', label: 'Subject', sort: 'subject', always: true },
		{ key: 'status', label: 'Status', sort: 'status' },
		{ key: 'priority', label: 'Priority', sort: 'priority' },
		{ key: 'contact', label: 'Contact', sort: 'contact' },
		{ key: 'company', label: 'Company' },
		{ key: 'owner', label: 'Owner', sort: 'owner' },
		{ key: 'created', label: 'Opened', sort: 'created' }
	],
	select: () =>
		db()
			.select({
				id: supportCase.id,
				subject: supportCase.subject,
				status: supportCase.status,
				priority: supportCase.priority,
				contactId: supportCase.contactId,
				contactFirst: contact.firstName,
				contactLast: contact.lastName,
				companyId: supportCase.companyId,
				companyName: company.name,
				ownerName: user.name,
				createdAt: supportCase.createdAt
			})
			.from(supportCase)
			.leftJoin(contact, eq(supportCase.contactId, contact.id))
			.leftJoin(company, eq(supportCase.companyId, company.id))
			.leftJoin(user, eq(supportCase.ownerId, user.id))
			.$dynamic()
});

export function list(actor: Actor, query: ListQuery<CaseSort>, filters: CaseFilters = {}) {
	return caseList.list(actor, query, filters);
}

export function detail(actor: Actor, id: number) {
	const record = readable(actor, caseObject.find(db(), id));
	const contactRow = linkedContact(actor, record.contactId);
	const companyRow = linkedCompany(actor, record.companyId);
	return {
		record,
		owner: ownerOf(record.ownerId),
		contact: contactRow,
		company: companyRow,
		priorityRank: PRIORITY_ORDER[record.priority]
	};
}

function values(conn: Conn, actor: Actor, input: unknown, current?: SupportCase) {
	const { ownerId, companyName, companyId, contactId, ...fields } = parse(caseFields, input);
	let linkedCompany = resolveCompany(
		conn,
		actor,
		companyId,
		posted(input, 'companyName') ? companyName : undefined,
		current?.companyId
	);
	if (contactId !== null) {
		const found = conn
			.select({ id: contact.id })
			.from(contact)
			.where(and(eq(contact.id, contactId), scopeWhere(actor.user, contact)))
			.get();
		if (!found) throw new InvalidInput({ contactId: 'Choose one of your contacts.' });
		// The contact's company, as for an activity: only when it is in the actor's scope too.
		linkedCompany ??= linkableCompanyOf(conn, actor, contactId);
	}
	// Resolving stamps the time once; reopening clears it.
	const done = fields.status === 'resolved' || fields.status === 'closed';
	const resolvedAt = done ? (current?.resolvedAt ?? Date.now()) : null;
	return {
		...fields,
		contactId,
		companyId: linkedCompany,
		resolvedAt,
		...resolveOwner(conn, actor, ownerId ?? current?.ownerId)
	};
}

const verbs = writeVerbs(caseObject, values);
/** Creates a record owned by the actor (or the owner chosen within their scope). */
export const create = verbs.create;
/** Saves an edit made on `baseVersion`; a stale save is refused with the fields that changed. */
export const update = verbs.update;

export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'crm.delete');
	inTransaction((tx) =>
		deleteRecord(tx, actor, caseObject, loadForWrite(tx, actor, caseObject, id, 'crm.delete'))
	);
}
