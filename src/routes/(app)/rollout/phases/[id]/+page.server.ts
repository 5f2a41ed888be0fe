import { requireActor } from '$lib/server/auth/actor';
import { removeAction, saveAction, formId, type FormValues } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import { teamNames } from '$lib/server/admin/teams';
import {
	addCriterion,
	addMilestone,
	close,
	detail,
	remove,
	removeCriterion,
	setCriterion,
	setMilestone,
	update
} from '$lib/server/rollout/phases';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => ({
	...detail(requireActor(locals), idFromParam(params.id)),
	teams: teamNames(),
	created: url.searchParams.has('created')
});

/** The checklist actions name their item in a hidden `itemId`. */
const item = (values: FormValues) => formId(values, 'itemId');

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	addCriterion: saveAction((actor, id, values) => addCriterion(actor, id, values), 'Criterion added.'),
	addMilestone: saveAction((actor, id, values) => addMilestone(actor, id, values), 'Milestone added.'),
	check: saveAction(
		(actor, _id, values) => setCriterion(actor, item(values), values.done === 'true'),
		'Saved.'
	),
	removeCriterion: saveAction(
		(actor, _id, values) => removeCriterion(actor, item(values)),
		'Criterion removed.'
	),
	milestone: saveAction(
		(actor, _id, values) => setMilestone(actor, item(values), values.done === 'true'),
		'Saved.'
	),
	close: saveAction((actor, id, values) => close(actor, id, values), 'Phase closed.'),
	remove: removeAction(remove, '/rollout/phases')
};
