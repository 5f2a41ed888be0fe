import { error } from '@sveltejs/kit';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { dayIn, DEFAULT_TIME_ZONE } from '$lib/time';
import {
	ATTENDED,
	SESSION_FORMATS,
	type AttendanceStatus,
	type CourseFormat,
	type EnrollmentState,
	type Material,
	type SeatStatus
} from '$lib/training';
import { authorize } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { daysBetween } from '../rollout/dates';
import { openSessions, sessionsOf } from './sessions';

/**
 * "My training": the actor's own assignments, the sessions to choose for them, their places and
 * their history, and the in-app notices sessions leave them. Every query here names the actor's own
 * user id: it is their data, whoever else may see it through the trainer's or manager's views.
 */

const { enrollment, course, trainingSession, sessionSeat, trainingNotice, user } = schema;

/** How many people are ahead of the user on the waitlists they are on, by session. */
function waitlistAhead(conn: Conn, userId: number): Map<number, number> {
	const rows = conn.all<{ sessionId: number; ahead: number }>(sql`
		SELECT s.session_id AS sessionId,
			(SELECT count(*) FROM session_seat o
				WHERE o.session_id = s.session_id AND o.status = 'waitlisted'
				AND (o.requested_at < s.requested_at OR (o.requested_at = s.requested_at AND o.user_id < s.user_id))) AS ahead
		FROM session_seat s
		WHERE s.user_id = ${userId} AND s.status = 'waitlisted'`);
	return new Map(rows.map((r) => [r.sessionId, r.ahead]));
}

/** The actor's place in one session: a seat, or the waitlist with the number of people ahead. */
export function myPlace(actor: Actor, sessionId: number): { status: SeatStatus; ahead: number } | null {
	authorize(actor.user, 'training.read');
	const conn = db();
	const seat = conn
		.select({ status: sessionSeat.status })
		.from(sessionSeat)
		.where(and(eq(sessionSeat.sessionId, sessionId), eq(sessionSeat.userId, actor.user.id)))
		.get();
	if (!seat) return null;
	return { status: seat.status, ahead: waitlistAhead(conn, actor.user.id).get(sessionId) ?? 0 };
}

function myEnrollments(conn: Conn, userId: number) {
	const completer = alias(user, 'completer');
	return conn
		.select({
			id: enrollment.id,
			courseId: course.id,
			title: course.title,
			description: course.description,
			format: course.format,
			durationMinutes: course.durationMinutes,
			materials: course.materials,
			prerequisites: course.prerequisites,
			required: course.required,
			completion: course.completion,
			passMark: course.passMark,
			source: enrollment.source,
			state: enrollment.state,
			dueDate: enrollment.dueDate,
			submittedAt: enrollment.submittedAt,
			score: enrollment.score,
			assignedAt: enrollment.assignedAt,
			completedAt: enrollment.completedAt,
			completedBy: enrollment.completedBy,
			completedByName: completer.name,
			sessionId: enrollment.sessionId,
			sessionStartsAt: trainingSession.startsAt,
			withdrawnAt: enrollment.withdrawnAt
		})
		.from(enrollment)
		.innerJoin(course, eq(enrollment.courseId, course.id))
		.leftJoin(completer, eq(enrollment.completedBy, completer.id))
		.leftJoin(trainingSession, eq(enrollment.sessionId, trainingSession.id))
		.where(eq(enrollment.userId, userId))
		.all();
}

/** How a course in the history was completed or left, as the learner reads it. */
export type HistoryHow =
	| { kind: 'attended'; sessionStartsAt: number | null }
	| { kind: 'self' }
	| { kind: 'confirmed'; by: string | null }
	| { kind: 'withdrawn' };

export interface SessionChoice {
	id: number;
	startsAt: number;
	endsAt: number;
	place: string;
	link: string;
	trainerName: string;
	capacity: number;
	seatsLeft: number;
	waitlisted: number;
	/** The actor's place in it, if any. */
	mine: SeatStatus | null;
	ahead: number | null;
}

export interface TodoCourse {
	enrollmentId: number;
	courseId: number;
	title: string;
	description: string;
	format: CourseFormat;
	durationMinutes: number;
	materials: Material[];
	required: boolean;
	state: EnrollmentState;
	dueDate: string | null;
	overdue: boolean;
	/** Days until the due date (negative: overdue by that many). */
	daysLeft: number | null;
	/** When the learner said "I have done this" and a trainer is to confirm it. */
	submittedAt: number | null;
	score: number | null;
	passMark: number | null;
	/** Prerequisites not completed yet (informational: "complete X first"). */
	completeFirst: string[];
	/** Session courses: the sessions to come to choose from (with the actor's place). */
	sessions: SessionChoice[] | null;
	/** The actor's last past session of the course, which did not complete it (absent, excused, no mark yet). */
	missed: { startsAt: number; mark: AttendanceStatus | null } | null;
	/** The actor holds a place only in a cancelled session of the course. */
	cancelled: boolean;
}

