import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { authorize } from '$lib/server/access/policy';
import { create } from '$lib/server/crm/contacts';
import { get as getCompany } from '$lib/server/crm/companies';
import { fieldsOf } from '$lib/server/crm/custom-fields';
import { ownerField } from '$lib/server/crm/records';
import { attempt, formValues } from '$lib/server/forms';
import { idParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'crm.write');
	const companyId = idParam(url.searchParams, 'company');
	return {
		ownerField: ownerField(actor, actor.user.id),
		customFields: fieldsOf('contact'),
		me: actor.user.id,
		company: companyId ? { companyId, companyName: getCompany(actor, companyId).name } : {}
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(actor, values));
		if ('id' in result) redirect(303, `/crm/contacts/${result.id}?created=1`);
		return result;
	}
};
