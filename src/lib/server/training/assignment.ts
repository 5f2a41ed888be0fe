import { eq, inArray, max, sql } from 'drizzle-orm';
import { recordBulkChange, recordBulkUpdate } from '../audit/record';
import type { Actor } from '../auth/actor';
import { schema, type Conn } from '../db';
import { trainingAssigned } from '../notifications/events';
import { addDays, today } from '../rollout/dates';
import { learners, matches, phaseOf, phaseTeams, type Learner, type PhaseTeams } from './audience';
import { releaseSeats } from './seats';

/**
 * Assignment by rule, kept in step all the time: a required course's audience is the rule, and every
 * change that can alter who it names (the course itself, a person's role, team, rollout role or
 * activity, a phase's teams) calls one of these in its own transaction. Matching people get the
 * course, existing members as much as new ones; people who no longer match lose the open assignment;
 * a completed one is kept as history. Each enrollment written gets its audit row; the change that
 * caused it carries the usage event.
 */

const { course, enrollment } = schema;
export type Course = typeof course.$inferSelect;
type Enrollment = Pick<typeof enrollment.$inferSelect, 'id' | 'userId' | 'courseId' | 'state' | 'source'>;

/** Days of grace for someone who joins a course whose due date has already passed. */
export const LATE_JOINER_DAYS = 7;

export interface Reconciled {
	assigned: number;
	withdrawn: number;
}

interface Plan {
	assign: { userId: number; courseId: number; dueDate: string | null }[];
	reopen: { id: number; dueDate: string | null }[];
	withdraw: number[];
}

/** The due date a rule gives `person` on `c` when assigned today. */
export function ruleDueDate(c: Course, person: Pick<Learner, 'teamId'>, phases: PhaseTeams, now = today()) {
	let due: string | null = null;
	const p = c.dueBeforePhaseDays !== null ? phaseOf(person, c.audience, phases) : undefined;
	if (p) due = addDays(p.startDate, -(c.dueBeforePhaseDays ?? 0));
	else if (c.dueDays !== null) due = addDays(now, c.dueDays);
	return due !== null && due < now ? addDays(now, LATE_JOINER_DAYS) : due;
}

function isOpen(e: Pick<Enrollment, 'state'>) {
	return e.state === 'assigned' || e.state === 'in_progress';
}

/** What would make the enrollments of `people` on `courses` agree with the courses' rules. */
function plan(courses: Course[], people: Learner[], existing: Enrollment[], phases: PhaseTeams): Plan {
	const out: Plan = { assign: [], reopen: [], withdraw: [] };
	const held = new Map(existing.map((e) => [`${e.userId}:${e.courseId}`, e]));
	const now = today();
	for (const c of courses) {
		const rule = c.required && !c.archived;
		for (const person of people) {
			const e = held.get(`${person.id}:${c.id}`);
			const target = rule && matches(person, c.audience, phases);
			if (target && !e)
				out.assign.push({ userId: person.id, courseId: c.id, dueDate: ruleDueDate(c, person, phases, now) });
			else if (target && e?.state === 'withdrawn')
				out.reopen.push({ id: e.id, dueDate: ruleDueDate(c, person, phases, now) });
			else if (!target && e && isOpen(e) && (e.source === 'rule' || !person.active || c.archived))
				out.withdraw.push(e.id);
		}
	}
	return out;
}

function apply(tx: Conn, actor: Actor, p: Plan, why: string): Reconciled {
	const now = Date.now();
	if (p.assign.length) {
		const last =
			tx
				.select({ id: max(enrollment.id) })
				.from(enrollment)
				.get()?.id ?? 0;
		for (let i = 0; i < p.assign.length; i += 500)
			tx.insert(enrollment)
				.values(p.assign.slice(i, i + 500).map((a) => ({ ...a, source: 'rule' as const, assignedAt: now })))
				.run();
		recordBulkChange(tx, actor, {
			table: enrollment,
			entity: 'enrollment',
			action: 'create',
			where: sql`${enrollment.id} > ${last}`,
			summary: `Assigned by ${why}`
		});
	}
	if (p.reopen.length)
		recordBulkUpdate(
			tx,
			actor,
			{
				table: enrollment,
				entity: 'enrollment',
				where: inArray(
					enrollment.id,
					p.reopen.map((r) => r.id)
				),
				summary: `Assigned again by ${why}`
			},
			() => {
				// One statement per due date (a rule gives most people the same one), in chunks of 500 ids.
				const byDue = new Map<string | null, { id: number }[]>();
				for (const r of p.reopen) {
					const rows = byDue.get(r.dueDate);
					if (rows) rows.push(r);
					else byDue.set(r.dueDate, [r]);
				}
				for (const [dueDate, rows] of byDue)
					for (let i = 0; i < rows.length; i += 500)
						tx.update(enrollment)
							.set({
								state: 'assigned',
								source: 'rule',
								assignedAt: now,
								dueDate,
								withdrawnAt: null,
								submittedAt: null,
								version: sql`${enrollment.version} + 1`,
								updatedAt: now
							})
							.where(
								inArray(
									enrollment.id,
									rows.slice(i, i + 500).map((r) => r.id)
								)
							)
							.run();
			}
		);
	if (p.withdraw.length) withdraw(tx, actor, p.withdraw, `Withdrawn by ${why}`);
	trainingAssigned(tx, { pairs: p.assign, ids: p.reopen.map((r) => r.id) });
	return { assigned: p.assign.length + p.reopen.length, withdrawn: p.withdraw.length };
}

