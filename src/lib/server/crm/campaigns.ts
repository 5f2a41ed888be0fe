import { error } from '@sveltejs/kit';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { campaignFields, CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES } from '$lib/schemas/crm';
import { authorize, scopeWhere } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { onDays, type DayRange, type ListQuery } from '../lists';
import { defineList, type ListSort } from '../lists/engine';
import { InvalidInput, Refused, parse } from '../validation';
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
import { ownedBy, type OwnedFilters } from './record-filters';

const { campaign, campaignMember, contact, user } = schema;
export type Campaign = typeof campaign.$inferSelect;

export const campaignObject: CrmObject<typeof campaign, Campaign> = {
	entity: 'campaign',
	module: 'crm.campaigns',
	noun: 'campaign',
	table: campaign,
	id: campaign.id,
	find: (conn, id) => conn.select().from(campaign).where(eq(campaign.id, id)).get(),
	describe: (c) => c.name
};

export const CAMPAIGN_SORTS = ['name', 'channel', 'status', 'start', 'budget', 'members', 'owner'] as const;
export type CampaignSort = (typeof CAMPAIGN_SORTS)[number];

export interface CampaignFilters extends OwnedFilters {
	status?: (typeof CAMPAIGN_STATUSES)[number];
	channel?: (typeof CAMPAIGN_CHANNELS)[number];
	/** Starting on these days. */
	starts?: DayRange;
}

/**
 * Campaign members counted as the actor may see them: only contacts in their scope (DESIGN rule 1:
 * a record out of scope is never counted), with the campaign and the count as `n`.
 */
function memberCounts(actor: Actor) {
	return db()
		.select({ campaignId: campaignMember.campaignId, n: count().as('n') })
		.from(campaignMember)
		.innerJoin(contact, eq(campaignMember.contactId, contact.id))
		.where(scopeWhere(actor.user, contact));
}

/** The campaign list: a small table, its rows joined to their members as the actor may count them. */
export const campaignList = defineList({
	name: 'crm.campaigns',
	permission: 'crm.read',
	id: campaign.id,
	scope: campaign,
	search: { column: campaign.name },
	filters: (filters: CampaignFilters) => [
		filters.status ? eq(campaign.status, filters.status) : undefined,
		filters.channel ? eq(campaign.channel, filters.channel) : undefined,
		ownedBy(campaign, filters),
		onDays(campaign.startDate, filters.starts)
	],
	sorts: {
		name: campaign.name,
		channel: campaign.channel,
		status: campaign.status,
		start: campaign.startDate,
		budget: campaign.budgetMinor,
		members: sql`coalesce(${sql.identifier('members')}.${sql.identifier('n')}, 0)`,
		owner: user.nameKey
	} satisfies Record<CampaignSort, ListSort>,
	columns: [
		{ key: 'name', label: 'Campaign', sort: 'name', always: true },
		{ key: 'channel', label: 'Channel', sort: 'channel' },
		{ key: 'status', label: 'Status', sort: 'status' },
		{ key: 'dates', label: 'Dates', sort: 'start' },
		{ key: 'budget', label: 'Budget', sort: 'budget', numeric: true },
		{ key: 'members', label: 'Members', sort: 'members', numeric: true },
		{ key: 'owner', label: 'Owner', sort: 'owner' }
	],
	plainScope: true,
	select: (actor) => {
		const members = memberCounts(actor).groupBy(campaignMember.campaignId).as('members');
		return db()
			.select({
				id: campaign.id,
				name: campaign.name,
				channel: campaign.channel,
				status: campaign.status,
				startDate: campaign.startDate,
				endDate: campaign.endDate,
				budgetMinor: campaign.budgetMinor,
				currency: campaign.currency,
				ownerName: user.name,
				members: sql<number>`coalesce(${members.n}, 0)`
			})
			.from(campaign)
			.leftJoin(user, eq(campaign.ownerId, user.id))
			.leftJoin(members, eq(members.campaignId, campaign.id))
			.$dynamic();
	}
});

export function list(actor: Actor, query: ListQuery<CampaignSort>, filters: CampaignFilters = {}) {
	return campaignList.list(actor, query, filters);
}

