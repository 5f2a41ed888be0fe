import type { RequestEvent } from '@sveltejs/kit';
import { can } from '$lib/server/access/policy';
import { requireActor, type Actor } from '$lib/server/auth/actor';
import { attempt, formId, formValues, type FormValues } from '$lib/server/forms';
import { markDone } from '$lib/server/training/completion';
import { myPlace, myTraining } from '$lib/server/training/mine';
import { enrollSelf, leaveSelf } from '$lib/server/training/sessions';
import { formatSpan } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	return {
		mine: myTraining(actor, locals.timeZone),
		mayManage: can(actor.user, 'training.manage')
	};
};

/**
 * An action on one course of the list: answers `{ saved, enrollmentId }`, so that the page shows the
 * answer in that course's card, or the failure (whose `values` carry the enrollment id too).
 */
function courseAction(run: (actor: Actor, values: FormValues, zone: string) => string) {
	return async ({ locals, request }: RequestEvent) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () => run(requireActor(locals), values, locals.timeZone));
		return typeof result === 'string'
			? { saved: result, enrollmentId: String(values.enrollmentId ?? '') }
			: result;
	};
}

export const actions: Actions = {
	enroll: courseAction((actor, values, zone) => {
		const { session } = enrollSelf(actor, formId(values, 'sessionId'));
		const when = formatSpan(session.startsAt, session.endsAt, zone);
		const place = myPlace(actor, session.id);
		return place?.status === 'waitlisted'
			? `The session on ${when} is full: you are on the waitlist (${place.ahead} ahead). You get a seat as soon as one frees up, and a message on your home page.`
			: `You have a seat: ${when}.`;
	}),
	leave: courseAction((actor, values) => {
		const sessionId = formId(values, 'sessionId');
		const place = myPlace(actor, sessionId);
		leaveSelf(actor, sessionId);
		return place?.status === 'waitlisted' ? 'You left the waitlist.' : 'You gave up your seat.';
	}),
	done: courseAction((actor, values) => {
		const { answer, course, score } = markDone(actor, formId(values, 'enrollmentId'), values);
		if (answer === 'completed') return 'Completed.';
		if (answer === 'submitted') return 'Sent to the trainer to confirm.';
		return `Below the pass mark ${course.passMark} %: your score of ${score} % is kept, and the course stays open. Go through it again and enter your new score.`;
	})
};
