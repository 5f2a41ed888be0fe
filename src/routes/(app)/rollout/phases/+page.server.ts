import { requireActor } from '$lib/server/auth/actor';
import { moveActions } from '$lib/server/forms';
import { gantt, list, move, planWarnings } from '$lib/server/rollout/phases';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const phases = list(requireActor(locals));
	return { phases, gantt: gantt(phases), warnings: planWarnings(phases) };
};

export const actions: Actions = { ...moveActions(move, 'phaseId') };
