import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { learnerWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { today } from '../rollout/dates';

/**
 * Training as a phase gate, measured live from the enrollments (never ticked by hand): the share of
 * the required training of the phase's teams that is completed — completed ÷ assigned enrollments of
 * the active people in those teams, on required courses that are not archived (DESIGN: training
 * completion by phase). "Who is blocking this" lists the people with training still open.
 */

const { enrollment, course, user, phaseTeam, team } = schema;

export interface PhaseTraining {
	assigned: number;
	completed: number;
	overdue: number;
	/** Percent completed, or null when the phase's teams have no required training assigned. */
	pct: number | null;
}

const counted = and(
	ne(enrollment.state, 'withdrawn'),
	eq(course.required, true),
	eq(course.archived, false),
	eq(user.active, true)
);

/** Each phase's training completion (all phases, or the ones named). */
export function phaseTraining(conn: Conn = db(), phaseIds?: number[]): Map<number, PhaseTraining> {
	const rows = conn
		.select({
			phaseId: phaseTeam.phaseId,
			assigned: sql<number>`count(*)`,
			completed: sql<number>`coalesce(sum(${enrollment.state} = 'completed'), 0)`,
			overdue: sql<number>`coalesce(sum(${enrollment.state} <> 'completed' and ${enrollment.dueDate} < ${today()}), 0)`
		})
		.from(phaseTeam)
		.innerJoin(user, eq(user.teamId, phaseTeam.teamId))
		.innerJoin(enrollment, eq(enrollment.userId, user.id))
		.innerJoin(course, eq(enrollment.courseId, course.id))
		.where(and(counted, phaseIds ? inArray(phaseTeam.phaseId, phaseIds) : undefined))
		.groupBy(phaseTeam.phaseId)
		.all();
	return new Map(
		rows.map((r) => [
			r.phaseId,
			{ ...r, pct: r.assigned ? Math.floor((1000 * r.completed) / r.assigned) / 10 : null }
		])
	);
}

/** Whether a training criterion of `threshold` % is met by the phase's figures. */
export function trainingMet(training: PhaseTraining | undefined, threshold: number | null): boolean {
	return !!training && training.pct !== null && training.pct >= (threshold ?? 100);
}

export interface Blocker {
	id: number;
	name: string;
	team: string | null;
	courses: { title: string; dueDate: string | null; overdue: boolean }[];
}

/** The people of the phase's teams with required training open, as the actor may see them; most overdue first. */
export function blockers(actor: Actor, phaseId: number): Blocker[] {
	const now = today();
	const rows = db()
		.select({
			id: user.id,
			name: user.name,
			team: team.name,
			title: course.title,
			dueDate: enrollment.dueDate
		})
		.from(phaseTeam)
		.innerJoin(user, eq(user.teamId, phaseTeam.teamId))
		.innerJoin(team, eq(team.id, user.teamId))
		.innerJoin(enrollment, eq(enrollment.userId, user.id))
		.innerJoin(course, eq(enrollment.courseId, course.id))
		.where(
			and(
				eq(phaseTeam.phaseId, phaseId),
				counted,
				ne(enrollment.state, 'completed'),
				learnerWhere(actor.user, { userId: user.id, teamId: user.teamId })
			)
		)
		.orderBy(user.nameKey, course.title)
		.all();
	const people = new Map<number, Blocker>();
	for (const r of rows) {
		const p = people.get(r.id) ?? { id: r.id, name: r.name, team: r.team, courses: [] };
		p.courses.push({ title: r.title, dueDate: r.dueDate, overdue: r.dueDate !== null && r.dueDate < now });
		people.set(r.id, p);
	}
	const overdue = (p: Blocker) => p.courses.filter((c) => c.overdue).length;
	return [...people.values()].sort((a, b) => overdue(b) - overdue(a) || b.courses.length - a.courses.length);
}
