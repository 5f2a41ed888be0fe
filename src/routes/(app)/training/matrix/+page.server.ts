import { requireActor } from '$lib/server/auth/actor';
import { parseId } from '$lib/server/lists';
import {
	completionMatrix,
	matrixPeople,
	MATRIX_STATES,
	type MatrixBy,
	type MatrixState
} from '$lib/server/training/matrix';
import type { PageServerLoad } from './$types';

/**
 * `?by=team` switches the rows to teams; `?course=…&role=…` (or `&team=…`, `team=none` for the people
 * in no team) drills into a cell, `&state=` narrows its people, `&page=` pages them.
 */
export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const q = url.searchParams;
	const by: MatrixBy = q.get('by') === 'team' ? 'team' : 'role';
	const matrix = completionMatrix(actor, by);
	const courseId = parseId(q.get('course'));
	const team = q.get('team');
	const state = MATRIX_STATES.find((s) => s === q.get('state')) as MatrixState | undefined;
	const people =
		courseId === null
			? null
			: matrixPeople(actor, {
					courseId,
					roleId: parseId(q.get('role')) ?? undefined,
					teamId: team === 'none' ? null : (parseId(team) ?? undefined),
					state,
					page: parseId(q.get('page')) ?? 1
				});
	return { matrix, people };
};
