import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { create } from '$lib/server/crm/campaigns';
import { ownerField } from '$lib/server/crm/records';
import { attempt, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'crm.write');
	return { ownerField: ownerField(actor, actor.user.id), defaults: { ownerId: actor.user.id } };
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(actor, values));
		if ('id' in result) redirect(303, `/crm/campaigns/${result.id}?created=1`);
		return result;
	}
};
