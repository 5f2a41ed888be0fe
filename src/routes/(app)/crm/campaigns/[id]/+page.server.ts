import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { addMember, detail, remove, removeMember, update } from '$lib/server/crm/campaigns';
import { ownerField } from '$lib/server/crm/records';
import { timeline } from '$lib/server/crm/timeline';
import { removeAction, saveAction, formId } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const id = idFromParam(params.id);
	const view = detail(actor, id);
	return {
		...view,
		timeline: timeline(actor, 'campaign', id),
		ownerField: ownerField(actor, view.record.ownerId),
		may: {
			write: can(actor.user, 'crm.write', view.record),
			delete: can(actor.user, 'crm.delete', view.record)
		},
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	update: saveAction((actor, id, values) => update(actor, id, values, values.version), 'Saved.'),
	addMember: saveAction((actor, id, values) => addMember(actor, id, values.email), 'Member added.'),
	removeMember: saveAction(
		(actor, id, values) => removeMember(actor, id, formId(values, 'contactId')),
		'Member removed.'
	),
	remove: removeAction(remove, '/crm/campaigns')
};
