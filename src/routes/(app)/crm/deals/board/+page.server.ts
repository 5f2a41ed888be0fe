import { requireActor } from '$lib/server/auth/actor';
import { board, moveToStage } from '$lib/server/crm/deals';
import { recordFilters } from '$lib/server/crm/record-filters';
import { attempt, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const filters = recordFilters(actor, url.searchParams);
	return { filters, columns: board(actor, filters) };
};

export const actions: Actions = {
	move: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () =>
			moveToStage(actor, Number(values.dealId), Number(values.stageId), values.version)
		);
		if ('status' in result) return result; // an ActionFailure
		return { saved: `Moved “${result.name}”.` };
	}
};
