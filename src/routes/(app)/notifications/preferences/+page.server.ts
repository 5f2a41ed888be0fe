import { isActionFailure } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, formValues } from '$lib/server/forms';
import { preferences, savePreferences } from '$lib/server/notifications/prefs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => preferences(requireActor(locals));

export const actions: Actions = {
	save: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => savePreferences(actor, values));
		return isActionFailure(result) ? result : { saved: 'Saved. New notifications follow these choices.' };
	}
};
