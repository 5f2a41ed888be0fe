import { RISK_CATEGORIES, RISK_STATUSES } from '$lib/rollout';
import { requireActor } from '$lib/server/auth/actor';
import { idParam } from '$lib/server/lists';
import { phaseChoices } from '$lib/server/rollout/phases';
import { heatMap, list } from '$lib/server/rollout/risks';
import { projectPeople } from '$lib/server/rollout/people';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const p = url.searchParams;
	const status = p.get('status');
	const filters = {
		category: RISK_CATEGORIES.find((c) => c === p.get('category')),
		status:
			status === 'all' ? ('all' as const) : (RISK_STATUSES.find((s) => s === status) ?? ('active' as const)),
		phaseId: idParam(p, 'phase'),
		ownerId: idParam(p, 'owner'),
		overdue: p.get('overdue') === '1',
		likelihood: Number(p.get('likelihood')) || undefined,
		impact: Number(p.get('impact')) || undefined
	};
	const risks = list(actor, filters);
	return {
		filters,
		risks,
		heatMap: heatMap(risks),
		phases: phaseChoices(actor),
		people: projectPeople()
	};
};
