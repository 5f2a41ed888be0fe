import { requireActor } from '$lib/server/auth/actor';
import { itemAction, saveNew } from '$lib/server/forms';
import { teamNames } from '$lib/server/admin/teams';
import { projectPeople } from '$lib/server/rollout/people';
import { assign, members, raciMatrix, saveRaci, unassign, warnings } from '$lib/server/rollout/team';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	return {
		members: members(actor),
		warnings: warnings(actor),
		raci: raciMatrix(actor),
		people: projectPeople(),
		teams: teamNames()
	};
};

export const actions: Actions = {
	assign: saveNew((actor, values) => assign(actor, values), 'Added to the project team.'),
	unassign: itemAction((actor, id) => unassign(actor, id), 'assignmentId', 'Removed from the project team.'),
	raci: saveNew((actor, values) => saveRaci(actor, values), 'RACI matrix saved.')
};