export interface HistoryCourse {
	enrollmentId: number;
	courseId: number;
	title: string;
	format: CourseFormat;
	state: 'completed' | 'withdrawn';
	at: number | null;
	score: number | null;
	how: HistoryHow;
}

function howOf(userId: number, e: ReturnType<typeof myEnrollments>[number]): HistoryHow {
	if (e.state === 'withdrawn') return { kind: 'withdrawn' };
	if (e.sessionId !== null) return { kind: 'attended', sessionStartsAt: e.sessionStartsAt };
	if (e.completedBy === userId) return { kind: 'self' };
	return { kind: 'confirmed', by: e.completedByName };
}

const isOpen = (state: EnrollmentState) => state === 'assigned' || state === 'in_progress';

/** Overdue first (but what waits for a trainer's confirmation), then by due date (none last), then by title. */
function byDue(a: TodoCourse, b: TodoCourse) {
	const late = (c: TodoCourse) => c.overdue && c.submittedAt === null;
	if (late(a) !== late(b)) return late(a) ? -1 : 1;
	if (a.dueDate !== b.dueDate)
		return a.dueDate === null ? 1 : b.dueDate === null ? -1 : a.dueDate < b.dueDate ? -1 : 1;
	return a.title.localeCompare(b.title);
}

/**
 * The actor's training: what is to do (with the sessions to choose for session courses), the
 * sessions they hold a place in, and their history. `zone` decides which day "today" is for overdue.
 */
export function myTraining(actor: Actor, zone: string = DEFAULT_TIME_ZONE) {
	authorize(actor.user, 'training.read');
	const conn = db();
	const me = actor.user.id;
	const today = dayIn(Date.now(), zone);
	const rows = myEnrollments(conn, me);
	const open = rows.filter((e) => isOpen(e.state));

	const completedIds = new Set(rows.filter((e) => e.state === 'completed').map((e) => e.courseId));
	const wanted = [...new Set(open.flatMap((e) => e.prerequisites))].filter((id) => !completedIds.has(id));
	const titles = new Map(
		wanted.length
			? conn
					.select({ id: course.id, title: course.title })
					.from(course)
					.where(inArray(course.id, wanted))
					.all()
					.map((c) => [c.id, c.title])
			: []
	);

	const upcoming = sessionsOf(conn, me);
	const past = sessionsOf(conn, me, { past: true });
	const ahead = waitlistAhead(conn, me);
	const mySeats = new Map(upcoming.map((s) => [s.id, s.seat]));
	const sessionCourses = open.filter((e) => SESSION_FORMATS.includes(e.format)).map((e) => e.courseId);
	const choices = new Map<number, SessionChoice[]>();
	for (const s of openSessions(conn, sessionCourses)) {
		const list = choices.get(s.courseId) ?? [];
		const mine = mySeats.get(s.id) ?? null;
		list.push({
			id: s.id,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			place: s.place,
			link: s.link,
			trainerName: s.trainerName,
			capacity: s.capacity,
			seatsLeft: Math.max(0, s.capacity - s.enrolled),
			waitlisted: s.waitlisted,
			mine,
			ahead: mine === 'waitlisted' ? (ahead.get(s.id) ?? 0) : null
		});
		choices.set(s.courseId, list);
	}

	const todo: TodoCourse[] = open
		.map((e) => {
			const session = SESSION_FORMATS.includes(e.format);
			const lastPast = session
				? past.find((p) => p.courseId === e.courseId && p.status !== 'cancelled' && p.seat === 'enrolled')
				: undefined;
			const held = upcoming.filter((s) => s.courseId === e.courseId);
			return {
				enrollmentId: e.id,
				courseId: e.courseId,
				title: e.title,
				description: e.description,
				format: e.format,
				durationMinutes: e.durationMinutes,
				materials: e.materials,
				required: e.required,
				state: e.state,
				dueDate: e.dueDate,
				overdue: e.dueDate !== null && e.dueDate < today,
				daysLeft: e.dueDate === null ? null : daysBetween(today, e.dueDate),
				submittedAt: e.submittedAt,
				score: e.score,
				passMark: e.passMark,
				completeFirst: e.prerequisites.filter((id) => titles.has(id)).map((id) => titles.get(id)!),
				sessions: session ? (choices.get(e.courseId) ?? []) : null,
				missed:
					lastPast && !(lastPast.mark && ATTENDED.includes(lastPast.mark))
						? { startsAt: lastPast.startsAt, mark: lastPast.mark }
						: null,
				cancelled: held.length > 0 && held.every((s) => s.status === 'cancelled')
			};
		})
		.sort(byDue);

	const history: HistoryCourse[] = rows
		.filter((e): e is typeof e & { state: 'completed' | 'withdrawn' } => !isOpen(e.state))
		.map((e) => ({
			enrollmentId: e.id,
			courseId: e.courseId,
			title: e.title,
			format: e.format,
			state: e.state,
			at: e.state === 'completed' ? e.completedAt : e.withdrawnAt,
			score: e.score,
			how: howOf(me, e)
		}))
		.sort((a, b) => (b.at ?? 0) - (a.at ?? 0));

	return {
		today,
		todo,
		sessions: upcoming.map((s) => ({
			id: s.id,
			courseId: s.courseId,
			courseTitle: s.courseTitle,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			place: s.place,
			link: s.link,
			status: s.status,
			seat: s.seat,
			ahead: s.seat === 'waitlisted' ? (ahead.get(s.id) ?? 0) : null
		})),
		history
	};
}

