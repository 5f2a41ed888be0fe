import { error } from '@sveltejs/kit';
import { isIsoDate } from '$lib/dates';

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

/** The numeric id in a route parameter; anything else is a 404, like a missing record. */
export function idFromParam(param: string): number {
	const id = Number(param);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'Not found');
	return id;
}

/** One page of a list: `rows` gets the limit and offset, `total` counts the same filter. */
export function paginate<T>(
	page: number,
	rows: (limit: number, offset: number) => T[],
	total: () => number,
	pageSize = PAGE_SIZE
): Page<T> {
	return { rows: rows(pageSize, (page - 1) * pageSize), total: total(), page, pageSize };
}

/** A YYYY-MM-DD filter from the URL, or undefined when absent or not a real date. */
export function dayParam(params: URLSearchParams, name: string): string | undefined {
	const v = params.get(name) ?? '';
	return isIsoDate(v) ? v : undefined;
}
