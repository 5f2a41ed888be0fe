import { requireActor } from '$lib/server/auth/actor';
import { schedule } from '$lib/server/training/sessions';
import type { PageServerLoad } from './$types';

/** The trainer's sessions: theirs or everyone's, to come or past, with double bookings flagged. */
export const load: PageServerLoad = ({ locals, url }) => {
	const all = url.searchParams.get('who') === 'everyone';
	const past = url.searchParams.get('when') === 'past';
	const { rows, conflicts } = schedule(requireActor(locals), { all, past });
	const clashes: Record<number, typeof conflicts> = {};
	for (const c of conflicts) (clashes[c.sessionId] ??= []).push(c);
	return { all, past, rows, clashes };
};
