/**
 * What a page reads from a form action's result. Pages with several forms tell them apart by a
 * field only that form has.
 */
export interface Failure {
	values: Record<string, unknown>;
	errors: Record<string, string>;
	/** After a stale save: the version to base the next save on. */
	version?: number;
}

/** The failure a form action returned (what was typed, the errors), or undefined. */
export function failure(form: unknown): Failure | undefined {
	if (!form || typeof form !== 'object' || !('values' in form) || !form.values) return undefined;
	const f = form as { values: Record<string, unknown>; errors?: Record<string, string>; version?: number };
	return { values: f.values, errors: f.errors ?? {}, version: f.version };
}

/** The failure of the form that has `field`, if that is the one that failed. */
export function failureOf(form: unknown, field: string): Failure | undefined {
	const f = failure(form);
	return f && field in f.values ? f : undefined;
}

/** The values of a checkbox group (a record's ids, or what a refused form sent back) as strings. */
export function chosen(values: Record<string, unknown>, key: string): Set<string> {
	const x = values[key];
	return new Set((Array.isArray(x) ? x : x === undefined || x === '' || x === null ? [] : [x]).map(String));
}
