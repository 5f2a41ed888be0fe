import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { get, remove, update } from '$lib/server/admin/roles';
import { attempt, saveAction } from '$lib/server/forms';
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
	remove: async ({ locals, params }) => {
		const result = await attempt({}, () => remove(requireActor(locals), idFromParam(params.id)));
		if (result === undefined) redirect(303, '/admin/roles');
		return result;
	}
};
