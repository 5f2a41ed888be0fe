import { requireActor } from '$lib/server/auth/actor';
import { saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import { comment, decide, detail, toggleVote } from '$lib/server/rollout/changes';
import { phaseChoices } from '$lib/server/rollout/phases';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	return {
		...detail(actor, idFromParam(params.id)),
		phases: phaseChoices(actor, { open: true }),
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	vote: saveAction((actor, id) => toggleVote(actor, id), 'Vote saved.'),
	comment: saveAction((actor, id, values) => comment(actor, id, values), 'Comment added.'),
	decide: saveAction((actor, id, values) => decide(actor, id, values, values.version), 'Decision recorded.')
};
