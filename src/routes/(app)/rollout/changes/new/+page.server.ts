import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, formValues } from '$lib/server/forms';
import { submit } from '$lib/server/rollout/changes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	authorize(requireActor(locals).user, 'rollout.contribute');
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () => submit(requireActor(locals), values));
		if ('id' in result) redirect(303, `/rollout/changes/${result.id}?created=1`);
		return result;
	}
};
