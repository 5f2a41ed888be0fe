import { error } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { selfCompleteForm } from '$lib/schemas/training';
import { SESSION_FORMATS } from '$lib/training';
import { authorize, can } from '../access/policy';
import { updateRecord } from '../audit/writes';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput, Refused, parse } from '../validation';
import { enrollmentObject, type Course, type Enrollment } from './courses';

/**
 * Completing a course, at the moment it happens (no batch job): attendance marked present or late, a
 * learner's "I have done this" on a course without sessions, or a trainer's confirmation of it.
 */

const { enrollment, course } = schema;

/** Marks the enrollment completed now; `sessionId` when attendance of that session completed it. */
export function complete(
	tx: Conn,
	actor: Actor,
	e: Enrollment,
	how: { by: number; sessionId?: number | null; score?: number | null; summary: string }
): Enrollment {
	if (e.state === 'completed') return e;
	return updateRecord(
		tx,
		actor,
		enrollmentObject,
		e,
		{
			state: 'completed',
			completedAt: Date.now(),
			completedBy: how.by,
			sessionId: how.sessionId ?? null,
			score: how.score ?? e.score,
			withdrawnAt: null
		},
		undefined,
		how.summary
	);
}

/** Takes back a completion that a session's attendance gave (the mark was corrected). */
export function reopen(tx: Conn, actor: Actor, e: Enrollment, summary: string): Enrollment {
	if (e.state !== 'completed') return e;
	return updateRecord(
		tx,
		actor,
		enrollmentObject,
		e,
		{ state: 'in_progress', completedAt: null, completedBy: null, sessionId: null },
		undefined,
		summary
	);
}

function mine(tx: Conn, actor: Actor, id: number): { e: Enrollment; c: Course } {
	const e = tx.select().from(enrollment).where(eq(enrollment.id, id)).get();
	// Someone else's enrollment is not the learner's to see, let alone complete.
	if (!e || e.userId !== actor.user.id || e.state === 'withdrawn') error(404, 'Not found');
	return { e, c: tx.select().from(course).where(eq(course.id, e.courseId)).get()! };
}

export type DoneAnswer = 'completed' | 'submitted' | 'below_pass_mark';

/**
 * The learner says "I have done this" on a self-paced or document course, with a score when it asks
 * for one: completed, or sent to the trainer to confirm, or below the pass mark (kept, not completed).
 */
export function markDone(
	actor: Actor,
	enrollmentId: number,
	input: unknown
): { answer: DoneAnswer; course: Course; score: number | null } {
	authorize(actor.user, 'training.read');
	const { score } = parse(selfCompleteForm, input);
	return db().transaction((tx) => {
		const { e, c } = mine(tx, actor, enrollmentId);
		if (e.state === 'completed') throw new Refused('You have completed this course already.');
		if (SESSION_FORMATS.includes(c.format))
			throw new Refused('This course is completed by attending one of its sessions.');
		if (c.passMark !== null && score === null)
			throw new InvalidInput({ score: 'Enter your score: this course has a pass mark.' });
		if (c.passMark !== null && score !== null && score < c.passMark) {
			updateRecord(
				tx,
				actor,
				enrollmentObject,
				e,
				{ state: 'in_progress', score },
				undefined,
				`Scored ${score} % on ${c.title} (pass mark ${c.passMark} %)`
			);
			return { answer: 'below_pass_mark' as const, course: c, score };
		}
		if (c.completion === 'trainer') {
			updateRecord(
				tx,
				actor,
				enrollmentObject,
				e,
				{ state: 'in_progress', submittedAt: Date.now(), score },
				undefined,
				`Asked a trainer to confirm ${c.title}`
			);
			return { answer: 'submitted' as const, course: c, score };
		}
		complete(tx, actor, e, { by: actor.user.id, score, summary: `Completed ${c.title}` });
		return { answer: 'completed' as const, course: c, score };
	});
}

/** A trainer confirms a learner's "I have done this". */
export function confirm(actor: Actor, enrollmentId: number): Enrollment {
	authorize(actor.user, 'training.manage');
	return db().transaction((tx) => {
		const e =
			tx.select().from(enrollment).where(eq(enrollment.id, enrollmentId)).get() ?? error(404, 'Not found');
		const c = tx.select().from(course).where(eq(course.id, e.courseId)).get()!;
		if (!can(actor.user, 'training.manage', c)) error(404, 'Not found');
		if (e.state !== 'in_progress' || e.submittedAt === null)
			throw new Refused('Nothing to confirm: the learner has not said they have done this course.');
		return complete(tx, actor, e, { by: actor.user.id, summary: `Confirmed ${c.title} as completed` });
	});
}

/** The enrollment of a person on a course, if any. */
export function enrollmentOf(conn: Conn, userId: number, courseId: number): Enrollment | undefined {
	return conn
		.select()
		.from(enrollment)
		.where(and(eq(enrollment.userId, userId), eq(enrollment.courseId, courseId)))
		.get();
}
