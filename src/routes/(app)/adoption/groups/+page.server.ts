import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { adoptionContext, filterBar, groups, type GroupBy } from '$lib/server/adoption/overview';
import type { PageServerLoad } from './$types';

const BY: GroupBy[] = ['team', 'role', 'phase'];

/** `?by=team|role|phase`: adoption of each group against its phase's target. */
export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'adoption.read');
	const ctx = adoptionContext(actor, url.searchParams);
	const raw = url.searchParams.get('by');
	const by = BY.find((b) => b === raw) ?? 'team';
	return {
		by,
		byError: raw && !BY.includes(raw as GroupBy) ? 'Choose teams, roles or phases.' : undefined,
		bar: filterBar(ctx, url.searchParams),
		rows: groups(ctx, by).filter((r) => r.licensed > 0)
	};
};
