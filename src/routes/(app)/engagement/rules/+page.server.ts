import { fail } from '@sveltejs/kit';
import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { db, schema } from '$lib/server/db';
import { rules, rulesStamp, setRules } from '$lib/server/engagement/rules';
import { formValues } from '$lib/server/forms';
import { InvalidInput, Refused } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

/** How points are given: shown to everyone; people who manage engagement change them here. */
export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	return {
		rules: rules(),
		stamp: rulesStamp(),
		badges: db().select().from(schema.badge).all(),
		mayManage: can(actor.user, 'engagement.manage')
	};
};

export const actions: Actions = {
	save: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		try {
			const changed = setRules(actor, values);
			return {
				saved: changed
					? `${changed} rule${changed === 1 ? '' : 's'} saved; they apply to what people do from now on.`
					: 'Nothing to save: these were the rules already.'
			};
		} catch (e) {
			if (e instanceof InvalidInput) return fail(400, { errors: e.fieldErrors, message: e.message, values });
			if (e instanceof Refused) return fail(409, { errors: {}, message: e.message, values: null });
			throw e;
		}
	}
};
