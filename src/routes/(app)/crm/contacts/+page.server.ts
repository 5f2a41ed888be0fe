import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { CONTACT_SORTS, contactList } from '$lib/server/crm/contacts';
import { customSorts, fieldsOf } from '$lib/server/crm/custom-fields';
import { listQuery } from '$lib/server/lists';
import { contactFilters } from './filters';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	// The custom fields, read once for the sorts, the filters and the columns.
	const customFields = fieldsOf('contact');
	const query = listQuery(url.searchParams, [...CONTACT_SORTS, ...customSorts(customFields)], {
		sort: 'name'
	});
	const filters = contactFilters(actor, url.searchParams, customFields);
	return {
		query,
		filters,
		customFields,
		contacts: contactList.view(actor, query, filters, customFields),
		mayExport: can(actor.user, 'export')
	};
};

export const actions: Actions = { columns: contactList.columnsAction(() => fieldsOf('contact')) };
