import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { create } from '$lib/server/admin/roles';
import { attempt, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	authorize(requireActor(locals).user, 'admin.roles');
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(actor, values));
		if ('id' in result) redirect(303, `/admin/roles/${result.id}?created=1`);
		return result;
	}
};
