import { fail, isActionFailure, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { can } from '$lib/server/access/policy';
import { teamNames } from '$lib/server/admin/teams';
import { requireActor, type Actor } from '$lib/server/auth/actor';
import {
	attempt,
	formId,
	formValues,
	savedMessage,
	type FormFailure,
	type FormValues
} from '$lib/server/forms';
import { idFromParam, parseId } from '$lib/server/lists';
import { marksFromForm, take } from '$lib/server/training/attendance';
import { noShows } from '$lib/server/training/attendance';
import { myPlace } from '$lib/server/training/mine';
import { candidates, mayExport, personName } from '$lib/server/training/roster';
import {
	cancel,
	detail,
	enrollPerson,
	enrollSelf,
	leaveSelf,
	removePerson,
	trainers,
	update
} from '$lib/server/training/sessions';
import type { Actions, PageServerLoad } from './$types';

const HOUR = 3_600_000;

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const id = idFromParam(params.id);
	const d = detail(actor, id);
	const { session: s, course: c } = d;
	const now = Date.now();
	const scheduled = s.status === 'scheduled';
	const toCome = s.startsAt > now;
	const find = (url.searchParams.get('find') ?? '').slice(0, 100);
	const team = new Map(teamNames().map((t) => [t.id, t.name]));
	// No-shows: sessions each person was marked absent in (not excused), for the trainer's roster.
	const absences = d.runs ? noShows(d.roster.map((p) => p.id)) : new Map<number, number>();
	return {
		session: {
			id: s.id,
			trainerId: s.trainerId,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			place: s.place,
			link: s.link,
			capacity: s.capacity,
			status: s.status,
			version: s.version
		},
		course: { id: c.id, title: c.title, format: c.format, durationMinutes: c.durationMinutes },
		trainer: d.trainer ? { name: d.trainer.name, email: d.trainer.email } : null,
		runs: d.runs,
		manages: can(actor.user, 'training.manage'),
		mySeat: d.mySeat,
		myState: d.myEnrollment?.state ?? null,
		// 1 = next to get a seat.
		myPosition: d.mySeat === 'waitlisted' ? (myPlace(actor, id)?.ahead ?? 0) + 1 : null,
		enrolled: d.enrolled,
		waitlisted: d.waitlisted,
		roster: d.roster.map((p) => ({
			id: p.id,
			name: p.name,
			email: p.email,
			title: p.title,
			team: p.teamId === null ? null : (team.get(p.teamId) ?? null),
			status: p.status,
			mark: p.mark?.status ?? null,
			remark: p.mark?.remark ?? '',
			noShows: absences.get(p.id) ?? 0
		})),
		conflicts: d.conflicts,
		scheduled,
		toCome,
		ended: s.endsAt < now,
		// Attendance opens an hour before the start (attendance.take says the same).
		attendanceOpen: d.runs && scheduled && s.startsAt <= now + HOUR,
		trainers: d.runs && scheduled ? trainers(actor) : [],
		find,
		candidates: d.runs && scheduled && toCome ? candidates(actor, id, find) : [],
		mayExport: mayExport(actor, s, c)
	};
};

const refused = (r: unknown): r is ActionFailure<FormFailure> => isActionFailure(r);

/** Which form on the page an answer belongs to, so that it shows beside that form. */
type Section = 'place' | 'attendance' | 'add' | 'remove' | 'edit' | 'cancel';

/** Runs the verb with the actor and the session's id; answers `{ saved, from }` or the failure. */
function act(from: Section, run: (actor: Actor, id: number, values: FormValues, zone: string) => string) {
	return async ({ locals, params, request }: RequestEvent<{ id: string }>) => {
		const actor = requireActor(locals);
		const id = idFromParam(params.id);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => run(actor, id, values, locals.timeZone));
		if (refused(result)) return fail(result.status, { ...result.data, from });
		return { saved: result, from };
	};
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The errors of the marks as the roster shows them: take() names a row by its place in the list
 * (`marks.3`, `3.remark`); the roster names it by the person (`mark.<userId>`, `remark.<userId>`).
 */
function rowErrors(errors: Record<string, string>, marks: { userId: string }[]) {
	const out: Record<string, string> = {};
	for (const [key, message] of Object.entries(errors)) {
		const m = /^(?:marks\.)?(\d+)(?:\.(\w+))?$/.exec(key);
		const row = m ? marks[Number(m[1])] : undefined;
		out[row ? `${m![2] === 'remark' ? 'remark' : 'mark'}.${row.userId}` : key] = message;
	}
	return out;
}

export const actions: Actions = {
	enroll: act('place', (actor, id) =>
		enrollSelf(actor, id).status === 'enrolled'
			? 'You have a seat in this session.'
			: 'The session is full: you are on its waitlist. You get a seat as soon as one frees, and you are told on your home page.'
	),
	leave: act('place', (actor, id) => {
		leaveSelf(actor, id);
		return 'You have given up your place in this session.';
	}),
	attendance: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const id = idFromParam(params.id);
		const values = formValues(await request.formData());
		const marks = marksFromForm(values);
		const result = await attempt(values, () => take(actor, id, marks));
		if (refused(result))
			return fail(result.status, {
				...result.data,
				errors: rowErrors(result.data.errors, marks),
				from: 'attendance' as const
			});
		const saved =
			result.marked === 0
				? 'Nothing to save: every mark was saved already.'
				: `Saved ${plural(result.marked, 'mark', 'marks')}` +
					(result.completed
						? `; ${plural(result.completed, 'person', 'people')} completed the course.`
						: '.');
		return { saved, from: 'attendance' as const };
	},
	add: act('add', (actor, id, values) => {
		const userId = parseId(String(values.userId ?? '')) ?? 0;
		const { status } = enrollPerson(actor, id, userId);
		const name = personName(userId) ?? 'The person';
		return status === 'enrolled'
			? `${name} has a seat in the session.`
			: `The session is full: ${name} is on the waitlist and gets a seat as soon as one frees.`;
	}),
	remove: act('remove', (actor, id, values) => {
		const userId = formId(values, 'personId');
		removePerson(actor, id, userId);
		return `${personName(userId) ?? 'The person'} no longer has a place in the session.`;
	}),
	update: act('edit', (actor, id, values, zone) =>
		savedMessage(
			'Session saved. If its time or place changed, the people in it are told on their home page.',
			update(actor, id, values, values.version, zone)
		)
	),
	cancel: act('cancel', (actor, id, values) => {
		cancel(actor, id, String(values.reason ?? ''));
		return 'Session cancelled. The people in it are told on their home page.';
	})
};
