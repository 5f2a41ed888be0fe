import { error } from '@sveltejs/kit';
import { and, asc, count, desc, eq, gt, sql, sum, type SQL } from 'drizzle-orm';
import { dealFields } from '$lib/schemas/crm';
import { fold } from '$lib/text';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { onDays, paginate, type DayRange, type ListQuery } from '../lists';
import { InvalidInput, Refused, parse, posted } from '../validation';
import { resolveCompany } from './companies';
import {
	deleteRecord,
	inTransaction,
	loadForWrite,
	ownerOf,
	readable,
	resolveOwner,
	writeVerbs,
	updateRecord,
	type CrmObject
} from './records';
import {
	customExport,
	customListWhere,
	customSortColumn,
	fieldsOf,
	type CustomFilters,
	type CustomSort
} from './custom-fields';
import { appliedFilters, type ExportSpec } from './export';
import { ownedBy, type OwnedFilters } from './record-filters';
import { searchFilter } from './search';

const { deal, pipelineStage, company, contact, user } = schema;
export type Deal = typeof deal.$inferSelect;

export const dealObject: CrmObject<typeof deal, Deal> = {
	entity: 'deal',
	custom: 'deal',
	module: 'crm.deals',
	noun: 'deal',
	table: deal,
	id: deal.id,
	find: (conn, id) => conn.select().from(deal).where(eq(deal.id, id)).get(),
	describe: (d) => d.name,
	derived: ['nameKey'],
	derive: (values, current) => ({ nameKey: fold(values.name ?? current.name) })
};

/** Deals matching `where` that the actor may see, newest first, as record pages list them. */
export function dealSummaries(actor: Actor, where: SQL, limit = 50) {
	return db()
		.select({
			id: deal.id,
			name: deal.name,
			amountMinor: deal.amountMinor,
			currency: deal.currency,
			stageName: pipelineStage.name
		})
		.from(deal)
		.innerJoin(pipelineStage, eq(deal.stageId, pipelineStage.id))
		.where(and(where, scopeWhere(actor.user, deal)))
		.orderBy(desc(deal.updatedAt))
		.limit(limit)
		.all();
}

/** The pipeline's stages in order. */
export function stages() {
	return db().select().from(pipelineStage).orderBy(asc(pipelineStage.position)).all();
}

