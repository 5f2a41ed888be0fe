import { isActionFailure } from '@sveltejs/kit';
import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, formId, formValues, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import { confirm } from '$lib/server/training/completion';
import {
	ROSTER_STATES,
	assignByHand,
	detail,
	formOf,
	formOptions,
	people,
	saveWithConfirmation,
	setArchived
} from '$lib/server/training/courses';
import { create as createSession, ofCourse, trainers } from '$lib/server/training/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const id = idFromParam(params.id);
	const state = ROSTER_STATES.find((s) => s === url.searchParams.get('people'));
	const d = detail(actor, id, state);
	const manages = can(actor.user, 'training.manage');
	return {
		...d,
		form: d.mayEdit ? formOf(d.course) : null,
		options: d.mayEdit ? formOptions(actor, id) : null,
		sessions: ofCourse(actor, id),
		trainers: d.mayEdit ? trainers(actor) : [],
		people: d.people,
		candidates: d.mayEdit ? people(actor) : [],
		manages,
		created: url.searchParams.get('created'),
		timeZone: locals.timeZone
	};
};

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => saveWithConfirmation(actor, idFromParam(params.id), values));
		if ('confirm' in result) return { values, confirm: result.confirm, token: result.token };
		if ('course' in result) {
			const { assigned, withdrawn } = result.reconciled;
			return {
				saved: `Saved.${assigned ? ` Assigned to ${assigned} ${assigned === 1 ? 'person' : 'people'}.` : ''}${withdrawn ? ` Withdrawn from ${withdrawn}.` : ''}`
			};
		}
		return result;
	},
	archive: saveAction((actor, id) => setArchived(actor, id, true), 'Archived: open assignments withdrawn.'),
	restore: saveAction((actor, id) => setArchived(actor, id, false), 'Restored.'),
	assign: saveAction((actor, id, values) => assignByHand(actor, id, values), 'Assigned.'),
	confirm: saveAction(
		(actor, _id, values) => confirm(actor, formId(values, 'enrollmentId')),
		'Confirmed as completed.'
	),
	// Times are typed in the viewer's zone (hooks read it from the browser's `tz` cookie).
	schedule: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () =>
			createSession(actor, idFromParam(params.id), values, locals.timeZone)
		);
		if (isActionFailure(result)) return result;
		return { saved: 'Session scheduled.', scheduled: (result as { id: number }).id };
	}
};
