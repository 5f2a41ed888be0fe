import { error } from '@sveltejs/kit';
import { and, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { isIsoDate } from '$lib/dates';
import { fold, likePattern } from '$lib/text';

/** Reading a list's state (search, sort, page, filters) from the URL, so that every list can be bookmarked. */

export const PAGE_SIZE = 50;

export interface ListQuery<S extends string> {
	q: string;
	sort: S;
	dir: 'asc' | 'desc';
	page: number;
}

export function listQuery<S extends string>(
	params: URLSearchParams,
	sorts: readonly S[],
	defaults: { sort: S; dir?: 'asc' | 'desc' }
): ListQuery<S> {
	const sort = sorts.find((s) => s === params.get('sort')) ?? defaults.sort;
	const dir =
		params.get('dir') === 'desc' ? 'desc' : params.get('dir') === 'asc' ? 'asc' : (defaults.dir ?? 'asc');
	const page = Math.max(1, Math.min(100_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));
	return { q: (params.get('q') ?? '').trim().slice(0, 200), sort, dir, page };
}

/** A positive integer filter from the URL, or undefined when absent or malformed. */
export function idParam(params: URLSearchParams, name: string): number | undefined {
	const n = Number(params.get(name));
	return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export interface Page<T> {
	rows: T[];
	total: number;
	page: number;
	pageSize: number;
}

/**
 * A record id written as ids are written: decimal digits without sign, spaces or leading zeros
 * (`Number()` would also take `1e3`, `0x10`, ` 1`, `+1` or `01`, so one record would have many
 * addresses). Null for anything else, or beyond what a JavaScript number holds exactly.
 */
export function parseId(text: string | null | undefined): number | null {
	if (typeof text !== 'string' || !/^[1-9][0-9]{0,15}$/.test(text)) return null;
	const id = Number(text);
	return Number.isSafeInteger(id) ? id : null;
}

/** The id in a route parameter (see parseId); anything else is a 404, like a missing record. */
export function idFromParam(param: string): number {
	const id = parseId(param);
	if (id === null) error(404, 'Not found');
	return id;
}

/** One page of a list: `rows` gets the limit and offset, `total` counts the same filter. */
export function paginate<T>(
	page: number,
	rows: (limit: number, offset: number) => T[],
	total: () => number,
	pageSize = PAGE_SIZE
): Page<T> {
	const n = total();
	// A page past the end (an old bookmark, a typed URL) shows the last page, not an empty one.
	const shown = Math.min(page, Math.max(1, Math.ceil(n / pageSize)));
	return { rows: rows(pageSize, (shown - 1) * pageSize), total: n, page: shown, pageSize };
}

/** A YYYY-MM-DD filter from the URL, or undefined when absent or not a real date. */
export function dayParam(params: URLSearchParams, name: string): string | undefined {
	const v = params.get(name) ?? '';
	return isIsoDate(v) ? v : undefined;
}

/** A list's range of days (`?from=` and `?to=`, YYYY-MM-DD, both included, either left open). */
export interface DayRange {
	from?: string;
	to?: string;
	/** Why the range holds no day, shown beside its end. */
	error?: string;
}

/** The list's day range from its URL; a day that is not a real one bounds nothing. */
export function dayRange(params: URLSearchParams): DayRange {
	const from = dayParam(params, 'from');
	const to = dayParam(params, 'to');
	return from && to && from > to
		? { from, to, error: 'This is before the first day, so nothing matches.' }
		: { from, to };
}

/** The range on a YYYY-MM-DD column. */
export function onDays(column: SQLiteColumn, range: DayRange = {}): SQL | undefined {
	return and(range.from ? gte(column, range.from) : undefined, range.to ? lte(column, range.to) : undefined);
}

/** The range on an epoch-ms column: from the start of its first day to the end of its last, in UTC as the pages show times. */
export function onDaysMs(column: SQLiteColumn, range: DayRange = {}): SQL | undefined {
	const start = (day: string) => Date.parse(`${day}T00:00:00Z`);
	return and(
		range.from ? gte(column, start(range.from)) : undefined,
		range.to ? lt(column, start(range.to) + 86_400_000) : undefined
	);
}

/**
 * The search box of a list without a search index (cases, activities, campaigns): records whose
 * `column` holds the text, accents and case aside. A scan, folding each value: fine for lists of
 * thousands, not for the millions the indexed lists are built for.
 */
export function holds(column: SQLiteColumn, text: string): SQL | undefined {
	return text ? sql`uptake_fold(${column}) like ${likePattern(fold(text))} escape '\\'` : undefined;
}