/** The home page's training card: how much is open and overdue, what is due next, the next session. */
export function homeCard(actor: Actor, zone: string = DEFAULT_TIME_ZONE) {
	authorize(actor.user, 'training.read');
	const conn = db();
	const today = dayIn(Date.now(), zone);
	const open = conn
		.select({ title: course.title, dueDate: enrollment.dueDate, submittedAt: enrollment.submittedAt })
		.from(enrollment)
		.innerJoin(course, eq(enrollment.courseId, course.id))
		.where(and(eq(enrollment.userId, actor.user.id), inArray(enrollment.state, ['assigned', 'in_progress'])))
		.orderBy(sql`${enrollment.dueDate} IS NULL`, asc(enrollment.dueDate), asc(course.title))
		.all();
	const next = open.find((e) => e.dueDate !== null && e.submittedAt === null);
	const session = sessionsOf(conn, actor.user.id).find((s) => s.status !== 'cancelled');
	return {
		open: open.length,
		overdue: open.filter((e) => e.dueDate !== null && e.dueDate < today && e.submittedAt === null).length,
		awaiting: open.filter((e) => e.submittedAt !== null).length,
		nextDue: next ? { title: next.title, dueDate: next.dueDate!, overdue: next.dueDate! < today } : null,
		nextSession: session
			? {
					id: session.id,
					courseTitle: session.courseTitle,
					startsAt: session.startsAt,
					endsAt: session.endsAt,
					seat: session.seat
				}
			: null
	};
}

/** The actor's unread notices about sessions they are in (moved, cancelled, a seat freed), newest first. */
export function notices(actor: Actor, limit = 10) {
	authorize(actor.user, 'training.read');
	const conn = db();
	const mine = and(eq(trainingNotice.userId, actor.user.id), isNull(trainingNotice.readAt));
	const rows = conn
		.select({
			id: trainingNotice.id,
			text: trainingNotice.text,
			createdAt: trainingNotice.createdAt,
			sessionId: trainingNotice.sessionId,
			courseTitle: course.title,
			startsAt: trainingSession.startsAt,
			endsAt: trainingSession.endsAt,
			status: trainingSession.status
		})
		.from(trainingNotice)
		.innerJoin(trainingSession, eq(trainingNotice.sessionId, trainingSession.id))
		.innerJoin(course, eq(trainingSession.courseId, course.id))
		.where(mine)
		.orderBy(desc(trainingNotice.createdAt), desc(trainingNotice.id))
		.limit(limit)
		.all();
	const total =
		conn
			.select({ n: sql<number>`count(*)` })
			.from(trainingNotice)
			.where(mine)
			.get()?.n ?? 0;
	return { rows, total };
}

/** Marks one of the actor's notices read; someone else's (or none) is a 404. */
export function dismissNotice(actor: Actor, id: number): void {
	authorize(actor.user, 'training.read');
	const done = db()
		.update(trainingNotice)
		.set({ readAt: sql`coalesce(${trainingNotice.readAt}, ${Date.now()})` })
		.where(and(eq(trainingNotice.id, id), eq(trainingNotice.userId, actor.user.id)))
		.returning({ id: trainingNotice.id })
		.get();
	if (!done) error(404, 'Not found');
}
