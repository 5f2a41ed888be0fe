import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { activityActions } from '$lib/server/crm/activity-actions';
import { detail, remove, stages, update } from '$lib/server/crm/deals';
import { ownerField } from '$lib/server/crm/records';
import { timeline } from '$lib/server/crm/timeline';
import { removeAction, saveAction } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const id = idFromParam(params.id);
	const view = detail(actor, id);
	return {
		...view,
		stages: stages(),
		timeline: timeline(actor, 'deal', id),
		ownerField: ownerField(actor, view.record.ownerId),
		may: {
			write: can(actor.user, 'crm.write', view.record),
			delete: can(actor.user, 'crm.delete', view.record)
		},
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	...activityActions,
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	remove: removeAction(remove, '/crm/deals')
};
