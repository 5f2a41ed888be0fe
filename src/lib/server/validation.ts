import type { z } from 'zod';

/** Input that breaks a rule, with a message per field; routes turn it into fail(400) beside the fields. */
export class InvalidInput extends Error {
	constructor(
		readonly fieldErrors: Record<string, string>,
		message = 'Please correct the marked fields.'
	) {
		super(message);
	}
}

/** One field of a stale save: what the user sent and what is stored now. */
export interface StaleField {
	field: string;
	yours: unknown;
	now: unknown;
	/** The field as its form labels it, and the stored value as a person reads it. */
	label?: string;
	shown?: string;
}

/**
 * A save or rollback refused because the record changed since it was read: `changed` are the fields
 * both sides changed (the conflicts to resolve), `theirs` the fields only the other side changed
 * (whose stored value the form should now show).
 */
export class StaleRecord extends Error {
	constructor(
		message: string,
		readonly changed: StaleField[] = [],
		/** The version a fresh save must be based on. */
		readonly currentVersion?: number,
		readonly theirs: StaleField[] = []
	) {
		super(message);
	}
}

/**
 * Optimistic locking: refuses a save based on an older version than the record's, naming the
 * fields whose stored value differs from what the user submitted.
 */
export function assertFresh<R extends { version: number }>(
	current: R,
	baseVersion: number,
	submitted: Partial<R>,
	what: string
): void {
	if (current.version === baseVersion) return;
	const changed = (Object.keys(submitted) as (keyof R & string)[])
		.filter((k) => JSON.stringify(current[k] ?? null) !== JSON.stringify(submitted[k] ?? null))
		.map((k) => ({ field: k, yours: submitted[k], now: current[k] }));
	throw new StaleRecord(
		`Someone else saved this ${what} after you opened it. Their values are marked; check them and save again.`,
		changed,
		current.version
	);
}

/** A request that the rules refuse as a whole (not one field's fault), e.g. removing the last admin. */
export class Refused extends Error {}

/**
 * Parses with the schema or throws InvalidInput with the first message of each field, together with
 * `alsoInvalid` (checks made outside the schema, reported in the same answer).
 */
export function parse<S extends z.ZodType>(
	schema: S,
	input: unknown,
	alsoInvalid: Record<string, string> = {}
): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success && Object.keys(alsoInvalid).length === 0) return result.data;
	if (result.success) throw new InvalidInput(alsoInvalid);
	const fieldErrors: Record<string, string> = { ...alsoInvalid };
	for (const issue of result.error.issues) {
		const field = issue.path.length ? issue.path.map(String).join('.') : 'form';
		fieldErrors[field] ??= issue.message;
	}
	throw new InvalidInput(fieldErrors);
}

/**
 * Runs two validations and reports the field errors of both in one InvalidInput (a form's own fields
 * and its custom fields, say), so that a person corrects everything in one go.
 */
export function collectInvalid<A, B>(first: () => A, second: () => B): [A, B] {
	const errors: Record<string, string> = {};
	const run = <X>(check: () => X): X | undefined => {
		try {
			return check();
		} catch (e) {
			if (!(e instanceof InvalidInput)) throw e;
			Object.assign(errors, e.fieldErrors);
			return undefined;
		}
	};
	const a = run(first);
	const b = run(second);
	if (Object.keys(errors).length) throw new InvalidInput(errors);
	return [a as A, b as B];
}

/** Whether the input carries the field at all (a missing field is not an empty one). */
export function posted(input: unknown, field: string): boolean {
	return !!input && typeof input === 'object' && field in input;
}
