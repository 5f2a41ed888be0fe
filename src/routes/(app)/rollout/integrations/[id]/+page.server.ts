import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { removeAction, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import { get, remove, update } from '$lib/server/rollout/integrations';
import { projectPeople } from '$lib/server/rollout/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'rollout.write');
	return { record: get(actor, idFromParam(params.id)), people: projectPeople() };
};

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	remove: removeAction(remove, '/rollout/integrations')
};
