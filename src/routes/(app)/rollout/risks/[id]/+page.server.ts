import { requireActor } from '$lib/server/auth/actor';
import { removeAction, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import { projectPeople } from '$lib/server/rollout/people';
import { phaseChoices } from '$lib/server/rollout/phases';
import { detail, remove, review, update } from '$lib/server/rollout/risks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	return {
		...detail(actor, idFromParam(params.id)),
		people: projectPeople(),
		phases: phaseChoices(actor),
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	review: saveAction((actor, id, values) => review(actor, id, values, values.version), 'Review recorded.'),
	remove: removeAction(remove, '/rollout/risks')
};
