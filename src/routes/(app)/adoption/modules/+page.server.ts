import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { MODULE_WINDOW_LABELS, MODULE_WINDOWS, moduleUse, readWindow } from '$lib/server/adoption/modules';
import { adoptionContext, filterBar } from '$lib/server/adoption/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'adoption.read');
	const ctx = adoptionContext(actor, url.searchParams);
	const { window, error } = readWindow(url.searchParams);
	return {
		bar: filterBar(ctx, url.searchParams),
		windows: MODULE_WINDOWS.map((key) => ({ key, label: MODULE_WINDOW_LABELS[key] })),
		windowError: error ?? null,
		licensed: ctx.people.length,
		use: moduleUse(ctx, window)
	};
};
