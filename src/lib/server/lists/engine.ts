import { and, asc, count, desc, inArray, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { inputName, type CustomEntity, type CustomFieldDef } from '$lib/custom-fields';
import { authorize, scopeWhere, type Action } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { customSortColumn } from '../crm/custom-fields';
import { countMatches, searchFilter, type SearchKind } from '../crm/search';
import { holds, paginate, type ListQuery, type Page } from '../lists';
import type { ListColumn, ShownColumn } from '$lib/list-columns';
import { columnsAction, shownColumns } from './prefs';

/**
 * The one list engine: a list is declared once (its table, filters, sorts, columns, search) and
 * gets its page and count with the actor's scope always in the WHERE. The fast paths the contact
 * list measured (bench/README.md) are the engine's, so every list has them:
 * - rows walk the sort index (`scopeWhere(…, 'ordered')` keeps the owner/team indexes from steering
 *   the plan) and stop at the page; the count uses those indexes;
 * - `idsFirst`: the page's ids first, joining only what the sort needs, then the page's details;
 * - a search-index list with only the search box set counts its matches in the index alone.
 */

type Column = SQLiteColumn | SQL;

/** A sort: its expression, and (for `idsFirst` lists) the table to join while finding the page's ids. */
export type ListSort = Column | { by: Column; join: [SQLiteTable, SQL] };

/** The part of a drizzle select the engine finishes: the list's columns and joins come from `select`. */
export interface RowQuery<R> {
	where(where: SQL | undefined): RowQuery<R>;
	orderBy(...order: SQL[]): RowQuery<R>;
	limit(limit: number): RowQuery<R>;
	offset(offset: number): RowQuery<R>;
	all(): R[];
}

export interface ListSpec<S extends string, F, R> {
	/** The list's name, e.g. `crm.contacts`: the key of its users' column choices. */
	name: string;
	/** What reading the list needs. */
	permission: Action;
	/** The listed table's id. */
	id: SQLiteColumn;
	/**
	 * Its scope: the owner and team columns the role's record scope applies to, or the policy's own
	 * condition for the actor (a catalogue everyone with the permission reads, people as a trainer sees them).
	 */
	scope: { ownerId: SQLiteColumn; teamId: SQLiteColumn } | ((actor: Actor) => SQL | undefined);
	/** The search box: the search index of this kind, or a scan of one column. */
	search?: { index: SearchKind } | { column: SQLiteColumn };
	/** The chosen filters (besides scope and search); undefined entries are ignored. */
	filters: (filters: F) => (SQL | undefined)[];
	sorts: Record<S, ListSort>;
	/** Custom fields sort as `cf_<key>` when the list has them. */
	custom?: { entity: CustomEntity; column: SQLiteColumn };
	/** Ties in the sort break on the id in this order. */
	tiebreak?: 'asc' | 'desc';
	/** The list's own columns; custom-field columns go before `customBefore` (else last). */
	columns: ListColumn[];
	customBefore?: string;
	/** The rows' select with its joins (for the actor); the engine adds where, order, limit and offset. */
	select: (actor: Actor) => RowQuery<R>;
	/** Find the page's ids first (a broad list over a big table), then select their rows. */
	idsFirst?: boolean;
	/**
	 * Rows filtered by the plain scope instead of walking the sort index: for a small table whose
	 * rows join an aggregate (campaign members), where the walk buys nothing.
	 */
	plainScope?: boolean;
}

export interface ListDefinition<S extends string, F, R> {
	readonly name: string;
	/** The list's filter for the actor: scope, chosen filters and search box (exports reuse it). */
	where(actor: Actor, q: string, filters: F, mode?: 'filter' | 'ordered'): SQL | undefined;
	/** One page of the list as the actor may see it. */
	list(actor: Actor, query: ListQuery<S | `cf_${string}`>, filters?: F): Page<R>;
	/** The list's columns, custom-field columns included. */
	columns(custom?: CustomFieldDef[]): ListColumn[];
	/** The columns with the actor's choices applied, for the page. */
	shown(actor: Actor, custom?: CustomFieldDef[]): ShownColumn[];
	/** What a list page shows: the page of rows, the actor's columns and the sort (DataList.svelte). */
	view(
		actor: Actor,
		query: ListQuery<S | `cf_${string}`>,
		filters: F,
		custom?: CustomFieldDef[]
	): Page<R> & { columns: ShownColumn[]; sort: string; dir: 'asc' | 'desc' };
	/** The page's `columns` action (the column chooser); `custom` reads the list's custom fields. */
	columnsAction(custom?: () => CustomFieldDef[]): ReturnType<typeof columnsAction>;
}

export function defineList<S extends string, F, R>(spec: ListSpec<S, F, R>): ListDefinition<S, F, R> {
	const search = (q: string) =>
		!spec.search || !q
			? undefined
			: 'index' in spec.search
				? searchFilter(spec.search.index, spec.id, q)
				: holds(spec.search.column, q);
	const chosen = (filters: F) => and(...spec.filters(filters));
	const where = (actor: Actor, q: string, filters: F, mode: 'filter' | 'ordered' = 'filter') =>
		and(
			typeof spec.scope === 'function' ? spec.scope(actor) : scopeWhere(actor.user, spec.scope, mode),
			chosen(filters),
			search(q)
		);
	const tiebreak = spec.tiebreak === 'desc' ? desc(spec.id) : asc(spec.id);

	function sortOf(sort: string): { by: Column; join?: [SQLiteTable, SQL] } {
		const custom = spec.custom && customSortColumn(spec.custom.entity, spec.custom.column, sort);
		if (custom) return { by: custom };
		const s: ListSort | undefined = (spec.sorts as Record<string, ListSort>)[sort];
		// listQuery only passes known sorts; a custom field deleted meanwhile sorts by id.
		if (!s) return { by: spec.id };
		return 'by' in s && 'join' in s ? s : { by: s };
	}

	const definition: ListDefinition<S, F, R> = {
		name: spec.name,
		where,
		shown: (actor, custom) => shownColumns(actor, spec.name, definition.columns(custom)),
		view: (actor, query, filters, custom) => ({
			...definition.list(actor, query, filters),
			columns: definition.shown(actor, custom),
			sort: query.sort,
			dir: query.dir
		}),
		columnsAction: (custom = () => []) =>
			columnsAction(spec.name, spec.permission, () => definition.columns(custom())),
		columns(custom = []) {
			const extra: ListColumn[] = custom.map((def) => ({
				key: inputName(def.key),
				label: def.label,
				sort: inputName(def.key),
				numeric: def.type === 'number'
			}));
			const at = spec.columns.findIndex((c) => c.key === spec.customBefore);
			const cut = at < 0 ? spec.columns.length : at;
			return [...spec.columns.slice(0, cut), ...extra, ...spec.columns.slice(cut)];
		},
		list(actor, query, filters = {} as F) {
			authorize(actor.user, spec.permission);
			const sort = sortOf(query.sort);
			const order = [(query.dir === 'desc' ? desc : asc)(sort.by), tiebreak];
			const walk = where(actor, query.q, filters, spec.plainScope ? 'filter' : 'ordered');
			const rows = (limit: number, offset: number): R[] => {
				if (!spec.idsFirst)
					return spec
						.select(actor)
						.where(walk)
						.orderBy(...order)
						.limit(limit)
						.offset(offset)
						.all();
				// A broad search can match tens of thousands of rows: joining each before the sort would
				// cost more than finding the page's ids and then their details.
				let ids = db().select({ id: spec.id }).from(tableOf(spec.id)).$dynamic();
				if (sort.join) ids = ids.leftJoin(...sort.join);
				const page = ids
					.where(walk)
					.orderBy(...order)
					.limit(limit)
					.offset(offset)
					.all()
					.map((r) => r.id);
				if (page.length === 0) return [];
				return spec
					.select(actor)
					.where(inArray(spec.id, page))
					.orderBy(...order)
					.all();
			};
			const total = () =>
				spec.search && 'index' in spec.search && query.q && !chosen(filters)
					? // Only the search box (and scope): the index counts its matches on its own.
						countMatches(actor, spec.search.index, query.q)
					: (db()
							.select({ n: count() })
							.from(tableOf(spec.id))
							.where(where(actor, query.q, filters))
							.get()?.n ?? 0);
			return paginate(query.page, rows, total);
		}
	};
	return definition;
}

/** The table a column belongs to (drizzle keeps it on the column). */
function tableOf(column: SQLiteColumn): SQLiteTable {
	return column.table as SQLiteTable;
}
