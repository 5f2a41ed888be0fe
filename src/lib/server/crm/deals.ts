import { and, asc, count, desc, eq, gt, sql, sum, type SQL } from 'drizzle-orm';
import { version as versionSchema } from '$lib/schemas/common';
import { dealFields } from '$lib/schemas/crm';
import { fold } from '$lib/text';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { onDays, type DayRange, type ListQuery } from '../lists';
import { defineList, type ListSort } from '../lists/engine';
import { InvalidInput, Refused, StaleRecord, parse, posted } from '../validation';
import { editorsSince } from '../audit/merge';
import { resolveCompany } from './companies';
import { resolveContact } from './contact-links';
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
	updateRecord,
	writeVerbs
} from './records';
import {
	customExport,
	customListWhere,
	fieldsOf,
	type CustomFilters,
	type CustomSort
} from './custom-fields';
import { appliedFilters, type ExportSpec } from './export';
import { ownedBy, type OwnedFilters } from './record-filters';

const { deal, pipelineStage, company, user } = schema;
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

/** The deal list: one query, walking the sort index to the page. */
export const dealList = defineList({
	name: 'crm.deals',
	permission: 'crm.read',
	id: deal.id,
	scope: deal,
	search: { index: 'deal' },
	filters: (filters: DealFilters) => [
		filters.stageId ? eq(deal.stageId, filters.stageId) : undefined,
		ownedBy(deal, filters),
		onDays(deal.closeDate, filters.close),
		...customListWhere('deal', deal.custom, filters.custom)
	],
	sorts: {
		name: deal.nameKey,
		company: company.nameKey,
		amount: deal.amountMinor,
		stage: pipelineStage.position,
		close: deal.closeDate,
		owner: user.nameKey,
		updated: deal.updatedAt
	} satisfies Record<DealSort, ListSort>,
	custom: { entity: 'deal', column: deal.custom },
	columns: [
		{ key: 'name', label: 'Deal', sort: 'name', always: true },
		{ key: 'company', label: 'Company', sort: 'company' },
		{ key: 'amount', label: 'Amount', sort: 'amount', numeric: true },
		{ key: 'stage', label: 'Stage', sort: 'stage' },
		{ key: 'close', label: 'Close', sort: 'close' },
		{ key: 'owner', label: 'Owner', sort: 'owner' }
	],
	customBefore: 'owner',
	select: () =>
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
			.$dynamic()
});

/** The deal list's filter (the board's and the export's too). */
function dealWhere(actor: Actor, q: string, filters: DealFilters, mode: 'filter' | 'ordered' = 'filter') {
	return dealList.where(actor, q, filters, mode);
}

export function list(actor: Actor, query: ListQuery<DealSort | CustomSort>, filters: DealFilters = {}) {
	return dealList.list(actor, query, filters);
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
	return stages().map((stage) => {
		const own = totals.filter((t) => t.stageId === stage.id);
		return {
			stage,
			/** All the stage's deals in the filter, though at most `perStage` are listed. */
			count: own.reduce((n, t) => n + t.deals, 0),
			totals: own.sort((a, b) => b.weightedMinor - a.weightedMinor),
			deals: boardCards(where, stage.id, perStage)
		};
	});
}

/** A stage's cards on the board: the most recently changed first. */
function boardCards(where: SQL | undefined, stageId: number, limit: number) {
	return db()
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
		.where(and(where, eq(deal.stageId, stageId)))
		.orderBy(desc(deal.updatedAt), desc(deal.id))
		.limit(limit)
		.all();
}

export function get(actor: Actor, id: number): Deal {
	return readable(actor, dealObject.find(db(), id));
}

export function detail(actor: Actor, id: number) {
	const record = get(actor, id);
	const companyRow = linkedCompany(actor, record.companyId);
	const contactRow = linkedContact(actor, record.contactId);
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
	const {
		ownerId,
		companyName,
		companyId,
		contactName,
		contactId,
		amount,
		probability,
		closeDate,
		...fields
	} = parse(dealFields, input);
	const stage = conn.select().from(pipelineStage).where(eq(pipelineStage.id, fields.stageId)).get();
	if (!stage) throw new InvalidInput({ stageId: 'Choose one of the listed stages.' });
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
		contactId: resolveContact(
			conn,
			actor,
			contactId,
			posted(input, 'contactName') ? contactName : undefined,
			current?.contactId
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

/**
 * Moves a deal to another stage (the board's drag and its Move menu); it takes the stage's probability.
 * A move based on an old version is merged with what others saved since; one racing another move (or
 * an edit of the probability) is refused with a message that says where the deal is now.
 */
export function moveToStage(actor: Actor, id: number, stageId: number, baseVersion: unknown): Deal {
	authorize(actor.user, 'crm.write');
	return inTransaction((tx) => {
		const before = loadForWrite(tx, actor, dealObject, id);
		const stage = tx.select().from(pipelineStage).where(eq(pipelineStage.id, stageId)).get();
		if (!stage)
			throw new InvalidInput(
				{ stageId: 'Choose one of the listed stages.' },
				'Choose one of the listed stages.'
			);
		if (stage.id === before.stageId) return before;
		try {
			return updateRecord(
				tx,
				actor,
				dealObject,
				before,
				{ stageId: stage.id, probability: stage.probability },
				baseVersion
			);
		} catch (e) {
			if (e instanceof StaleRecord)
				throw staleMove(tx, before, stage.name, parse(versionSchema, baseVersion), e);
			throw e;
		}
	});
}

/** A refused move in the board's words: who changed the deal since `base`, what, and where it is now. */
function staleMove(tx: Conn, current: Deal, target: string, base: number, e: StaleRecord): StaleRecord {
	const by = editorsSince(tx, 'deal', current.id, base);
	const who = by.length ? by.join(', ') : 'Someone else';
	const now = tx.select().from(pipelineStage).where(eq(pipelineStage.id, current.stageId)).get()?.name;
	const what = e.changed.some((c) => c.field === 'stageId')
		? `moved “${current.name}” to ${now}`
		: `changed ${e.changed.map((c) => c.label ?? c.field).join(' and ')} of “${current.name}”`;
	return new StaleRecord(
		`${who} ${what} after you loaded the board, so it was not moved to ${target}. ` +
			`The board now shows it in ${now}: move it again if it still belongs in ${target}.`,
		e.changed,
		current.version
	);
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
