import { teamNames } from '$lib/server/admin/teams';
import { requireActor } from '$lib/server/auth/actor';
import { removeAction, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import { checkIn, detail, remove, update } from '$lib/server/rollout/goals';
import { projectPeople } from '$lib/server/rollout/people';
import { phaseChoices } from '$lib/server/rollout/phases';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	return {
		...detail(actor, idFromParam(params.id)),
		people: projectPeople(),
		phases: phaseChoices(actor),
		teams: teamNames(),
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	checkIn: saveAction((actor, id, values) => checkIn(actor, id, values), 'Check-in recorded.'),
	remove: removeAction(remove, '/rollout/goals')
};
