import { and, eq, gte, lte, ne, sql } from 'drizzle-orm';
import type { GoalMetric, MetricScope } from '$lib/rollout';
import { schema, type Conn } from '../db';
import { addDays, today } from '../rollout/dates';
import { headline, inIds, population, use28, weekly, type Person } from './metrics';
import { combine, qualityByOwner } from './quality';

/**
 * The metric sources of the rollout: what a goal's KPI is measured by, the live adoption criterion
 * of a phase and the steering dashboard's adoption, all read from the adoption module's own
 * definitions (metrics.ts, quality.ts) and rollups, never computed a second way.
 *
 * - A scope is a team, a phase (its teams) or everyone; its people are the licensed ones in it now.
 * - adoption_rate, working_rate, wau, stickiness: metrics.ts headline over the scope's people on the
 *   day (the 7 and 28 days that end on it); rates and stickiness in percent.
 * - quality_score: quality.ts over the records of the scope's owners (everyone's for everyone), as
 *   the records stand, the stale rules measured from the end of the day.
 * - training_completion: completed ÷ assigned required-training enrollments of the people, withdrawn
 *   ones left out (as the adoption overview counts them), in percent.
 * - activities_per_rep_week, deals_created_per_rep_week: the reps' `crm.activities` / `crm.deals`
 *   creations in the 7 days that end on the day (usage_daily) ÷ the licensed reps in scope.
 * Each returns null when there is nothing to measure (no people, no reps, no records, no training).
 */

export interface MetricSource {
	metric: GoalMetric;
	scope: MetricScope;
}

const { phaseTeam, usageDaily, usageUserDay, enrollment, course, role } = schema;

/** The teams a scope covers: undefined for everyone (a phase without teams covers none). */
export function scopeTeams(conn: Conn, scope: MetricScope): number[] | undefined {
	if (scope.kind === 'all') return undefined;
	if (scope.kind === 'team') return scope.id ? [scope.id] : [];
	if (!scope.id) return [];
	return conn
		.select({ id: phaseTeam.teamId })
		.from(phaseTeam)
		.where(eq(phaseTeam.phaseId, scope.id))
		.all()
		.map((t) => t.id);
}

/** The licensed people of some teams (none for no teams). */
export function teamPeople(conn: Conn, teamIds: number[]): Person[] {
	return teamIds.length ? population(conn, { teamIds }) : [];
}

/** The licensed people a scope names. */
export function scopePeople(conn: Conn, scope: MetricScope): Person[] {
	const teams = scopeTeams(conn, scope);
	return teams ? teamPeople(conn, teams) : population(conn);
}

/**
 * Completed and assigned required-training enrollments of some people, withdrawn ones left out
 * (the count the adoption overview shows per group); share is completed ÷ assigned.
 */
export function trainingCompletion(
	conn: Conn,
	ids: number[]
): { assigned: number; completed: number; share: number | null } {
	if (!ids.length) return { assigned: 0, completed: 0, share: null };
	const rows = conn
		.select({
			userId: enrollment.userId,
			assigned: sql<number>`count(*)`,
			completed: sql<number>`sum(${enrollment.state} = 'completed')`
		})
		.from(enrollment)
		.innerJoin(course, eq(course.id, enrollment.courseId))
		.where(and(ne(enrollment.state, 'withdrawn'), eq(course.required, true), inIds(enrollment.userId, ids)))
		.groupBy(enrollment.userId)
		.all();
	let assigned = 0,
		completed = 0;
	for (const r of rows) {
		assigned += r.assigned;
		completed += r.completed;
	}
	return { assigned, completed, share: assigned ? completed / assigned : null };
}

/** The role whose people "per rep" counts: the built-in `rep`. */
function repRoleId(conn: Conn): number | undefined {
	return conn.select({ id: role.id }).from(role).where(eq(role.name, 'rep')).get()?.id;
}

/**
 * Creations of `module` by the licensed reps among `people` in the 7 days that end on `day`, per rep
 * (null without reps).
 */
