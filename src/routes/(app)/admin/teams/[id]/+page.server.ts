import { requireActor } from '$lib/server/auth/actor';
import { get, remove, update } from '$lib/server/admin/teams';
import { removeAction, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => ({
	team: get(requireActor(locals), idFromParam(params.id))
});

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	remove: removeAction(remove, '/admin/teams')
};
