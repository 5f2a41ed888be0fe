import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { createFeed, feedStatus, revokeFeed, upcomingFeedSessions } from '$lib/server/training/calendar';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'training.read');
	return { feed: feedStatus(actor), sessions: upcomingFeedSessions(actor) };
};

export const actions: Actions = {
	// The address is answered once, here: only its hash is kept, so no page can show it again.
	create: ({ locals, url }) => {
		const { path } = createFeed(requireActor(locals));
		return {
			saved: 'Your subscription address is ready. Copy it now: it is shown only once.',
			address: new URL(path, url.origin).href
		};
	},
	revoke: ({ locals }) => {
		const revoked = revokeFeed(requireActor(locals));
		return {
			saved: revoked
				? 'Subscription address revoked: calendars using it get nothing more.'
				: 'You had no subscription address.'
		};
	}
};