export const DEAL_SORTS = ['name', 'company', 'amount', 'stage', 'close', 'owner', 'updated'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

export interface DealFilters extends OwnedFilters {
	/** Custom-field filters from the URL (`cf_<key>`, `cf_<key>_from`, `cf_<key>_to`). */
	custom?: CustomFilters;
	stageId?: number;
	/** Expected to close on these days. */
	close?: DayRange;
}

function dealWhere(
	actor: Actor,
	q: string,
	filters: DealFilters,
	mode: 'filter' | 'ordered' = 'filter'
): SQL | undefined {
	return and(
		scopeWhere(actor.user, deal, mode),
		filters.stageId ? eq(deal.stageId, filters.stageId) : undefined,
		ownedBy(deal, filters),
		onDays(deal.closeDate, filters.close),
		searchFilter('deal', deal.id, q),
		...customListWhere('deal', deal.custom, filters.custom)
	);
}

export function list(actor: Actor, query: ListQuery<DealSort | CustomSort>, filters: DealFilters = {}) {
	authorize(actor.user, 'crm.read');
	const where = dealWhere(actor, query.q, filters);
	const walk = dealWhere(actor, query.q, filters, 'ordered');
	const order = query.dir === 'desc' ? desc : asc;
	const sortColumn =
		customSortColumn('deal', deal.custom, query.sort) ??
		{
			name: deal.nameKey,
			company: company.nameKey,
			amount: deal.amountMinor,
			stage: pipelineStage.position,
			close: deal.closeDate,
			owner: user.nameKey,
			updated: deal.updatedAt
		}[query.sort as DealSort];
	return paginate(
		query.page,
		(limit, offset) =>
			db()
				.select({
					id: deal.id,
					custom: deal.custom,
					name: deal.name,
					companyId: deal.companyId,
					companyName: company.name,
					amountMinor: deal.amountMinor,
					currency: deal.currency,
					stageName: pipelineStage.name,
					probability: deal.probability,
					closeDate: deal.closeDate,
					ownerName: user.name
				})
				.from(deal)
				.innerJoin(pipelineStage, eq(deal.stageId, pipelineStage.id))
				.leftJoin(company, eq(deal.companyId, company.id))
				.leftJoin(user, eq(deal.ownerId, user.id))
				.where(walk)
				.orderBy(order(sortColumn), asc(deal.id))
				.limit(limit)
				.offset(offset)
				.all(),
		() => db().select({ n: count() }).from(deal).where(where).get()?.n ?? 0
	);
}

/**
 * The board: open and closed stages with the deals in each (the most recently changed first, up to
 * `perStage`), and each stage's count, total and weighted total (amount × probability) per currency.
 */
export function board(actor: Actor, filters: DealFilters = {}, perStage = 30) {
	authorize(actor.user, 'crm.read');
	const where = dealWhere(actor, '', filters);
	const totals = db()
		.select({
			stageId: deal.stageId,
			currency: deal.currency,
			deals: count(),
			amountMinor: sum(deal.amountMinor).mapWith(Number),
			weightedMinor: sql<number>`cast(round(sum(${deal.amountMinor} * ${deal.probability} / 100.0)) as integer)`
		})
		.from(deal)
		.where(where)
		.groupBy(deal.stageId, deal.currency)
		.all();
	return stages().map((stage) => ({
		stage,
		totals: totals.filter((t) => t.stageId === stage.id).sort((a, b) => b.weightedMinor - a.weightedMinor),
		deals: db()
			.select({
				id: deal.id,
				name: deal.name,
				companyName: company.name,
				amountMinor: deal.amountMinor,
				currency: deal.currency,
				probability: deal.probability,
				closeDate: deal.closeDate,
				version: deal.version,
				ownerName: user.name
			})
			.from(deal)
			.leftJoin(company, eq(deal.companyId, company.id))
			.leftJoin(user, eq(deal.ownerId, user.id))
			.where(and(where, eq(deal.stageId, stage.id)))
			.orderBy(desc(deal.updatedAt))
			.limit(perStage)
			.all()
	}));
}

export function get(actor: Actor, id: number): Deal {
	return readable(actor, dealObject.find(db(), id));
}

export function detail(actor: Actor, id: number) {
	const record = get(actor, id);
	const companyRow = record.companyId
		? db()
				.select({ id: company.id, name: company.name })
				.from(company)
				.where(eq(company.id, record.companyId))
				.get()
		: undefined;
	const contactRow = record.contactId
		? db()
				.select({ id: contact.id, firstName: contact.firstName, lastName: contact.lastName })
				.from(contact)
				.where(eq(contact.id, record.contactId))
				.get()
		: undefined;
	const stage = db().select().from(pipelineStage).where(eq(pipelineStage.id, record.stageId)).get();
	return {
		record,
		owner: ownerOf(record.ownerId),
		company: companyRow,
		contact: contactRow,
		stage,
		customFields: fieldsOf('deal')
	};
}

function values(conn: Conn, actor: Actor, input: unknown, current?: Deal) {
	const { ownerId, companyName, companyId, amount, probability, closeDate, ...fields } = parse(
		dealFields,
		input
	);
	const stage = conn.select().from(pipelineStage).where(eq(pipelineStage.id, fields.stageId)).get();
	if (!stage) throw new InvalidInput({ stageId: 'Choose one of the listed stages.' });
	if (fields.contactId !== null) {
		const found = conn
			.select({ id: contact.id })
			.from(contact)
			.where(and(eq(contact.id, fields.contactId), scopeWhere(actor.user, contact)))
			.get();
		if (!found) throw new InvalidInput({ contactId: 'Choose one of your contacts.' });
	}
	// A deal entering a new stage takes the stage's probability unless one is given.
	const stageChanged = !current || current.stageId !== stage.id;
	return {
		...fields,
		nameKey: fold(fields.name),
		companyId: resolveCompany(
			conn,
			actor,
			companyId,
			posted(input, 'companyName') ? companyName : undefined,
			current?.companyId
		),
		amountMinor: amount,
		closeDate: closeDate || null,
		probability: probability ?? (stageChanged ? stage.probability : current!.probability),
		...resolveOwner(conn, actor, ownerId ?? current?.ownerId)
	};
}

const verbs = writeVerbs(dealObject, values);
/** Creates a record owned by the actor (or the owner chosen within their scope). */
export const create = verbs.create;
/** Saves an edit made on `baseVersion`; a stale save is refused with the fields that changed. */
export const update = verbs.update;

/** Moves a deal to another stage (the board's drag and its keyboard control); it takes the stage's probability. */
export function moveToStage(actor: Actor, id: number, stageId: number, baseVersion: unknown): Deal {
	authorize(actor.user, 'crm.write');
	return inTransaction((tx) => {
		const before = loadForWrite(tx, actor, dealObject, id);
		const stage =
			tx.select().from(pipelineStage).where(eq(pipelineStage.id, stageId)).get() ?? error(404, 'Not found');
		if (stage.id === before.stageId) return before;
		return updateRecord(
			tx,
			actor,
			dealObject,
			before,
			{ stageId: stage.id, probability: stage.probability },
			baseVersion
		);
	});
}

export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'crm.delete');
	inTransaction((tx) => {
		const before = loadForWrite(tx, actor, dealObject, id, 'crm.delete');
		const activities =
			tx.select({ n: count() }).from(schema.activity).where(eq(schema.activity.dealId, id)).get()?.n ?? 0;
		if (activities > 0)
			throw new Refused(
				`${before.name} has ${activities} activities logged against it: move it to a lost stage instead of deleting it.`
			);
		deleteRecord(tx, actor, dealObject, before);
	});
}

