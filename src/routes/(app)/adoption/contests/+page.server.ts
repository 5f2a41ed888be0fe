import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { listContests } from '$lib/server/engagement/contests';
import { contestEffect } from '$lib/server/engagement/effect';
import type { PageServerLoad } from './$types';

/** Does each contest work? Its participants' core actions and data quality before, during and after, against the other teams. */
export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'adoption.read');
	return {
		contests: listContests()
			.filter((c) => c.status !== 'upcoming')
			.map((c) => ({
				id: c.id,
				name: c.name,
				status: c.status,
				startsOn: c.startsOn,
				endsOn: c.endsOn,
				sides: c.sides.map((s) => s.name),
				effect: contestEffect(actor, c)
			}))
	};
};