/** The campaign page: the record, members by status and the first members, all as far as the actor sees. */
export function detail(actor: Actor, id: number) {
	const record = readable(actor, campaignObject.find(db(), id));
	const byStatus = db()
		.select({ status: campaignMember.status, n: count() })
		.from(campaignMember)
		.innerJoin(contact, eq(campaignMember.contactId, contact.id))
		.where(and(eq(campaignMember.campaignId, id), scopeWhere(actor.user, contact)))
		.groupBy(campaignMember.status)
		.all();
	const members = db()
		.select({
			contactId: contact.id,
			firstName: contact.firstName,
			lastName: contact.lastName,
			email: contact.email,
			status: campaignMember.status
		})
		.from(campaignMember)
		.innerJoin(contact, eq(campaignMember.contactId, contact.id))
		.where(and(eq(campaignMember.campaignId, id), scopeWhere(actor.user, contact)))
		.orderBy(asc(contact.nameKey))
		.limit(50)
		.all();
	return { record, owner: ownerOf(record.ownerId), byStatus, members };
}

function values(conn: Conn, actor: Actor, input: unknown, current?: Campaign) {
	const { ownerId, budget, startDate, endDate, ...fields } = parse(campaignFields, input);
	return {
		...fields,
		budgetMinor: budget,
		startDate: startDate || null,
		endDate: endDate || null,
		...resolveOwner(conn, actor, ownerId ?? current?.ownerId)
	};
}

const verbs = writeVerbs(campaignObject, values);
/** Creates a record owned by the actor (or the owner chosen within their scope). */
export const create = verbs.create;
/** Saves an edit made on `baseVersion`; a stale save is refused with the fields that changed. */
export const update = verbs.update;

/** Deletes a campaign and its member list (the contacts stay). */
export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'crm.delete');
	inTransaction((tx) =>
		deleteRecord(tx, actor, campaignObject, loadForWrite(tx, actor, campaignObject, id, 'crm.delete'))
	);
}

/** Adds a contact (by email, among those the actor may see) to the campaign. */
export function addMember(actor: Actor, campaignId: number, email: unknown): void {
	authorize(actor.user, 'crm.write');
	const address = String(email ?? '')
		.trim()
		.toLowerCase();
	if (!address) throw new InvalidInput({ email: 'Enter the contact’s email address.' });
	inTransaction((tx) => {
		loadForWrite(tx, actor, campaignObject, campaignId);
		const found = tx
			.select({ id: contact.id })
			.from(contact)
			.where(and(eq(contact.email, address), scopeWhere(actor.user, contact)))
			.get();
		if (!found) throw new InvalidInput({ email: `None of your contacts has the email ${address}.` });
		const exists = tx
			.select()
			.from(campaignMember)
			.where(and(eq(campaignMember.campaignId, campaignId), eq(campaignMember.contactId, found.id)))
			.get();
		if (exists) throw new Refused('This contact is a member already.');
		const member = tx.insert(campaignMember).values({ campaignId, contactId: found.id }).returning().get();
		recordChange(tx, actor, {
			module: 'crm.campaigns',
			action: 'create',
			entity: 'campaign_member',
			entityId: `${campaignId}:${found.id}`,
			after: member,
			summary: `Added ${address} to campaign #${campaignId}`
		});
	});
}

/** Removes a contact from the campaign: one the actor may see (any other is not found, as on the page). */
export function removeMember(actor: Actor, campaignId: number, contactId: number): void {
	authorize(actor.user, 'crm.write');
	inTransaction((tx) => {
		loadForWrite(tx, actor, campaignObject, campaignId);
		const where = and(eq(campaignMember.campaignId, campaignId), eq(campaignMember.contactId, contactId));
		const before =
			tx
				.select({ member: campaignMember })
				.from(campaignMember)
				.innerJoin(contact, eq(campaignMember.contactId, contact.id))
				.where(and(where, scopeWhere(actor.user, contact)))
				.get()?.member ?? error(404, 'Not found');
		tx.delete(campaignMember).where(where).run();
		recordChange(tx, actor, {
			module: 'crm.campaigns',
			action: 'delete',
			entity: 'campaign_member',
			entityId: `${campaignId}:${contactId}`,
			before,
			summary: `Removed a member from campaign #${campaignId}`
		});
	});
}
