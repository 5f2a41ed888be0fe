import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { create, list } from '$lib/server/admin/teams';
import { attempt, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ teams: list(requireActor(locals)) });

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(actor, values));
		if ('id' in result) redirect(303, `/admin/teams?created=${result.id}`);
		return result;
	}
};
