import { fail, isActionFailure, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { inputName } from '$lib/custom-fields';
import { requireActor, type Actor } from './auth/actor';
import { idFromParam } from './lists';
import { InvalidInput, Refused, StaleRecord } from './validation';

export type FormValues = Record<string, string | string[]>;

/** The posted fields as plain values; fields that repeat (checkbox groups) become arrays. */
export function formValues(data: FormData, { omit = [] as string[] } = {}): FormValues {
	const values: FormValues = {};
	for (const key of new Set(data.keys())) {
		if (omit.includes(key)) continue;
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
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

/** What a stale save tells beside a field; custom fields (one JSON column) are told field by field. */
function staleFieldErrors(c: StaleRecord['changed'][number]): [string, string][] {
	const told = (now: unknown) => `Changed by someone else to “${String(now ?? '')}”.`;
	if (c.field !== 'custom') return [[c.field, told(c.now)]];
	const now = (c.now ?? {}) as Record<string, unknown>;
	const yours = (c.yours ?? {}) as Record<string, unknown>;
	return [...new Set([...Object.keys(now), ...Object.keys(yours)])]
		.filter((key) => JSON.stringify(now[key] ?? null) !== JSON.stringify(yours[key] ?? null))
		.map((key) => [inputName(key), told(now[key])]);
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
		if (e instanceof StaleRecord) {
			const errors = Object.fromEntries(e.changed.flatMap(staleFieldErrors));
			return fail(409, { values, errors, message: e.message, version: e.currentVersion });
		}
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
		return isActionFailure(result) ? result : { saved };
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
		const result = await attempt(values, () => run(requireActor(locals), Number(values[idName]), values));
		return isActionFailure(result) ? result : { saved };
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
