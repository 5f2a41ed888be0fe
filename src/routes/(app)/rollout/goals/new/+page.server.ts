import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { teamNames } from '$lib/server/admin/teams';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, formValues } from '$lib/server/forms';
import { create } from '$lib/server/rollout/goals';
import { projectPeople } from '$lib/server/rollout/people';
import { phaseChoices } from '$lib/server/rollout/phases';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'rollout.write');
	return { people: projectPeople(), phases: phaseChoices(actor), teams: teamNames() };
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(requireActor(locals), values));
		if ('id' in result) redirect(303, `/rollout/goals/${result.id}?created=1`);
		return result;
	}
};
