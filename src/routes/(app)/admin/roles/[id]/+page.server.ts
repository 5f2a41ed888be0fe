import { requireActor } from '$lib/server/auth/actor';
import { get, remove, update } from '$lib/server/admin/roles';
import { removeAction, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => ({
	role: get(requireActor(locals), idFromParam(params.id)),
	created: url.searchParams.has('created')
});

export const actions: Actions = {
	update: saveAction(
		(actor, id, values) => update(actor, id, values, values.version),
		'Saved. Users with this role have the new permissions from their next request.'
	),
	remove: removeAction(remove, '/admin/roles')
};
