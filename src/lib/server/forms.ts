import { error, fail, isActionFailure, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { requireActor, type Actor } from './auth/actor';
import { idFromParam, parseId } from './lists';
import { mergedInto } from './audit/writes';
import { asFormValue, formKeysOf } from './form-fields';
import { InvalidInput, Refused, StaleRecord } from './validation';

export type FormValues = Record<string, string | string[]>;

/**
 * The posted fields as plain values; fields that repeat (checkbox groups) become arrays. Line breaks
 * read as `\n`: browsers send every one as CRLF, so a multi-line value saved unchanged would otherwise
 * be stored changed.
 */
export function formValues(data: FormData, { omit = [] as string[] } = {}): FormValues {
	const values: FormValues = {};
	for (const key of new Set(data.keys())) {
		if (omit.includes(key)) continue;
		const all = data
			.getAll(key)
			.filter((v): v is string => typeof v === 'string')
			.map((v) => v.replace(/\r\n?/g, '\n'));
		values[key] = all.length > 1 ? all : (all[0] ?? '');
	}
	return values;
}

export interface FormFailure {
	values: FormValues;
	errors: Record<string, string>;
	message: string;
	/** After a stale save: the version to base the next save on. */
	version?: number;
}

/** Names fields as their form does: "Country and Phone". */
function fieldList(fields: StaleRecord['changed']): string {
	const labels = fields.map((f) => f.label ?? f.field);
	return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : (labels[0] ?? '');
}

/**
 * A stale save's failure: the fields both sides changed keep what the user typed, with the other
 * value beside them; the fields only the other person changed show the other person's value, so
 * that saving again keeps it.
 */
function staleFailure(values: FormValues, e: StaleRecord): FormFailure {
	const errors: Record<string, string> = {};
	for (const c of e.changed)
		for (const key of formKeysOf(c.field))
			errors[key] =
				`Changed to “${c.shown ?? String(c.now ?? '')}” by someone else after you opened the form. Keep your value or take theirs, then save again.`;
	const shown: FormValues = { ...values };
	for (const c of e.theirs) {
		const keys = formKeysOf(c.field);
		for (const key of keys) delete shown[key];
		shown[keys[0]] = asFormValue(c.now, c.field);
	}
	const kept = e.theirs.length ? ` Their change to ${fieldList(e.theirs)} is filled in.` : '';
	return { values: shown, errors, message: e.message + kept, version: e.currentVersion };
}

/** What a save that was merged with someone else's says: whose fields it kept. */
export function savedMessage(saved: string, result: unknown): string {
	const merged = mergedInto(result);
	if (!merged) return saved;
	const who = merged.by.length ? merged.by.join(', ') : 'Someone else';
	return `${saved} ${who} had saved this meanwhile: their change to ${fieldList(merged.theirs)} is kept.`;
}

/**
 * The record id a form's hidden field `name` carries, as a canonical decimal (see parseId); anything
 * else names no record: 404, as a malformed id in the address is.
 */
export function formId(values: FormValues, name: string): number {
	const id = parseId(String(values[name] ?? ''));
	if (id === null) error(404, 'Not found');
	return id;
}

/**
 * Runs a domain verb for a form action and turns the rule errors it raises into a failure the page
 * shows beside the fields, keeping what the user typed (`values` should not carry passwords).
 */
export async function attempt<T>(
	values: FormValues,
	run: () => T | Promise<T>
): Promise<T | ActionFailure<FormFailure>> {
	try {
		return await run();
	} catch (e) {
		if (e instanceof InvalidInput) return fail(400, { values, errors: e.fieldErrors, message: e.message });
		if (e instanceof StaleRecord) return fail(409, staleFailure(values, e));
		if (e instanceof Refused) return fail(422, { values, errors: {}, message: e.message });
		throw e;
	}
}

/**
 * The form action that saves one record from its page (`/…/[id]`): parses the form, calls the domain
 * verb with the actor, answers `{ saved }` or the failure to show beside the fields.
 */
export function saveAction(save: (actor: Actor, id: number, values: FormValues) => unknown, saved: string) {
	return async ({ locals, params, request }: RequestEvent<{ id: string }>) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => save(actor, idFromParam(params.id), values));
		return isActionFailure(result) ? result : { saved: savedMessage(saved, result) };
	};
}

/** The form action that deletes the record of a `/…/[id]` page and goes back to its list (`then`). */
export function removeAction(remove: (actor: Actor, id: number) => void, then: string) {
	return async ({ locals, params }: RequestEvent<{ id: string }>) => {
		const result = await attempt({}, () => remove(requireActor(locals), idFromParam(params.id)));
		if (result === undefined) redirect(303, then);
		return result;
	};
}

/** The form action that adds something from a list page's form: answers `{ saved }` or the failure. */
export function saveNew(run: (actor: Actor, values: FormValues) => unknown, saved: string) {
	return async ({ locals, request }: RequestEvent) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () => run(requireActor(locals), values));
		return isActionFailure(result) ? result : { saved };
	};
}

/**
 * The form action for one item of a list page, named by the hidden field `idName` (a checklist line,
 * a field definition): calls `run` with the actor, the id and the form; answers `{ saved }` or the
 * failure to show beside the fields.
 */
export function itemAction(
	run: (actor: Actor, id: number, values: FormValues) => unknown,
	idName: string,
	saved: string
) {
	return async ({ locals, request }: RequestEvent) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () => run(requireActor(locals), formId(values, idName), values));
		return isActionFailure(result) ? result : { saved: savedMessage(saved, result) };
	};
}

/**
 * The `up` and `down` actions of an ordered list's page (see MoveButtons.svelte): `move` shifts the
 * item named by the hidden field `idName` one place.
 */
export function moveActions(move: (actor: Actor, id: number, by: -1 | 1) => void, idName: string) {
	return {
		up: itemAction((actor, id) => move(actor, id, -1), idName, 'Moved.'),
		down: itemAction((actor, id) => move(actor, id, 1), idName, 'Moved.')
	};
}
