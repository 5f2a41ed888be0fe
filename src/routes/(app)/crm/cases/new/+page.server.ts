import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { create } from '$lib/server/crm/cases';
import { get as getContact } from '$lib/server/crm/contacts';
import { ownerField } from '$lib/server/crm/records';
import { attempt, formValues } from '$lib/server/forms';
import { idParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'crm.write');
	const contactId = idParam(url.searchParams, 'contact');
	const contact = contactId ? getContact(actor, contactId) : undefined;
	return {
		ownerField: ownerField(actor, actor.user.id),
		contactName: contact ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') : null,
		defaults: { ownerId: actor.user.id, contactId: contact?.id ?? '' }
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(actor, values));
		if ('id' in result) redirect(303, `/crm/cases/${result.id}?created=1`);
		return result;
	}
};