export function perRepWeek(
	conn: Conn,
	people: readonly Person[],
	module: string,
	day: string
): number | null {
	const rep = repRoleId(conn);
	const reps = people.filter((p) => p.roleId === rep).map((p) => p.id);
	if (!reps.length) return null;
	const rows = conn
		.select({ userId: usageDaily.userId, n: sql<number>`sum(${usageDaily.count})` })
		.from(usageDaily)
		.where(
			and(
				eq(usageDaily.module, module),
				eq(usageDaily.action, 'create'),
				gte(usageDaily.day, addDays(day, -6)),
				lte(usageDaily.day, day),
				inIds(usageDaily.userId, reps)
			)
		)
		.groupBy(usageDaily.userId)
		.all();
	const total = rows.reduce((sum, r) => sum + r.n, 0);
	return total / reps.length;
}

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);
const oneDecimal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** The end of a UTC day in epoch ms, never later than now (the stale rules' clock). */
const endOf = (day: string) => Math.min(Date.now(), Date.parse(`${day}T23:59:59.999Z`));

/** A metric's value over its scope on a day (YYYY-MM-DD, UTC), in the metric's unit; null: nothing to measure. */
export function measure(conn: Conn, source: MetricSource, day = today()): number | null {
	return measureTeams(conn, source.metric, scopeTeams(conn, source.scope), day);
}

/**
 * A metric's value over the licensed people of some teams (undefined: everyone) on a day: what `measure`
 * gives a scope, and a contest's KPI gives each of its sides.
 */
export function measureTeams(
	conn: Conn,
	metric: GoalMetric,
	teams: number[] | undefined,
	day = today()
): number | null {
	if (metric === 'quality_score') {
		if (teams && !teams.length) return null;
		const rows = qualityByOwner(conn, { where: teams ? { teamIds: teams } : undefined, now: endOf(day) });
		return combine(rows).score;
	}
	const people = teams ? teamPeople(conn, teams) : population(conn);
	if (!people.length) return null;
	const ids = people.map((p) => p.id);
	switch (metric) {
		case 'training_completion':
			return percent(trainingCompletion(conn, ids).share);
		case 'activities_per_rep_week':
			return oneDecimal(perRepWeek(conn, people, 'crm.activities', day));
		case 'deals_created_per_rep_week':
			return oneDecimal(perRepWeek(conn, people, 'crm.deals', day));
	}
	const h = headline(people, use28(conn, day, ids));
	switch (metric) {
		case 'adoption_rate':
			return percent(h.rate);
		case 'working_rate':
			return percent(h.workingRate);
		case 'wau':
			return h.wau;
		case 'stickiness':
			return percent(h.stickiness);
	}
}

export interface DayAdoption {
	day: string;
	licensed: number;
	/** Active in the 7 days that end on the day. */
	active: number;
	/** active ÷ licensed (0–1), null without licensed people. */
	rate: number | null;
}

/**
 * The adoption rate of some people on each of the `days` days that end on `end`: the headline rate
 * (active in the 7 days that end on the day ÷ licensed) day by day, from one read of the per-user
 * daily rollup over the days + 6 before them.
 */
export function adoptionByDay(
	conn: Conn,
	people: readonly { id: number }[],
	days: number,
	end = today()
): DayAdoption[] {
	const from = addDays(end, -(days - 1));
	const list = Array.from({ length: days }, (_, i) => addDays(from, i));
	const licensed = people.length;
	if (!licensed) return list.map((day) => ({ day, licensed, active: 0, rate: null }));
	const ids = people.map((p) => p.id);
	const rows = conn
		.select({ userId: usageUserDay.userId, day: usageUserDay.day })
		.from(usageUserDay)
		.where(
			and(
				gte(usageUserDay.day, addDays(from, -6)),
				lte(usageUserDay.day, end),
				inIds(usageUserDay.userId, ids)
			)
		)
		.all();
	// The last day each person was active on, walking the days in order.
	const byDay = new Map<string, number[]>();
	for (const r of rows) {
		const on = byDay.get(r.day) ?? [];
		on.push(r.userId);
		byDay.set(r.day, on);
	}
	const lastSeen = new Map<number, string>();
	for (let i = -6; i < 0; i++)
		for (const id of byDay.get(addDays(from, i)) ?? []) lastSeen.set(id, addDays(from, i));
	return list.map((day) => {
		for (const id of byDay.get(day) ?? []) lastSeen.set(id, day);
		const since = addDays(day, -6);
		let active = 0;
		for (const seen of lastSeen.values()) if (seen >= since) active++;
		return { day, licensed, active, rate: active / licensed };
	});
}

/** How many of the days reached a target (0–1), and whether all of them did. */
export function daysAtTarget(days: readonly DayAdoption[], target: number): { met: number; all: boolean } {
	const met = days.filter((d) => d.rate !== null && d.rate >= target).length;
	return { met, all: days.length > 0 && met === days.length };
}

/** The adoption rate (active in the week ÷ licensed, 0–1) of some people in each of the weeks (Mondays). */
export function weeklyAdoption(
	conn: Conn,
	people: readonly { id: number }[],
	weeks: string[]
): { week: string; rate: number | null }[] {
	return weekly(conn, people, weeks).map((w) => ({ week: w.week, rate: w.rate }));
}
