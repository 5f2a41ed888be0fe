import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import type { ListColumn, ShownColumn } from '$lib/list-columns';
import { authorize, type Action } from '../access/policy';
import { requireActor, type Actor } from '../auth/actor';
import { db, schema } from '../db';
import { nowMs } from '../db/schema/columns';
import { InvalidInput } from '../validation';

/**
 * Each user's column choices per list. A preference is the user's own, not a domain record: it is
 * read and written only for the signed-in user (their id in every WHERE), and writes no audit row
 * (nothing of the organisation's data changes; the list view after the save is logged as usage).
 */

const { userListPrefs } = schema;

function hiddenOf(actor: Actor, list: string): string[] {
	return (
		db()
			.select({ hidden: userListPrefs.hidden })
			.from(userListPrefs)
			.where(and(eq(userListPrefs.userId, actor.user.id), eq(userListPrefs.list, list)))
			.get()?.hidden ?? []
	);
}

/** The list's columns with the actor's choices applied. */
export function shownColumns(actor: Actor, list: string, columns: ListColumn[]): ShownColumn[] {
	const hidden = new Set(hiddenOf(actor, list));
	return columns.map((c) => ({ ...c, shown: !!c.always || !hidden.has(c.key) }));
}

/** Keeps the columns the actor chose to see (`shown`: column keys); the rest of `columns` is hidden. */
export function saveColumns(actor: Actor, list: string, columns: ListColumn[], shown: string[]): void {
	const known = new Set(columns.map((c) => c.key));
	const unknown = shown.filter((key) => !known.has(key));
	if (unknown.length)
		throw new InvalidInput(
			{ columns: 'Choose among the columns listed.' },
			'Those columns are not in this list.'
		);
	const hidden = columns.filter((c) => !c.always && !shown.includes(c.key)).map((c) => c.key);
	db()
		.insert(userListPrefs)
		.values({ userId: actor.user.id, list, hidden })
		.onConflictDoUpdate({
			target: [userListPrefs.userId, userListPrefs.list],
			set: { hidden, updatedAt: nowMs }
		})
		.run();
}

/**
 * The list page's `columns` action: saves the chooser's boxes, then back to the list as it was
 * filtered (the form posts to `?<the list's query>&/columns`).
 */
export function columnsAction(list: string, permission: Action, columns: () => ListColumn[]) {
	return async ({ locals, request, url }: RequestEvent) => {
		const actor = requireActor(locals);
		authorize(actor.user, permission);
		const shown = (await request.formData())
			.getAll('columns')
			.filter((v): v is string => typeof v === 'string');
		try {
			saveColumns(actor, list, columns(), shown);
		} catch (e) {
			if (e instanceof InvalidInput) return fail(400, { columns: { message: e.message } });
			throw e;
		}
		const back = new URLSearchParams(url.search);
		for (const key of [...back.keys()]) if (key.startsWith('/')) back.delete(key);
		const query = back.toString();
		redirect(303, query ? `${url.pathname}?${query}` : url.pathname);
	};
}
