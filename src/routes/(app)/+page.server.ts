import { can } from '$lib/server/access/policy';
import { myActivity } from '$lib/server/adoption/activity';
import { requireActor } from '$lib/server/auth/actor';
import { openTasks } from '$lib/server/crm/activities';
import { latest as latestChanges } from '$lib/server/audit/log';
import { rolloutSummary } from '$lib/server/rollout/home';
import { formId, formValues } from '$lib/server/forms';
import { dismissNotice, homeCard, notices } from '$lib/server/training/mine';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const actor = requireActor(locals);
	return {
		now: Date.now(),
		activity: myActivity(actor),
		// Open tasks and meetings due within the week, overdue ones first.
		tasks: can(actor.user, 'crm.read') ? openTasks(actor, Date.now() + 7 * 86_400_000) : [],
		rollout: can(actor.user, 'rollout.read') ? rolloutSummary(actor) : null,
		training: can(actor.user, 'training.read') ? homeCard(actor, locals.timeZone) : null,
		notices: can(actor.user, 'training.read') ? notices(actor) : null,
		recentChanges: can(actor.user, 'audit.read') ? latestChanges(actor) : null,
		may: {
			crm: can(actor.user, 'crm.read'),
			rollout: can(actor.user, 'rollout.read'),
			training: can(actor.user, 'training.read'),
			adoption: can(actor.user, 'adoption.read'),
			users: can(actor.user, 'admin.users')
		}
	};
};

export const actions: Actions = {
	/** Dismisses one of the viewer's training notices (a session moved or cancelled). */
	dismissNotice: async ({ locals, request }) => {
		dismissNotice(requireActor(locals), formId(formValues(await request.formData()), 'noticeId'));
		return { dismissed: true };
	}
};
