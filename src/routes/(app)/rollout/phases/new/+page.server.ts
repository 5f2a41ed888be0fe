import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, formValues } from '$lib/server/forms';
import { teamNames } from '$lib/server/admin/teams';
import { create } from '$lib/server/rollout/phases';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	authorize(requireActor(locals).user, 'rollout.write');
	return { teams: teamNames() };
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(requireActor(locals), values));
		if ('id' in result) redirect(303, `/rollout/phases/${result.id}?created=1`);
		return result;
	}
};