/** The deal list as filtered, for export; amounts as decimal numbers in their currency. */
export function exportSpec(actor: Actor, q: string, filters: DealFilters) {
	authorize(actor.user, 'crm.read');
	const extra = customExport('deal', deal.custom);
	const where = dealWhere(actor, q, filters, 'ordered'); // chunks walk the primary key in order
	const spec: ExportSpec<{ id: number } & Record<string, string | number | null>> = {
		entity: 'deal',
		module: 'crm.deals',
		noun: 'deals',
		filters: appliedFilters(q, filters),
		columns: [
			['Deal', (r) => r.name],
			['Company', (r) => r.companyName],
			['Amount', (r) => Number(r.amountMinor) / 100],
			['Currency', (r) => r.currency],
			['Stage', (r) => r.stageName],
			['Probability (%)', (r) => r.probability],
			['Expected close', (r) => r.closeDate],
			...extra.columns,
			['Owner', (r) => r.ownerName]
		],
		chunk: (afterId, limit) =>
			db()
				.select({
					id: deal.id,
					...extra.select,
					name: deal.name,
					companyName: company.name,
					amountMinor: deal.amountMinor,
					currency: deal.currency,
					stageName: pipelineStage.name,
					probability: deal.probability,
					closeDate: deal.closeDate,
					ownerName: user.name
				})
				.from(deal)
				.innerJoin(pipelineStage, eq(deal.stageId, pipelineStage.id))
				.leftJoin(company, eq(deal.companyId, company.id))
				.leftJoin(user, eq(deal.ownerId, user.id))
				.where(and(where, gt(deal.id, afterId)))
				.orderBy(asc(deal.id))
				.limit(limit)
				.all()
	};
	return spec;
}
