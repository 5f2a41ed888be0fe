import { error } from '@sveltejs/kit';
import { and, asc, eq, gt, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { sessionForm } from '$lib/schemas/training';
import { SESSION_FORMATS } from '$lib/training';
import { formatSpan, zonedToUtc } from '$lib/time';
import { authorize, can, canRunSession, learnerWhere } from '../access/policy';
import { insertRecord, restorableOf, updateRecord, type AuditedObject } from '../audit/writes';
import type { Restorable } from '../audit/restorable';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { sessionCancelled, sessionChanged, trainingAssigned } from '../notifications/events';
import { InvalidInput, Refused, parse } from '../validation';
import { enrollmentObject, type Course } from './courses';
import { enrolledCount, leaveSeat, notify, promote, seatsOf, takeSeat } from './seats';

/**
 * Sessions of classroom and live courses: a trainer, a time (stored UTC, typed and shown in the
 * viewer's zone), a place or meeting link and seats. Moving or cancelling one raises its calendar
 * SEQUENCE and tells the people in it. A trainer or a place booked twice at once is flagged.
 */

const { trainingSession, course, user, role, enrollment, sessionSeat, attendance } = schema;
const MODULE = 'training.sessions';
export type Session = typeof trainingSession.$inferSelect;

export const sessionObject: AuditedObject<typeof trainingSession, Session> = {
	entity: 'training_session',
	module: MODULE,
	noun: 'session',
	table: trainingSession,
	id: trainingSession.id,
	describe: (s) => `#${s.id} on ${new Date(s.startsAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`
};

function findSession(conn: Conn, id: number): Session | undefined {
	return conn.select().from(trainingSession).where(eq(trainingSession.id, id)).get();
}
function findCourse(conn: Conn, id: number): Course {
	return conn.select().from(course).where(eq(course.id, id)).get() ?? error(404, 'Not found');
}

/** The session and its course, for someone who runs it (403/404 otherwise). */
function forRunning(conn: Conn, actor: Actor, id: number): { session: Session; course: Course } {
	authorize(actor.user, 'training.manage');
	const session = findSession(conn, id) ?? error(404, 'Not found');
	const c = findCourse(conn, session.courseId);
	if (!canRunSession(actor.user, session, c)) error(404, 'Not found');
	return { session, course: c };
}

/** A trainer: an active user whose role may run training. */
function trainer(conn: Conn, id: number) {
	const found = conn
		.select({ id: user.id, teamId: user.teamId, active: user.active, permissions: role.permissions })
		.from(user)
		.innerJoin(role, eq(user.roleId, role.id))
		.where(eq(user.id, id))
		.get();
	if (!found?.active || !found.permissions.includes('training.manage'))
		throw new InvalidInput({ trainerId: 'Choose an active trainer from the list.' });
	return found;
}

function values(conn: Conn, actor: Actor, input: unknown, zone: string, current?: Session) {
	const f = parse(sessionForm, input);
	const startsAt = zonedToUtc(f.startsAt, zone);
	const endsAt = zonedToUtc(f.endsAt, zone);
	const errors: Record<string, string> = {};
	if (startsAt === null) errors.startsAt = 'Enter the start as a date and time.';
	if (endsAt === null) errors.endsAt = 'Enter the end as a date and time.';
	else if (startsAt !== null && endsAt <= startsAt) errors.endsAt = 'A session must end after it starts.';
	else if (startsAt !== null && endsAt - startsAt > 12 * 3_600_000)
		errors.endsAt = 'A session lasts at most 12 hours.';
	if (!f.place && !f.link) errors.place = 'Give a place or a meeting link.';
	if (current) {
		const enrolled = enrolledCount(conn, current.id);
		if (f.capacity < enrolled)
			errors.capacity = `${enrolled} people are enrolled: keep at least ${enrolled} seats, or move people to another session first.`;
	}
	if (Object.keys(errors).length) throw new InvalidInput(errors);
	const t = trainer(conn, f.trainerId ?? actor.user.id);
	return {
		trainerId: t.id,
		teamId: t.teamId,
		startsAt: startsAt!,
		endsAt: endsAt!,
		place: f.place,
		link: f.link,
		capacity: f.capacity
	};
}

export function create(actor: Actor, courseId: number, input: unknown, zone: string): Session {
	authorize(actor.user, 'training.manage');
	return db().transaction((tx) => {
		const c = findCourse(tx, courseId);
		if (!can(actor.user, 'training.manage', c)) error(404, 'Not found');
		if (c.archived) throw new Refused('This course is archived: restore it before scheduling sessions.');
		if (!SESSION_FORMATS.includes(c.format))
			throw new Refused('Only classroom and live online courses have sessions.');
		const created = insertRecord(tx, actor, sessionObject, {
			...values(tx, actor, input, zone),
			courseId: c.id
		});
		sessionChanged(tx, null, created);
		return created;
	});
}

/** What a person in the session is told when its time or place changes. */
function movedNotice(before: Session, after: Session, zone = 'UTC') {
	const moved = before.startsAt !== after.startsAt || before.endsAt !== after.endsAt;
	const where = before.place !== after.place || before.link !== after.link;
	if (!moved && !where) return undefined;
	return [
		moved ? `moved to ${formatSpan(after.startsAt, after.endsAt, zone)} (UTC)` : '',
		where ? `now at ${after.place || after.link}` : ''
	]
		.filter(Boolean)
		.join(', ');
}

/** Edits a session; a change of time or place raises its SEQUENCE and tells the people in it. */
export function update(
	actor: Actor,
	id: number,
	input: unknown,
	baseVersion: unknown,
	zone: string
): Session {
	return db().transaction((tx) => {
		const { session: before } = forRunning(tx, actor, id);
		if (before.status === 'cancelled') throw new Refused('This session is cancelled.');
		const next = values(tx, actor, input, zone, before);
		const after = updateRecord(tx, actor, sessionObject, before, next, baseVersion);
		afterChange(tx, actor, before, after);
		return after;
	});
}

/** What follows a change to a session: a new calendar SEQUENCE, the people told, seats filled. */
function afterChange(tx: Conn, actor: Actor, before: Session, after: Session): Session {
	const notice = movedNotice(before, after);
	if (notice || before.trainerId !== after.trainerId) {
		tx.update(trainingSession)
			.set({ sequence: after.sequence + 1 })
			.where(eq(trainingSession.id, after.id))
			.run();
		after.sequence += 1;
	}
	if (notice)
		notify(
			tx,
			seatsOf(tx, after.id).map((s) => s.userId),
			after.id,
			`A training session you are in was ${notice}.`
		);
	if (after.capacity > before.capacity) promote(tx, actor, after);
	sessionChanged(tx, before, after);
	return after;
}

/** Cancels a session: calendars get STATUS:CANCELLED, and everyone in it is told. */
export function cancel(actor: Actor, id: number, reason: string): Session {
	return db().transaction((tx) => {
		const { session: before, course: c } = forRunning(tx, actor, id);
		if (before.status === 'cancelled') return before;
		const after = updateRecord(
			tx,
			actor,
			sessionObject,
			before,
			{ status: 'cancelled', sequence: before.sequence + 1 },
			undefined,
			`Cancelled a session of ${c.title}`
		);
		notify(
			tx,
			seatsOf(tx, id).map((s) => s.userId),
			id,
			`The session of “${c.title}” on ${formatSpan(before.startsAt, before.endsAt, 'UTC')} (UTC) is cancelled${reason.trim() ? `: ${reason.trim().slice(0, 300)}` : ''}. Choose another session in My training.`
		);
		sessionCancelled(tx, before, reason);
		return after;
	});
}

/** How audit rollback restores a session: its fields, with a new calendar SEQUENCE. */
const plainSession = restorableOf(sessionObject, [
	'trainerId',
	'teamId',
	'startsAt',
	'endsAt',
	'place',
	'link',
	'capacity',
	'status'
]);
export const restorableSession: Restorable<Session> = {
	...plainSession,
	write(tx, current, values) {
		if (values.capacity !== undefined && values.capacity < enrolledCount(tx, current.id))
			throw new Refused('More people are enrolled now than that capacity holds: move some first.');
		return plainSession.write(tx, current, { ...values, sequence: current.sequence + 1 });
	},
	afterRestore: (tx, actor, s) => void promote(tx, actor, s)
};

/** Whether the person has an open assignment of the course (what lets them take a seat themselves). */
function openEnrollment(conn: Conn, userId: number, courseId: number) {
	return conn
		.select()
		.from(enrollment)
		.where(and(eq(enrollment.userId, userId), eq(enrollment.courseId, courseId)))
		.get();
}

export type SeatAnswer = { status: 'enrolled' | 'waitlisted'; session: Session; course: Course };

/** The actor takes a place in a session of a course assigned to them: a seat, or the waitlist when full. */
export function enrollSelf(actor: Actor, sessionId: number): SeatAnswer {
	authorize(actor.user, 'training.read');
	return db().transaction((tx) => {
		const session = findSession(tx, sessionId) ?? error(404, 'Not found');
		const c = findCourse(tx, session.courseId);
		const e = openEnrollment(tx, actor.user.id, c.id);
		if (!e || e.state === 'withdrawn') error(404, 'Not found');
		if (e.state === 'completed') throw new Refused('You have completed this course already.');
		bookable(session);
		if (e.state === 'assigned')
			updateRecord(tx, actor, enrollmentObject, e, { state: 'in_progress' }, undefined, `Started ${c.title}`);
		return { status: takeSeat(tx, actor, session, actor.user.id), session, course: c };
	});
}

function bookable(session: Session) {
	if (session.status === 'cancelled') throw new Refused('This session is cancelled: choose another one.');
	if (session.startsAt <= Date.now()) throw new Refused('This session has started: choose one to come.');
}

/** A trainer puts a person in a session; someone without the course gets it assigned by hand. */
export function enrollPerson(actor: Actor, sessionId: number, userId: number): SeatAnswer {
	return db().transaction((tx) => {
		const { session, course: c } = forRunning(tx, actor, sessionId);
		bookable(session);
		const person = tx
			.select({ id: user.id, name: user.name, active: user.active })
			.from(user)
			.where(eq(user.id, userId))
			.get();
		if (!person?.active) throw new InvalidInput({ userId: 'Choose an active person.' });
		const e = openEnrollment(tx, person.id, c.id);
		if (e?.state === 'completed')
			throw new InvalidInput({ userId: `${person.name} has completed this course.` });
		const fields = { state: 'in_progress' as const, withdrawnAt: null };
		if (!e)
			insertRecord(tx, actor, enrollmentObject, {
				...fields,
				userId: person.id,
				courseId: c.id,
				source: 'hand',
				assignedAt: Date.now()
			});
		else if (e.state !== 'in_progress')
			updateRecord(
				tx,
				actor,
				enrollmentObject,
				e,
				e.state === 'withdrawn' ? { ...fields, source: 'hand', assignedAt: Date.now() } : fields,
				undefined,
				`Enrolled ${person.name} in a session of ${c.title}`
			);
		if (!e || e.state === 'withdrawn')
			trainingAssigned(tx, { pairs: [{ userId: person.id, courseId: c.id }] });
		return { status: takeSeat(tx, actor, session, person.id), session, course: c };
	});
}

/** The actor gives up their place (before the session starts); the waitlist moves up. */
export function leaveSelf(actor: Actor, sessionId: number): void {
	authorize(actor.user, 'training.read');
	db().transaction((tx) => {
		const session = findSession(tx, sessionId) ?? error(404, 'Not found');
		if (session.startsAt <= Date.now()) throw new Refused('This session has started; ask the trainer.');
		if (!leaveSeat(tx, actor, session, actor.user.id)) error(404, 'Not found');
	});
}

/** A trainer takes a person out of a session. */
export function removePerson(actor: Actor, sessionId: number, userId: number): void {
	db().transaction((tx) => {
		const { session } = forRunning(tx, actor, sessionId);
		if (!leaveSeat(tx, actor, session, userId)) throw new Refused('This person has no place in the session.');
	});
}

export interface Conflict {
	sessionId: number;
	otherId: number;
	kind: 'trainer' | 'place';
	otherStartsAt: number;
	otherCourse: string;
}

/** Sessions booked at the same time as these with the same trainer or the same place. */
export function conflicts(conn: Conn, ids: number[]): Conflict[] {
	if (!ids.length) return [];
	return conn.all<Conflict>(sql`
		SELECT a.id AS sessionId, b.id AS otherId,
			CASE WHEN a.trainer_id = b.trainer_id THEN 'trainer' ELSE 'place' END AS kind,
			b.starts_at AS otherStartsAt, c.title AS otherCourse
		FROM training_session a
		JOIN training_session b ON b.id <> a.id AND b.status = 'scheduled'
			AND b.starts_at < a.ends_at AND a.starts_at < b.ends_at
			AND (b.trainer_id = a.trainer_id OR (a.place <> '' AND lower(trim(b.place)) = lower(trim(a.place))))
		JOIN course c ON c.id = b.course_id
		WHERE a.status = 'scheduled' AND a.id IN (${sql.join(
			ids.map((id) => sql`${id}`),
			sql`, `
		)})
		ORDER BY a.id, b.starts_at`);
}

/** One session's page: the course, trainer, seats, waitlist, attendance and conflicts. */
export function detail(actor: Actor, id: number) {
	authorize(actor.user, 'training.read');
	const conn = db();
	const session = findSession(conn, id) ?? error(404, 'Not found');
	const c = findCourse(conn, session.courseId);
	const runs = canRunSession(actor.user, session, c);
	const seats = seatsOf(conn, id);
	const mine = seats.find((s) => s.userId === actor.user.id);
	// A learner sees the sessions of courses assigned to them; trainers see every session.
	const e = openEnrollment(conn, actor.user.id, c.id);
	if (!runs && !can(actor.user, 'training.manage') && !mine && (!e || e.state === 'withdrawn'))
		error(404, 'Not found');
	const people = seats.length
		? conn
				.select({ id: user.id, name: user.name, email: user.email, teamId: user.teamId, title: user.title })
				.from(user)
				.where(
					and(
						inArray(
							user.id,
							seats.map((s) => s.userId)
						),
						learnerWhere(actor.user, { userId: user.id, teamId: user.teamId })
					)
				)
				.all()
		: [];
	const byId = new Map(people.map((p) => [p.id, p]));
	const marks = new Map(
		conn
			.select()
			.from(attendance)
			.where(eq(attendance.sessionId, id))
			.all()
			.map((a) => [a.userId, a])
	);
	const trainerRow = conn
		.select({ id: user.id, name: user.name, email: user.email })
		.from(user)
		.where(eq(user.id, session.trainerId))
		.get();
	const roster = seats
		.filter((s) => byId.has(s.userId))
		.map((s) => ({
			...byId.get(s.userId)!,
			status: s.status,
			requestedAt: s.requestedAt,
			mark: marks.get(s.userId) ?? null
		}));
	return {
		session,
		course: c,
		trainer: trainerRow,
		runs,
		mySeat: mine?.status ?? null,
		myEnrollment: e && e.state !== 'withdrawn' ? e : null,
		enrolled: seats.filter((s) => s.status === 'enrolled').length,
		waitlisted: seats.filter((s) => s.status === 'waitlisted').length,
		roster: runs || can(actor.user, 'training.manage') ? roster : [],
		conflicts: runs ? conflicts(conn, [id]) : []
	};
}

export interface SessionRow {
	id: number;
	courseId: number;
	courseTitle: string;
	format: string;
	trainerId: number;
	trainerName: string;
	startsAt: number;
	endsAt: number;
	place: string;
	link: string;
	capacity: number;
	status: string;
	enrolled: number;
	waitlisted: number;
}

function sessionRows(
	conn: Conn,
	where: SQL | undefined,
	order: 'asc' | 'desc' = 'asc',
	limit = 200
): SessionRow[] {
	return conn
		.select({
			id: trainingSession.id,
			courseId: trainingSession.courseId,
			courseTitle: course.title,
			format: course.format,
			trainerId: trainingSession.trainerId,
			trainerName: user.name,
			startsAt: trainingSession.startsAt,
			endsAt: trainingSession.endsAt,
			place: trainingSession.place,
			link: trainingSession.link,
			capacity: trainingSession.capacity,
			status: trainingSession.status,
			enrolled: sql<number>`(select count(*) from session_seat s where s.session_id = ${trainingSession.id} and s.status = 'enrolled')`,
			waitlisted: sql<number>`(select count(*) from session_seat s where s.session_id = ${trainingSession.id} and s.status = 'waitlisted')`
		})
		.from(trainingSession)
		.innerJoin(course, eq(trainingSession.courseId, course.id))
		.innerJoin(user, eq(trainingSession.trainerId, user.id))
		.where(where)
		.orderBy(order === 'asc' ? asc(trainingSession.startsAt) : sql`${trainingSession.startsAt} desc`)
		.limit(limit)
		.all();
}

/** A course's sessions, to come and past. */
export function ofCourse(actor: Actor, courseId: number): SessionRow[] {
	authorize(actor.user, 'training.read');
	return sessionRows(db(), eq(trainingSession.courseId, courseId));
}

/**
 * The trainer's view of sessions: theirs (or everyone's) to come and of the last weeks, with the
 * double bookings flagged.
 */
export function schedule(actor: Actor, { all = false, past = false } = {}) {
	authorize(actor.user, 'training.manage');
	const now = Date.now();
	const conn = db();
	const rows = sessionRows(
		conn,
		and(
			all ? undefined : eq(trainingSession.trainerId, actor.user.id),
			past ? lt(trainingSession.endsAt, now) : gt(trainingSession.endsAt, now)
		),
		past ? 'desc' : 'asc'
	);
	const flags = conflicts(
		conn,
		rows.map((r) => r.id)
	);
	return { rows, conflicts: flags };
}

/** Sessions a learner can choose for their assigned courses: to come, not cancelled. */
export function openSessions(conn: Conn, courseIds: number[]): SessionRow[] {
	if (!courseIds.length) return [];
	return sessionRows(
		conn,
		and(
			inArray(trainingSession.courseId, courseIds),
			gt(trainingSession.startsAt, Date.now()),
			ne(trainingSession.status, 'cancelled')
		)
	);
}

/** The sessions a person holds a place in (to come unless `past`). */
export function sessionsOf(conn: Conn, userId: number, { past = false } = {}) {
	const now = Date.now();
	return conn
		.select({
			id: trainingSession.id,
			courseId: trainingSession.courseId,
			courseTitle: course.title,
			startsAt: trainingSession.startsAt,
			endsAt: trainingSession.endsAt,
			place: trainingSession.place,
			link: trainingSession.link,
			status: trainingSession.status,
			seat: sessionSeat.status,
			mark: attendance.status
		})
		.from(sessionSeat)
		.innerJoin(trainingSession, eq(sessionSeat.sessionId, trainingSession.id))
		.innerJoin(course, eq(trainingSession.courseId, course.id))
		.leftJoin(attendance, and(eq(attendance.sessionId, trainingSession.id), eq(attendance.userId, userId)))
		.where(
			and(
				eq(sessionSeat.userId, userId),
				past ? lt(trainingSession.endsAt, now) : gt(trainingSession.endsAt, now)
			)
		)
		.orderBy(past ? sql`${trainingSession.startsAt} desc` : asc(trainingSession.startsAt))
		.all();
}

/** Trainers to choose from on the session form. */
export function trainers(actor: Actor) {
	authorize(actor.user, 'training.manage');
	return db()
		.select({ id: user.id, name: user.name, permissions: role.permissions })
		.from(user)
		.innerJoin(role, eq(user.roleId, role.id))
		.where(eq(user.active, true))
		.orderBy(asc(user.nameKey))
		.all()
		.filter((u) => u.permissions.includes('training.manage'))
		.map(({ id, name }) => ({ id, name }));
}
