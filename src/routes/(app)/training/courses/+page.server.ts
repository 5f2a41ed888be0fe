import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { listQuery } from '$lib/server/lists';
import { COURSE_SORTS, audienceNames, courseList, describeAudience } from '$lib/server/training/courses';
import { COURSE_FORMATS } from '$lib/training';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const query = listQuery(url.searchParams, COURSE_SORTS, { sort: 'title', dir: 'asc' });
	const required = url.searchParams.get('required');
	const filters = {
		format: COURSE_FORMATS.find((f) => f === url.searchParams.get('format')),
		required: required === 'yes' ? true : required === 'no' ? false : undefined,
		archived: url.searchParams.get('archived') === 'yes'
	};
	const names = audienceNames();
	const view = courseList.view(actor, query, filters);
	return {
		query,
		filters,
		courses: {
			...view,
			rows: view.rows.map((r) => ({ ...r, audienceText: describeAudience(names, r.audience) }))
		},
		mayManage: can(actor.user, 'training.manage')
	};
};

export const actions: Actions = { columns: courseList.columnsAction() };
