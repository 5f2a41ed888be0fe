import { fail, redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { utcDay } from '$lib/server/audit/usage';
import { createContest } from '$lib/server/engagement/contests';
import { contestFormOptions, sidesFrom } from '$lib/server/engagement/contest-form';
import { formValues } from '$lib/server/forms';
import { InvalidInput, Refused } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'engagement.manage');
	const today = utcDay(Date.now());
	const inTwoWeeks = utcDay(Date.now() + 13 * 86_400_000);
	return {
		options: contestFormOptions(),
		initial: { startsOn: today, endsOn: inTwoWeeks, kind: 'team', metric: 'points' }
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		let id: number;
		try {
			id = createContest(actor, values, sidesFrom(values)).id;
		} catch (e) {
			if (e instanceof InvalidInput) return fail(400, { errors: e.fieldErrors, message: e.message, values });
			if (e instanceof Refused) return fail(409, { errors: {}, message: e.message, values });
			throw e;
		}
		redirect(303, `/engagement/contests/${id}`);
	}
};
