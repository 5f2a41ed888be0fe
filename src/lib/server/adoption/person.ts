import { error } from '@sveltejs/kit';
import { and, asc, count, eq, gte, lte, ne, sql } from 'drizzle-orm';
import { CRM_MODULE_NAMES, describeCoreAction } from '$lib/adoption';
import { adoptionReach, mayNamePeople } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { today } from '../rollout/dates';
import { coreActionsByRole } from './core';
import type { AdoptionFilters } from './filters';
import { spans, timeToFirstCore, weeksBetween } from './metrics';
import { qualityByOwner, reasons } from './quality';
import { teamPhases } from './overview';
import type { FilterOptions } from './filters';

/**
 * One person's adoption page: their use week by week, the modules they used, their role's core
 * actions and how often they did each, their training and the data quality of their records. Who may
 * open it: the person themselves; people whose adoption reach holds the person, when the person's
 * team is large enough to name people in (DESIGN: privacy) — an administrator always.
 */

const { user, team, role, usageUserWeek, usageDaily, enrollment, course } = schema;

/** The person, or a 404 when the viewer may not see them (never a hint that they exist). */
export function visiblePerson(actor: Actor, id: number) {
	const conn = db();
	const person = conn
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			active: user.active,
			teamId: user.teamId,
			team: team.name,
			roleId: user.roleId,
			role: role.label,
			createdAt: user.createdAt
		})
		.from(user)
		.leftJoin(team, eq(team.id, user.teamId))
		.innerJoin(role, eq(role.id, user.roleId))
		.where(eq(user.id, id))
		.get();
	if (!person) error(404, 'Not found');
	if (person.id === actor.user.id) return person;
	const reach = adoptionReach(actor.user);
	const inReach = reach.kind === 'all' || (reach.kind === 'team' && person.teamId === reach.teamId);
	if (!inReach) error(404, 'Not found');
	const teamSize =
		person.teamId === null
			? 1
			: (conn
					.select({ n: count() })
					.from(user)
					.where(and(eq(user.teamId, person.teamId), eq(user.active, true)))
					.get()?.n ?? 0);
	if (!mayNamePeople(actor.user, teamSize)) error(404, 'Not found');
	return person;
}

export type VisiblePerson = ReturnType<typeof visiblePerson>;

/** What the person's page shows over the filters' date range. */
export function personAdoption(
	person: VisiblePerson,
	filters: Pick<AdoptionFilters, 'from' | 'to'>,
	options: FilterOptions
) {
	const conn = db();
	const weeks = weeksBetween(filters.from, filters.to);
	const weekRows = conn
		.select({ week: usageUserWeek.week, days: usageUserWeek.days, core: usageUserWeek.core })
		.from(usageUserWeek)
		.where(
			and(
				eq(usageUserWeek.userId, person.id),
				gte(usageUserWeek.week, weeks[0] ?? filters.from),
				lte(usageUserWeek.week, filters.to)
			)
		)
		.all();
	const byWeek = new Map(weekRows.map((w) => [w.week, w]));
	const modules = conn
		.select({
			module: usageDaily.module,
			action: usageDaily.action,
			n: sql<number>`sum(${usageDaily.count})`
		})
		.from(usageDaily)
		.where(
			and(
				eq(usageDaily.userId, person.id),
				gte(usageDaily.day, filters.from),
				lte(usageDaily.day, filters.to)
			)
		)
		.groupBy(usageDaily.module, usageDaily.action)
		.all();
	const perModule = new Map<string, { views: number; changes: number }>();
	for (const m of modules) {
		const row = perModule.get(m.module) ?? { views: 0, changes: 0 };
		if (m.action === 'view') row.views += m.n;
		else row.changes += m.n;
		perModule.set(m.module, row);
	}
	const phase = person.teamId === null ? undefined : teamPhases(options, filters.to).get(person.teamId);
	const core = (coreActionsByRole(conn).get(person.roleId) ?? []).map((a) => ({
		...a,
		text: describeCoreAction(a),
		n: modules.find((m) => m.module === a.module && m.action === a.action)?.n ?? 0
	}));
	const span = spans(conn, [person.id]);
	const first = timeToFirstCore([person], span, () => phase?.startDate ?? null);
	const training = conn
		.select({
			id: enrollment.id,
			title: course.title,
			required: course.required,
			state: enrollment.state,
			dueDate: enrollment.dueDate,
			completedAt: enrollment.completedAt
		})
		.from(enrollment)
		.innerJoin(course, eq(course.id, enrollment.courseId))
		.where(and(eq(enrollment.userId, person.id), ne(enrollment.state, 'withdrawn')))
		.orderBy(asc(enrollment.dueDate), asc(course.title))
		.all();
	const [quality] = qualityByOwner(conn, { where: { ownerIds: [person.id] } });
	const day = today();
	return {
		span: span.get(person.id) ?? null,
		daysToFirstCore: first.median,
		phase: phase ? { name: phase.name, startDate: phase.startDate, modules: phase.modules } : null,
		weeks: weeks.map((w) => ({ week: w, days: byWeek.get(w)?.days ?? 0, core: byWeek.get(w)?.core ?? 0 })),
		modules: [...perModule.entries()]
			.map(([module, n]) => ({ module, ...n, crm: (CRM_MODULE_NAMES as readonly string[]).includes(module) }))
			.sort((a, b) => b.views + b.changes - (a.views + a.changes)),
		core,
		training: training.map((t) => ({
			...t,
			overdue: t.state !== 'completed' && t.dueDate !== null && t.dueDate < day
		})),
		quality: quality
			? { score: quality.score, records: quality.records, reasons: reasons(quality.problems).slice(0, 5) }
			: null
	};
}
