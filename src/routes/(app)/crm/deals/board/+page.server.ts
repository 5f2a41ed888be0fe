import { requireActor } from '$lib/server/auth/actor';
import { board, moveToStage } from '$lib/server/crm/deals';
import { ownersInScope } from '$lib/server/crm/records';
import { attempt, formValues } from '$lib/server/forms';
import { idParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const filters = { ownerId: idParam(url.searchParams, 'owner') };
	return { filters, columns: board(actor, filters), owners: ownersInScope(actor) };
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
