import { requireActor } from '$lib/server/auth/actor';
import { itemAction, saveNew } from '$lib/server/forms';
import { readinessScore } from '$lib/server/rollout/dashboard';
import { projectPeople } from '$lib/server/rollout/people';
import { add, answer, list, remove } from '$lib/server/rollout/readiness';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	return { items: list(actor), score: readinessScore(actor), people: projectPeople() };
};

export const actions: Actions = {
	answer: itemAction((actor, id, values) => answer(actor, id, values, values.version), 'itemId', 'Saved.'),
	add: saveNew((actor, values) => add(actor, values), 'Question added.'),
	remove: itemAction((actor, id) => remove(actor, id), 'itemId', 'Question removed.')
};
