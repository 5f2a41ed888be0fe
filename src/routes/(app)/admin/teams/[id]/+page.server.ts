import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { get, remove, update } from '$lib/server/admin/teams';
import { attempt, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => ({
	team: get(requireActor(locals), idFromParam(params.id))
});

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	remove: async ({ locals, params }) => {
		const result = await attempt({}, () => remove(requireActor(locals), idFromParam(params.id)));
		if (result === undefined) redirect(303, '/admin/teams');
		return result;
	}
};
