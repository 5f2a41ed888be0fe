import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { listContests, takesPart } from '$lib/server/engagement/contests';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	return {
		contests: listContests().map((c) => ({
			id: c.id,
			name: c.name,
			kind: c.kind,
			status: c.status,
			metricLabel: c.metricLabel,
			startsOn: c.startsOn,
			endsOn: c.endsOn,
			prizes: c.prizes,
			sides: c.sides.map((s) => s.name),
			mine: takesPart(actor, c)
		})),
		mayManage: can(actor.user, 'engagement.manage')
	};
};
