import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, formValues } from '$lib/server/forms';
import { formOptions, saveWithConfirmation } from '$lib/server/training/courses';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ options: formOptions(requireActor(locals)) });

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => saveWithConfirmation(actor, undefined, values));
		if ('course' in result)
			redirect(303, `/training/courses/${result.course.id}?created=${result.reconciled.assigned}`);
		if ('confirm' in result) return { values, confirm: result.confirm, token: result.token };
		return result;
	}
};
