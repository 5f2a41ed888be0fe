import { requireActor } from '$lib/server/auth/actor';
import { formOptions, get, resetPassword, setActive, update } from '$lib/server/admin/users';
import { attempt, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	return {
		user: get(actor, idFromParam(params.id)),
		options: formOptions(actor),
		isMe: actor.user.id === idFromParam(params.id),
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	deactivate: saveAction(
		(actor, id) => setActive(actor, id, false),
		'Deactivated; their sessions have ended.'
	),
	reactivate: saveAction((actor, id) => setActive(actor, id, true), 'Reactivated.'),
	resetPassword: async ({ locals, params, request }) => {
		// Not saveAction: the password must not be echoed back with the form's values.
		const password = String((await request.formData()).get('password') ?? '');
		const result = await attempt({}, () =>
			resetPassword(requireActor(locals), idFromParam(params.id), password)
		);
		return result === undefined ? { saved: 'Password set; the user’s sessions have ended.' } : result;
	}
};
