import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { adoptionContext, filterBar } from '$lib/server/adoption/overview';
import {
	COHORT_BY_LABELS,
	COHORT_BYS,
	COHORT_SPAN,
	readCohortBy,
	retention
} from '$lib/server/adoption/retention';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'adoption.read');
	const ctx = adoptionContext(actor, url.searchParams);
	const { by, error } = readCohortBy(url.searchParams);
	return {
		bar: filterBar(ctx, url.searchParams),
		groupings: COHORT_BYS.map((key) => ({ key, label: COHORT_BY_LABELS[key] })),
		byError: error ?? null,
		span: COHORT_SPAN,
		licensed: ctx.people.length,
		retention: retention(ctx, by)
	};
};
