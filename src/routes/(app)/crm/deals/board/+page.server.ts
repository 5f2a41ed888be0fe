import { error, fail } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { board, moveToStage, stages } from '$lib/server/crm/deals';
import { recordFilters } from '$lib/server/crm/record-filters';
import { attempt, formValues, savedMessage } from '$lib/server/forms';
import { parseId } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const filters = recordFilters(actor, url.searchParams);
	return { filters, columns: board(actor, filters) };
};

export const actions: Actions = {
	/** One card's move (its Move menu or a drop): `dealId`, the `stageId` chosen, the `version` shown. */
	move: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const dealId = parseId(String(values.dealId));
		if (dealId === null) error(404, 'Not found');
		const stageId = parseId(String(values.stageId));
		if (stageId === null)
			return fail(400, { values, errors: {}, message: 'Choose one of the listed stages.' });
		const result = await attempt(values, () => moveToStage(actor, dealId, stageId, values.version));
		if ('status' in result) return result; // an ActionFailure
		const stage = stages().find((s) => s.id === result.stageId)?.name;
		return { saved: savedMessage(`Moved “${result.name}” to ${stage}.`, result), movedId: result.id };
	}
};
