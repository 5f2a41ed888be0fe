import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { schema, type Conn } from '../db';

/**
 * Seats in a session: enrolled up to its capacity, then a waitlist in the order people asked, which
 * moves up as soon as a seat frees. A person holds one place among a course's sessions to come;
 * taking another moves them. People told of a change get an in-app notice (their home page).
 */

const { sessionSeat, trainingSession, trainingNotice } = schema;
export type Seat = typeof sessionSeat.$inferSelect;
type Session = Pick<
	typeof trainingSession.$inferSelect,
	'id' | 'courseId' | 'capacity' | 'endsAt' | 'status'
>;

const MODULE = 'training.sessions';
const seatId = (sessionId: number, userId: number) => `${sessionId}:${userId}`;

export function seatsOf(conn: Conn, sessionId: number): Seat[] {
	return conn
		.select()
		.from(sessionSeat)
		.where(eq(sessionSeat.sessionId, sessionId))
		.orderBy(asc(sessionSeat.requestedAt), asc(sessionSeat.userId))
		.all();
}

export function enrolledCount(conn: Conn, sessionId: number): number {
	return (
		conn
			.select({ n: sql<number>`count(*)` })
			.from(sessionSeat)
			.where(and(eq(sessionSeat.sessionId, sessionId), eq(sessionSeat.status, 'enrolled')))
			.get()?.n ?? 0
	);
}

/** Messages for people in a session, shown on their home page until they dismiss them. */
export function notify(tx: Conn, userIds: number[], sessionId: number, text: string) {
	if (!userIds.length) return;
	tx.insert(trainingNotice)
		.values(userIds.map((userId) => ({ userId, sessionId, text })))
		.run();
}

/**
 * Gives `userId` a place in the session — a seat while there is one, else the waitlist — and gives
 * up their place in the course's other sessions to come. Callers check who may ask.
 */
export function takeSeat(tx: Conn, actor: Actor, session: Session, userId: number): Seat['status'] {
	const held = tx
		.select()
		.from(sessionSeat)
		.where(and(eq(sessionSeat.sessionId, session.id), eq(sessionSeat.userId, userId)))
		.get();
	if (held) return held.status;
	for (const other of tx
		.select({
			id: trainingSession.id,
			courseId: trainingSession.courseId,
			capacity: trainingSession.capacity,
			endsAt: trainingSession.endsAt,
			status: trainingSession.status
		})
		.from(sessionSeat)
		.innerJoin(trainingSession, eq(sessionSeat.sessionId, trainingSession.id))
		.where(
			and(
				eq(sessionSeat.userId, userId),
				eq(trainingSession.courseId, session.courseId),
				gt(trainingSession.endsAt, Date.now())
			)
		)
		.all())
		leaveSeat(tx, actor, other, userId);
	const status = enrolledCount(tx, session.id) < session.capacity ? 'enrolled' : 'waitlisted';
	const seat = tx
		.insert(sessionSeat)
		.values({ sessionId: session.id, userId, status, requestedAt: Date.now() })
		.returning()
		.get();
	recordChange(tx, actor, {
		module: MODULE,
		action: 'create',
		entity: 'session_seat',
		entityId: seatId(session.id, userId),
		after: seat,
		summary: status === 'enrolled' ? 'Took a seat in a session' : 'Joined the waitlist of a session'
	});
	return status;
}

/** Gives up a place; a freed seat goes to the first on the waitlist at once. */
export function leaveSeat(tx: Conn, actor: Actor, session: Session, userId: number): boolean {
	const seat = tx
		.delete(sessionSeat)
		.where(and(eq(sessionSeat.sessionId, session.id), eq(sessionSeat.userId, userId)))
		.returning()
		.get();
	if (!seat) return false;
	recordChange(tx, actor, {
		module: MODULE,
		action: 'delete',
		entity: 'session_seat',
		entityId: seatId(session.id, userId),
		before: seat,
		summary: seat.status === 'enrolled' ? 'Gave up a seat in a session' : 'Left the waitlist of a session'
	});
	if (seat.status === 'enrolled') promote(tx, actor, session);
	return true;
}

/** Moves people up from the waitlist while there are free seats; returns who got one. */
export function promote(tx: Conn, actor: Actor, session: Session): number[] {
	if (session.status === 'cancelled') return [];
	const free = session.capacity - enrolledCount(tx, session.id);
	if (free <= 0) return [];
	const next = tx
		.select()
		.from(sessionSeat)
		.where(and(eq(sessionSeat.sessionId, session.id), eq(sessionSeat.status, 'waitlisted')))
		.orderBy(asc(sessionSeat.requestedAt), asc(sessionSeat.userId))
		.limit(free)
		.all();
	for (const seat of next) {
		tx.update(sessionSeat)
			.set({ status: 'enrolled' })
			.where(and(eq(sessionSeat.sessionId, session.id), eq(sessionSeat.userId, seat.userId)))
			.run();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'session_seat',
			entityId: seatId(session.id, seat.userId),
			before: seat,
			after: { ...seat, status: 'enrolled' },
			summary: 'Moved up from the waitlist to a seat'
		});
	}
	const ids = next.map((s) => s.userId);
	notify(tx, ids, session.id, 'A seat freed up: you are now enrolled in this session.');
	return ids;
}

/** People who lost a course's assignment give up their places in its sessions to come. */
export function releaseSeats(tx: Conn, actor: Actor, pairs: { userId: number; courseId: number }[]) {
	const courses = [...new Set(pairs.map((p) => p.courseId))];
	if (!courses.length) return;
	const wanted = new Set(pairs.map((p) => `${p.userId}:${p.courseId}`));
	const held = tx
		.select({
			userId: sessionSeat.userId,
			id: trainingSession.id,
			courseId: trainingSession.courseId,
			capacity: trainingSession.capacity,
			endsAt: trainingSession.endsAt,
			status: trainingSession.status
		})
		.from(sessionSeat)
		.innerJoin(trainingSession, eq(sessionSeat.sessionId, trainingSession.id))
		.where(and(inArray(trainingSession.courseId, courses), gt(trainingSession.startsAt, Date.now())))
		.all()
		.filter((s) => wanted.has(`${s.userId}:${s.courseId}`));
	for (const s of held) leaveSeat(tx, actor, s, s.userId);
}
