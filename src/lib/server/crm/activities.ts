import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { activityFields } from '$lib/schemas/crm';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { onDaysMs, type DayRange, type ListQuery } from '../lists';
import { defineList, type ListSort } from '../lists/engine';
import { InvalidInput, Refused, parse } from '../validation';
import {
	createRecord,
	inTransaction,
	loadForWrite,
	resolveOwner,
	updateRecord,
	type CrmObject
} from './records';
import { ownedBy, type OwnedFilters } from './record-filters';

const { activity, contact, company, deal, user } = schema;
export type Activity = typeof activity.$inferSelect;

export const activityObject: CrmObject<typeof activity, Activity> = {
	entity: 'activity',
	module: 'crm.activities',
	noun: 'activity',
	table: activity,
	id: activity.id,
	find: (conn, id) => conn.select().from(activity).where(eq(activity.id, id)).get(),
	describe: (a) => `${a.type}: ${a.subject}`
};

/** The records an activity is logged against must exist and be within the actor's scope. */
function assertLinks(
	conn: Conn,
	actor: Actor,
	links: { contactId: number | null; companyId: number | null; dealId: number | null }
) {
	const check = (table: typeof contact | typeof company | typeof deal, id: number | null, field: string) => {
		if (id === null) return;
		const found = conn
			.select({ id: table.id })
			.from(table)
			.where(and(eq(table.id, id), scopeWhere(actor.user, table)))
			.get();
		if (!found) throw new InvalidInput({ [field]: 'That record does not exist or is not yours to work on.' });
	};
	check(contact, links.contactId, 'contactId');
	check(company, links.companyId, 'companyId');
	check(deal, links.dealId, 'dealId');
}

/** Noon UTC of the due day, so the day reads the same in every time zone near Europe and Asia. */
function dueAt(date: string): number | null {
	return date ? Date.parse(`${date}T12:00:00Z`) : null;
}

/**
 * The company of a contact, when the actor may work on it too: an activity is linked only to records
 * in the actor's scope, whether chosen (assertLinks) or taken from the contact.
 */
export function linkableCompanyOf(conn: Conn, actor: Actor, contactId: number): number | null {
	return (
		conn
			.select({ id: company.id })
			.from(contact)
			.innerJoin(company, eq(contact.companyId, company.id))
			.where(and(eq(contact.id, contactId), scopeWhere(actor.user, company)))
			.get()?.id ?? null
	);
}

/**
 * Logs a call, email, meeting or note (done when logged) or schedules a task (open until completed),
 * owned by the actor. A contact's company is linked too, so the company's timeline shows it, unless
 * the company is outside the actor's scope: the activity then stays on the contact.
 */
export function log(actor: Actor, input: unknown): Activity {
	authorize(actor.user, 'crm.write');
	const fields = parse(activityFields, input);
	return inTransaction((tx) => {
		assertLinks(tx, actor, fields);
		const companyId =
			fields.companyId ?? (fields.contactId !== null ? linkableCompanyOf(tx, actor, fields.contactId) : null);
		const now = Date.now();
		const open = fields.type === 'task' || (fields.type === 'meeting' && dueAt(fields.dueDate)! > now);
		return createRecord(tx, actor, activityObject, {
			type: fields.type,
			subject: fields.subject,
			notes: fields.notes,
			dueAt: dueAt(fields.dueDate),
			doneAt: open ? null : now,
			contactId: fields.contactId,
			companyId,
			dealId: fields.dealId,
			...resolveOwner(tx, actor, null)
		});
	});
}

/** Marks an open task or meeting done. */
export function complete(actor: Actor, id: number, baseVersion: unknown): Activity {
	authorize(actor.user, 'crm.write');
	return inTransaction((tx) => {
		const before = loadForWrite(tx, actor, activityObject, id);
		if (before.doneAt !== null) throw new Refused('This is done already.');
		return updateRecord(tx, actor, activityObject, before, { doneAt: Date.now() }, baseVersion);
	});
}

/** The actor's open tasks and meetings due by `until` (epoch ms), soonest first: the home page's to-do list. */
export function openTasks(actor: Actor, until: number, limit = 20) {
	authorize(actor.user, 'crm.read');
	return db()
		.select({
			id: activity.id,
			type: activity.type,
			subject: activity.subject,
			dueAt: activity.dueAt,
			version: activity.version,
			contactId: activity.contactId,
			contactFirst: contact.firstName,
			contactLast: contact.lastName,
			companyId: activity.companyId
		})
		.from(activity)
		.leftJoin(contact, eq(activity.contactId, contact.id))
		.where(and(eq(activity.ownerId, actor.user.id), isNull(activity.doneAt), lte(activity.dueAt, until)))
		.orderBy(asc(activity.dueAt))
		.limit(limit)
		.all();
}

export const ACTIVITY_SORTS = ['when', 'due', 'type', 'subject', 'about', 'owner'] as const;
export type ActivitySort = (typeof ACTIVITY_SORTS)[number];

export interface ActivityFilters extends OwnedFilters {
	type?: Activity['type'];
	/** Only tasks and meetings not done yet. */
	open?: boolean;
	/** Logged on these days. */
	logged?: DayRange;
}

/** Activities in the actor's scope, newest first by default, with what they were logged against. */
export const activityList = defineList({
	name: 'crm.activities',
	permission: 'crm.read',
	id: activity.id,
	scope: activity,
	search: { column: activity.subject },
	filters: (filters: ActivityFilters) => [
		filters.type ? eq(activity.type, filters.type) : undefined,
		ownedBy(activity, filters),
		filters.open ? and(isNull(activity.doneAt), inArray(activity.type, ['task', 'meeting'])) : undefined,
		onDaysMs(activity.createdAt, filters.logged)
	],
	sorts: {
		when: activity.createdAt,
		due: activity.dueAt,
		type: activity.type,
		subject: activity.subject,
		// What the About column shows first: the contact, else the company, else the deal.
		about: sql`coalesce(${contact.nameKey}, ${company.nameKey}, ${deal.nameKey})`,
		owner: user.nameKey
	} satisfies Record<ActivitySort, ListSort>,
	tiebreak: 'desc',
	columns: [
		{ key: 'when', label: 'Logged', sort: 'when' },
		{ key: 'type', label: 'Type', sort: 'type' },
		{ key: 'subject', label: 'Subject', sort: 'subject', always: true },
		{ key: 'about', label: 'About', sort: 'about' },
		{ key: 'due', label: 'Due', sort: 'due' },
		{ key: 'owner', label: 'Owner', sort: 'owner' }
	],
	select: () =>
		db()
			.select({
				id: activity.id,
				type: activity.type,
				subject: activity.subject,
				dueAt: activity.dueAt,
				doneAt: activity.doneAt,
				createdAt: activity.createdAt,
				contactId: activity.contactId,
				contactFirst: contact.firstName,
				contactLast: contact.lastName,
				companyId: activity.companyId,
				companyName: company.name,
				dealId: activity.dealId,
				dealName: deal.name,
				ownerName: user.name
			})
			.from(activity)
			.leftJoin(contact, eq(activity.contactId, contact.id))
			.leftJoin(company, eq(activity.companyId, company.id))
			.leftJoin(deal, eq(activity.dealId, deal.id))
			.leftJoin(user, eq(activity.ownerId, user.id))
			.$dynamic()
});

export function list(actor: Actor, query: ListQuery<ActivitySort>, filters: ActivityFilters = {}) {
	return activityList.list(actor, query, filters);
}
