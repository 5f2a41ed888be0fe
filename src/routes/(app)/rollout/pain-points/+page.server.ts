import { AREAS } from '$lib/rollout';
import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { itemAction, saveNew } from '$lib/server/forms';
import { linkTargets, list, report, toggleVote, triage } from '$lib/server/rollout/pain-points';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const status = url.searchParams.get('status');
	const filters = {
		area: AREAS.find((a) => a === url.searchParams.get('area')),
		status: status === 'addressed' ? ('addressed' as const) : status === 'all' ? undefined : ('open' as const)
	};
	return {
		filters: { ...filters, status: status === 'all' ? 'all' : filters.status },
		points: list(actor, filters),
		// Only those who triage see the link choices.
		targets: can(actor.user, 'rollout.write') ? linkTargets() : null
	};
};

export const actions: Actions = {
	report: saveNew((actor, values) => report(actor, values), 'Thank you: your pain point is on the list.'),
	vote: itemAction((actor, id) => toggleVote(actor, id), 'pointId', 'Vote saved.'),
	triage: itemAction((actor, id, values) => triage(actor, id, values, values.version), 'pointId', 'Saved.')
};
