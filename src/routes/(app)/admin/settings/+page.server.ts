import { requireActor } from '$lib/server/auth/actor';
import { get, updateSessionPolicy } from '$lib/server/admin/settings';
import { attempt, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ session: get(requireActor(locals)) });

export const actions: Actions = {
	session: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => updateSessionPolicy(actor, values));
		return 'idleMinutes' in result
			? { saved: 'Saved. Every session follows the new timeouts from its next request.' }
			: result;
	}
};