/** Withdraws open enrollments (audited, one row each) and gives up their seats in sessions to come. */
export function withdraw(tx: Conn, actor: Actor, ids: number[], summary: string) {
	if (!ids.length) return;
	const now = Date.now();
	const rows = tx
		.select({ userId: enrollment.userId, courseId: enrollment.courseId })
		.from(enrollment)
		.where(inArray(enrollment.id, ids))
		.all();
	recordBulkUpdate(
		tx,
		actor,
		{ table: enrollment, entity: 'enrollment', where: inArray(enrollment.id, ids), summary },
		() =>
			tx
				.update(enrollment)
				.set({
					state: 'withdrawn',
					withdrawnAt: now,
					version: sql`${enrollment.version} + 1`,
					updatedAt: now
				})
				.where(inArray(enrollment.id, ids))
				.run()
	);
	releaseSeats(tx, actor, rows);
}

function existingFor(tx: Conn, where: ReturnType<typeof eq> | undefined): Enrollment[] {
	return tx
		.select({
			id: enrollment.id,
			userId: enrollment.userId,
			courseId: enrollment.courseId,
			state: enrollment.state,
			source: enrollment.source
		})
		.from(enrollment)
		.where(where)
		.all();
}

/** Brings one course's enrollments in step with its rule (after it was created, edited, archived). */
export function reconcileCourse(tx: Conn, actor: Actor, c: Course): Reconciled {
	const p = coursePlan(tx, c);
	return apply(tx, actor, p, `the audience of “${c.title}”`);
}

function coursePlan(tx: Conn, c: Course): Plan {
	const existing = existingFor(tx, eq(enrollment.courseId, c.id));
	// Everyone the rule names, and everyone who holds an enrollment on the course.
	const named = c.required && !c.archived ? learners(tx).filter((p) => p.active) : [];
	const ids = new Set(named.map((p) => p.id));
	const others = learners(
		tx,
		[...new Set(existing.map((e) => e.userId))].filter((id) => !ids.has(id))
	);
	return plan([c], [...named, ...others], existing, phaseTeams(tx));
}

/** How many people saving `next` over the course would assign and withdraw (nothing is written). */
export function previewCourse(tx: Conn, next: Course): Reconciled {
	const p = coursePlan(tx, next);
	return { assigned: p.assign.length + p.reopen.length, withdrawn: p.withdraw.length };
}

/**
 * Brings the named people's enrollments in step with every course (after a person was created, or
 * their role, team, rollout roles or activity changed, or a phase's teams did).
 */
export function reconcileLearners(
	tx: Conn,
	actor: Actor,
	userIds: number[],
	why = 'a change of role or team'
): Reconciled {
	const ids = [...new Set(userIds)];
	if (!ids.length) return { assigned: 0, withdrawn: 0 };
	const courses = tx.select().from(course).all();
	const existing = existingFor(tx, inArray(enrollment.userId, ids));
	return apply(
		tx,
		actor,
		plan(courses, learners(tx, ids), existing, phaseTeams(tx)),
		`a course audience after ${why}`
	);
}

/** The people of some teams (a phase's teams changed): their enrollments reconciled. */
export function reconcileTeams(tx: Conn, actor: Actor, teamIds: number[], why: string): Reconciled {
	if (!teamIds.length) return { assigned: 0, withdrawn: 0 };
	const ids = tx
		.select({ id: schema.user.id })
		.from(schema.user)
		.where(inArray(schema.user.teamId, teamIds))
		.all()
		.map((u) => u.id);
	return reconcileLearners(tx, actor, ids, why);
}
