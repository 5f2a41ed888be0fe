import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { create, formOptions } from '$lib/server/admin/users';
import { attempt, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ options: formOptions(requireActor(locals)) });

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const data = await request.formData();
		const values = formValues(data, { omit: ['password'] });
		const result = await attempt(values, () => create(actor, values, String(data.get('password') ?? '')));
		if ('id' in result) redirect(303, `/admin/users/${result.id}?created=1`);
		return result;
	}
};
