import { requireActor } from '$lib/server/auth/actor';
import { formOptions, list, USER_SORTS } from '$lib/server/admin/users';
import { idParam, listQuery } from '$lib/server/lists';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, USER_SORTS, { sort: 'name' });
	const status = url.searchParams.get('status');
	const filters = {
		roleId: idParam(url.searchParams, 'role'),
		teamId: idParam(url.searchParams, 'team'),
		status: status === 'active' || status === 'inactive' ? status : undefined
	} as const;
	return { query, filters, users: list(actor, query, filters), options: formOptions(actor) };
};
