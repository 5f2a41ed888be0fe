import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { error } from '@sveltejs/kit';
import { and, asc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { SeatStatus, SessionStatus } from '$lib/training';
import { authorize, can, type Principal } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';

/**
 * Training sessions as calendar events (RFC 5545), one session to download and a private feed per
 * person. An event keeps its UID for the session's life and carries the session's SEQUENCE, which
 * the session's writes raise, and a cancelled session stays in the feed as STATUS:CANCELLED: so a
 * calendar updates or strikes out the event it has instead of adding a second one. Times are UTC.
 */

const { calendarFeed, course, role, sessionSeat, trainingSession, user } = schema;
const MODULE = 'training.calendar';
const DAY = 86_400_000;
/** How far back a feed reaches: recent sessions stay in the calendar, older ones drop out. */
export const FEED_HISTORY_DAYS = 90;

/** A session as its calendar event needs it. */
export interface SessionEvent {
	id: number;
	title: string;
	description: string;
	startsAt: number;
	endsAt: number;
	place: string;
	link: string;
	status: SessionStatus;
	sequence: number;
	createdAt: number;
	updatedAt: number;
	trainerName: string;
	trainerEmail: string;
	/** The viewer's place in it, for a feed (null: the viewer is its trainer, or no viewer). */
	seat: SeatStatus | null;
}

/** The event's UID: the same for the session's whole life, whatever host serves it. */
export const eventUid = (sessionId: number) => `training-session-${sessionId}@uptake`;

function eventsWhere(conn: Conn, where: SQL | undefined, viewerId?: number): SessionEvent[] {
	const seat = viewerId
		? sql<SeatStatus | null>`(select ${sessionSeat.status} from ${sessionSeat}
			where ${sessionSeat.sessionId} = ${trainingSession.id} and ${sessionSeat.userId} = ${viewerId})`
		: sql<null>`null`;
	return conn
		.select({
			id: trainingSession.id,
			title: course.title,
			description: course.description,
			startsAt: trainingSession.startsAt,
			endsAt: trainingSession.endsAt,
			place: trainingSession.place,
			link: trainingSession.link,
			status: trainingSession.status,
			sequence: trainingSession.sequence,
			createdAt: trainingSession.createdAt,
			updatedAt: trainingSession.updatedAt,
			trainerName: user.name,
			trainerEmail: user.email,
			seat
		})
		.from(trainingSession)
		.innerJoin(course, eq(trainingSession.courseId, course.id))
		.innerJoin(user, eq(trainingSession.trainerId, user.id))
		.where(where)
		.orderBy(asc(trainingSession.startsAt), asc(trainingSession.id))
		.all();
}

/** The sessions `sessionIds` as events (missing ids are left out). Callers check who may see them. */
export function sessionEvents(conn: Conn, sessionIds: number[]): SessionEvent[] {
	return sessionIds.length ? eventsWhere(conn, inArray(trainingSession.id, sessionIds)) : [];
}

/** A meeting link as a calendar may open it: http(s) only. */
function webLink(link: string): string | null {
	try {
		const url = new URL(link);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
	} catch {
		return null;
	}
}

function describe(event: SessionEvent): string {
	const link = webLink(event.link);
	return [
		event.status === 'cancelled' ? 'This session is cancelled.' : '',
		event.seat === 'waitlisted' ? 'You are on the waitlist: you get a seat when one frees.' : '',
		event.description,
		event.place ? `Place: ${event.place}` : '',
		link ? `Join: ${link}` : '',
		`Trainer: ${event.trainerName}`
	]
		.filter(Boolean)
		.join('\n\n');
}

/** The iCalendar text of `events`: METHOD:PUBLISH, which calendars import and subscribe to. */
export function calendarText(
	events: SessionEvent[],
	options: { name: string; refreshMinutes?: number }
): string {
	const calendar = ical({
		prodId: { company: 'Uptake', product: 'Training', language: 'EN' },
		method: ICalCalendarMethod.PUBLISH,
		name: options.name,
		ttl: options.refreshMinutes ? options.refreshMinutes * 60 : null
	});
	for (const event of events) {
		const link = webLink(event.link);
		calendar.createEvent({
			id: eventUid(event.id),
			sequence: event.sequence,
			// The revision's time, not the download's: the same session reads the same until it changes.
			stamp: new Date(event.updatedAt),
			created: new Date(event.createdAt),
			lastModified: new Date(event.updatedAt),
			start: new Date(event.startsAt),
			end: new Date(event.endsAt),
			summary: event.title,
			description: describe(event),
			location: event.place || link || null,
			url: link,
			organizer: { name: event.trainerName, email: event.trainerEmail },
			status:
				event.status === 'cancelled'
					? ICalEventStatus.CANCELLED
					: event.seat === 'waitlisted'
						? ICalEventStatus.TENTATIVE
						: ICalEventStatus.CONFIRMED
		});
	}
	return calendar.toString();
}

/**
 * The .ics of one session, for its trainer, the people holding a seat in it (waitlist too), and
 * those who manage training (trainers see every session: training/sessions.ts); to anyone else it
 * does not exist (404).
 */
export function downloadSession(actor: Actor, sessionId: number): { filename: string; text: string } {
	const conn = db();
	const session = conn
		.select({ id: trainingSession.id, trainerId: trainingSession.trainerId })
		.from(trainingSession)
		.where(eq(trainingSession.id, sessionId))
		.get();
	const allowed =
		session &&
		actor.user.active &&
		(session.trainerId === actor.user.id ||
			can(actor.user, 'training.manage') ||
			conn
				.select({ userId: sessionSeat.userId })
				.from(sessionSeat)
				.where(and(eq(sessionSeat.sessionId, sessionId), eq(sessionSeat.userId, actor.user.id)))
				.get() !== undefined);
	if (!allowed) error(404, 'Not found');
	const [event] = eventsWhere(conn, eq(trainingSession.id, sessionId), actor.user.id);
	return {
		filename: `training-session-${sessionId}.ics`,
		text: calendarText([event], { name: event.title })
	};
}

// ——— Feeds: a private address per person, its secret held only as a SHA-256 (as sessions are) ———

const TOKEN = /^[a-z2-7]{40}$/;

function newToken(): string {
	const bytes = new Uint8Array(25);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

const hashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/** The path a feed is fetched at; the page makes it absolute with the app's origin. */
export const feedPath = (token: string) => `/calendar/${token}.ics`;

export interface FeedStatus {
	/** When the current address was made; null: none. */
	createdAt: number | null;
}

export function feedStatus(actor: Actor): FeedStatus {
	authorize(actor.user, 'training.read');
	const row = db()
		.select({ createdAt: calendarFeed.createdAt })
		.from(calendarFeed)
		.where(eq(calendarFeed.userId, actor.user.id))
		.get();
	return { createdAt: row?.createdAt ?? null };
}

/**
 * Makes the actor's feed address, replacing the one they had (which stops working at once). Returns
 * its path, the only time the secret is ever shown: only its hash is kept.
 */
export function createFeed(actor: Actor): { path: string; createdAt: number } {
	authorize(actor.user, 'training.read');
	const token = newToken();
	const createdAt = Date.now();
	db().transaction((tx) => {
		const before = tx
			.select({ userId: calendarFeed.userId, createdAt: calendarFeed.createdAt })
			.from(calendarFeed)
			.where(eq(calendarFeed.userId, actor.user.id))
			.get();
		tx.insert(calendarFeed)
			.values({ userId: actor.user.id, secretHash: hashOf(token), createdAt })
			.onConflictDoUpdate({ target: calendarFeed.userId, set: { secretHash: hashOf(token), createdAt } })
			.run();
		recordChange(tx, actor, {
			module: MODULE,
			action: before ? 'update' : 'create',
			entity: 'calendar_feed',
			entityId: actor.user.id,
			before: before ?? null,
			after: { userId: actor.user.id, createdAt },
			summary: before
				? 'Replaced the calendar subscription address'
				: 'Created a calendar subscription address'
		});
	});
	return { path: feedPath(token), createdAt };
}

/** Ends the actor's feed address: calendars subscribed to it get 404 from then on. */
export function revokeFeed(actor: Actor): boolean {
	authorize(actor.user, 'training.read');
	return db().transaction((tx) => {
		const before = tx
			.delete(calendarFeed)
			.where(eq(calendarFeed.userId, actor.user.id))
			.returning({ userId: calendarFeed.userId, createdAt: calendarFeed.createdAt })
			.get();
		if (!before) return false;
		recordChange(tx, actor, {
			module: MODULE,
			action: 'delete',
			entity: 'calendar_feed',
			entityId: actor.user.id,
			before,
			summary: 'Revoked the calendar subscription address'
		});
		return true;
	});
}

/**
 * The feed a token opens: the sessions its person teaches or holds a place in, from
 * FEED_HISTORY_DAYS ago on, cancelled ones included (so calendars strike them out). Undefined for
 * a token that is malformed, unknown or revoked, or whose person is deactivated or may no longer
 * see training.
 */
export function feedFor(token: string, now = Date.now()): string | undefined {
	if (!TOKEN.test(token)) return undefined;
	const conn = db();
	const owner = conn
		.select({
			id: user.id,
			name: user.name,
			active: user.active,
			teamId: user.teamId,
			permissions: role.permissions,
			scope: role.scope,
			canExport: role.canExport
		})
		.from(calendarFeed)
		.innerJoin(user, eq(calendarFeed.userId, user.id))
		.innerJoin(role, eq(user.roleId, role.id))
		.where(eq(calendarFeed.secretHash, hashOf(token)))
		.get();
	if (!owner || !can(owner satisfies Principal, 'training.read')) return undefined;
	return calendarText(feedEvents(conn, owner.id, now - FEED_HISTORY_DAYS * DAY), {
		name: `Training · ${owner.name}`,
		refreshMinutes: 60
	});
}

/** The sessions a person's feed holds that end after `from`: taught by them or with a place of theirs. */
function feedEvents(conn: Conn, userId: number, from: number): SessionEvent[] {
	const mine = or(
		eq(trainingSession.trainerId, userId),
		inArray(
			trainingSession.id,
			conn.select({ id: sessionSeat.sessionId }).from(sessionSeat).where(eq(sessionSeat.userId, userId))
		)
	);
	return eventsWhere(conn, and(mine, gte(trainingSession.endsAt, from)), userId);
}

/** What the actor's feed holds from now on, for their calendar page. */
export function upcomingFeedSessions(actor: Actor, now = Date.now()) {
	authorize(actor.user, 'training.read');
	return feedEvents(db(), actor.user.id, now).map((e) => ({
		id: e.id,
		title: e.title,
		startsAt: e.startsAt,
		endsAt: e.endsAt,
		status: e.status,
		seat: e.seat
	}));
}
