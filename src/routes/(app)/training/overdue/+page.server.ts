import { requireActor } from '$lib/server/auth/actor';
import { parseId } from '$lib/server/lists';
import { overdue, overdueFilters } from '$lib/server/training/roster';
import type { PageServerLoad } from './$types';

/** People past the due date of an open assignment, per course (trainers: everyone; managers: their scope). */
export const load: PageServerLoad = ({ locals, url }) => {
	const courseId = parseId(url.searchParams.get('course'));
	const teamId = parseId(url.searchParams.get('team'));
	const rows = overdue(requireActor(locals), { courseId, teamId });
	// Per course, in the order the rows come (course title, then the longest overdue first).
	const courses: { id: number; title: string; rows: typeof rows }[] = [];
	for (const r of rows) {
		if (courses.at(-1)?.id !== r.courseId) courses.push({ id: r.courseId, title: r.courseTitle, rows: [] });
		courses.at(-1)!.rows.push(r);
	}
	return {
		courses,
		people: new Set(rows.map((r) => r.userId)).size,
		total: rows.length,
		courseId,
		teamId,
		...overdueFilters()
	};
};
