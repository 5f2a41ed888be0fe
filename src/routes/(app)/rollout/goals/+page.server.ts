import { requireActor } from '$lib/server/auth/actor';
import { attempt, formValues, moveActions, formId } from '$lib/server/forms';
import { list, move, rankTo } from '$lib/server/rollout/goals';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ goals: list(requireActor(locals)) });

export const actions: Actions = {
	...moveActions(move, 'goalId'),
	/** Where a dragged goal was dropped: its new priority. */
	rank: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		return (
			(await attempt(values, () =>
				rankTo(requireActor(locals), formId(values, 'goalId'), Number(values.rank))
			)) ?? {
				saved: 'Priorities saved.'
			}
		);
	}
};
