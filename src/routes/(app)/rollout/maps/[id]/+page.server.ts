import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, removeAction, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import { cloneToBe, detail, remove, update } from '$lib/server/rollout/maps';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => ({
	...detail(requireActor(locals), idFromParam(params.id)),
	created: url.searchParams.has('created')
});

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	clone: async ({ locals, params }) => {
		const result = await attempt({}, () => cloneToBe(requireActor(locals), idFromParam(params.id)));
		if ('id' in result) redirect(303, `/rollout/maps/${result.id}?created=1`);
		return result;
	},
	remove: removeAction(remove, '/rollout/maps')
};
