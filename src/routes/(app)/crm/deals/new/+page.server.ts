import { redirect } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { get as getCompany } from '$lib/server/crm/companies';
import { startedFromContact } from '$lib/server/crm/contact-links';
import { create, stages } from '$lib/server/crm/deals';
import { fieldsOf } from '$lib/server/crm/custom-fields';
import { ownerField } from '$lib/server/crm/records';
import { attempt, formValues } from '$lib/server/forms';
import { idParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'crm.write');
	const contactId = idParam(url.searchParams, 'contact');
	const companyId = idParam(url.searchParams, 'company');
	const all = stages();
	return {
		ownerField: ownerField(actor, actor.user.id),
		customFields: fieldsOf('deal'),
		stages: all,
		defaults: {
			ownerId: actor.user.id,
			stageId: all[0]?.id ?? '',
			...(companyId ? { companyId, companyName: getCompany(actor, companyId).name } : {}),
			// Started from a contact's page: the contact, and its company.
			...(contactId ? startedFromContact(actor, contactId) : {})
		}
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(actor, values));
		if ('id' in result) redirect(303, `/crm/deals/${result.id}?created=1`);
		return result;
	}
};
