import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, schema } from '$lib/server/db';
import {
	calendarText,
	createFeed,
	downloadSession,
	eventUid,
	feedFor,
	feedStatus,
	revokeFeed,
	sessionEvents,
	upcomingFeedSessions
} from '$lib/server/training/calendar';
import { makeActor, makeTeam } from './helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let courses = 0;

function makeCourse(ownerId: number, title = `Course ${++courses}`) {
	return db()
		.insert(schema.course)
		.values({
			title,
			description: 'Pipeline basics, with a line\nbreak, a comma; and a semicolon',
			format: 'classroom',
			durationMinutes: 90,
			audience: { roles: [], teams: [], projectRoles: [], phases: [] },
			ownerId
		})
		.returning()
		.get();
}

function makeSession(
	courseId: number,
	trainerId: number,
	values: Partial<typeof schema.trainingSession.$inferInsert> = {}
) {
	const startsAt = values.startsAt ?? Date.UTC(2030, 2, 14, 9, 30);
	return db()
		.insert(schema.trainingSession)
		.values({ courseId, trainerId, startsAt, endsAt: startsAt + 90 * 60_000, capacity: 10, ...values })
		.returning()
		.get();
}

function seat(sessionId: number, userId: number, status: 'enrolled' | 'waitlisted' = 'enrolled') {
	db().insert(schema.sessionSeat).values({ sessionId, userId, status, requestedAt: Date.now() }).run();
}

/** Parses with ical.js (a parser independent of the generator) and returns the calendar and its events. */
function parse(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	return { calendar, events: calendar.getAllSubcomponents('vevent') };
}
const prop = (event: ICAL.Component, name: string) => event.getFirstPropertyValue(name);
const uids = (text: string) => parse(text).events.map((e) => prop(e, 'uid'));
const tokenOf = (path: string) => /^\/calendar\/([a-z2-7]+)\.ics$/.exec(path)![1];

describe('session events', () => {
	it('keep their UID across changes, raise SEQUENCE, and are cancelled, not removed', () => {
		const trainer = makeActor('trainer');
		const course = makeCourse(trainer.user.id, 'Pipeline basics, part 1');
		const session = makeSession(course.id, trainer.user.id, {
			place: 'Room 4.12; Oslo',
			link: 'https://meet.example.com/abc?x=1'
		});

		const first = parse(calendarText(sessionEvents(db(), [session.id]), { name: 'One' }));
		expect(prop(first.calendar, 'method')).toBe('PUBLISH');
		expect(prop(first.calendar, 'version')).toBe('2.0');
		expect(first.events).toHaveLength(1);
		const [event] = first.events;
		expect(prop(event, 'uid')).toBe(`training-session-${session.id}@uptake`);
		expect(prop(event, 'uid')).toBe(eventUid(session.id));
		expect(prop(event, 'sequence')).toBe(0);
		expect(prop(event, 'status')).toBe('CONFIRMED');
		expect(prop(event, 'summary')).toBe('Pipeline basics, part 1');
		expect(prop(event, 'location')).toBe('Room 4.12; Oslo');
		expect(prop(event, 'url')).toBe('https://meet.example.com/abc?x=1');
		expect(String(prop(event, 'description'))).toContain('Join: https://meet.example.com/abc?x=1');
		expect(String(prop(event, 'description'))).toContain('a line\nbreak, a comma; and a semicolon');
		expect(String(prop(event, 'organizer'))).toBe(`mailto:${trainer.user.email}`);
		// UTC: the parser reads a Z time, and it is the stored instant.
		const start = prop(event, 'dtstart') as ICAL.Time;
		const end = prop(event, 'dtend') as ICAL.Time;
		expect(start.zone?.tzid).toBe('UTC');
		expect(start.toJSDate().getTime()).toBe(session.startsAt);
		expect(end.toJSDate().getTime()).toBe(session.endsAt);
		const text = calendarText(sessionEvents(db(), [session.id]), { name: 'One' });
		expect(text).toMatch(/^DTSTART:20300314T093000Z\r$/m);

		// Moved (the session's write raises the sequence): the same event, a later revision.
		db()
			.update(schema.trainingSession)
			.set({
				startsAt: session.startsAt + DAY,
				endsAt: session.endsAt + DAY,
				sequence: 1,
				updatedAt: Date.now() + 1000
			})
			.where(eq(schema.trainingSession.id, session.id))
			.run();
		const [moved] = parse(calendarText(sessionEvents(db(), [session.id]), { name: 'One' })).events;
		expect(prop(moved, 'uid')).toBe(prop(event, 'uid'));
		expect(prop(moved, 'sequence')).toBe(1);
		expect((prop(moved, 'dtstart') as ICAL.Time).toJSDate().getTime()).toBe(session.startsAt + DAY);
		expect((prop(moved, 'dtstamp') as ICAL.Time).compare(prop(event, 'dtstamp') as ICAL.Time)).toBe(1);

		// Cancelled: still there, same UID, marked cancelled.
		db()
			.update(schema.trainingSession)
			.set({ status: 'cancelled', sequence: 2 })
			.where(eq(schema.trainingSession.id, session.id))
			.run();
		const [cancelled] = parse(calendarText(sessionEvents(db(), [session.id]), { name: 'One' })).events;
		expect(prop(cancelled, 'uid')).toBe(prop(event, 'uid'));
		expect(prop(cancelled, 'sequence')).toBe(2);
		expect(prop(cancelled, 'status')).toBe('CANCELLED');
	});

	it('show a meeting link as the location when there is no place, and drop links that are not web links', () => {
		const trainer = makeActor('trainer');
		// Long Unicode text is folded by octets and reads back whole.
		const course = makeCourse(
			trainer.user.id,
			'Quy trình bán hàng — Nguyễn Thị Minh Khai, 販売パイプライン基礎, Продажи (ஆரம்ப நிலை) 🚀'
		);
		const online = makeSession(course.id, trainer.user.id, { link: 'https://meet.example.com/xyz' });
		const odd = makeSession(course.id, trainer.user.id, { link: 'javascript:alert(1)' });
		const [a, b] = parse(calendarText(sessionEvents(db(), [online.id, odd.id]), { name: 'x' })).events;
		expect(prop(a, 'summary')).toBe(course.title);
		expect(prop(a, 'location')).toBe('https://meet.example.com/xyz');
		expect(prop(b, 'location')).toBeNull();
		expect(prop(b, 'url')).toBeNull();
		expect(String(prop(b, 'description'))).not.toContain('javascript');
	});
});

describe('downloading one session', () => {
	it('is for its trainer, the people in it and those managing training; a 404 to anyone else', () => {
		const team = makeTeam();
		const trainer = makeActor('trainer', { teamId: team });
		const colleague = makeActor('trainer', { teamId: team });
		const otherTrainer = makeActor('trainer', { teamId: makeTeam() });
		const admin = makeActor('admin');
		const learner = makeActor('rep');
		const waiting = makeActor('rep');
		const stranger = makeActor('rep');
		const course = makeCourse(trainer.user.id);
		const session = makeSession(course.id, trainer.user.id, { teamId: team });
		seat(session.id, learner.user.id);
		seat(session.id, waiting.user.id, 'waitlisted');

		for (const actor of [trainer, colleague, otherTrainer, admin, learner]) {
			const { filename, text } = downloadSession(actor, session.id);
			expect(filename).toBe(`training-session-${session.id}.ics`);
			expect(uids(text)).toEqual([eventUid(session.id)]);
		}
		const [tentative] = parse(downloadSession(waiting, session.id).text).events;
		expect(prop(tentative, 'status')).toBe('TENTATIVE');
		const deactivated = { ...learner, user: { ...learner.user, active: false } };
		for (const actor of [stranger, deactivated])
			expect(() => downloadSession(actor, session.id)).toThrow(expect.objectContaining({ status: 404 }));
		expect(() => downloadSession(admin, 999_999)).toThrow(expect.objectContaining({ status: 404 }));
	});
});

describe('calendar feeds', () => {
	it('hold the person’s own sessions, taught or attended, recent and cancelled ones too', () => {
		const trainer = makeActor('trainer');
		const learner = makeActor('rep');
		const other = makeActor('rep');
		const course = makeCourse(trainer.user.id);
		const now = Date.now();
		const upcoming = makeSession(course.id, trainer.user.id, { startsAt: now + 3 * DAY });
		const cancelled = makeSession(course.id, trainer.user.id, {
			startsAt: now + 5 * DAY,
			status: 'cancelled',
			sequence: 1
		});
		const recent = makeSession(course.id, trainer.user.id, { startsAt: now - 30 * DAY });
		const old = makeSession(course.id, trainer.user.id, { startsAt: now - 120 * DAY });
		const waitlisted = makeSession(course.id, trainer.user.id, { startsAt: now + 7 * DAY });
		const notMine = makeSession(course.id, trainer.user.id, { startsAt: now + 4 * DAY });
		for (const s of [upcoming, cancelled, recent, old]) seat(s.id, learner.user.id);
		seat(waitlisted.id, learner.user.id, 'waitlisted');
		seat(notMine.id, other.user.id);

		expect(feedStatus(learner)).toEqual({ createdAt: null });
		const created = createFeed(learner);
		expect(feedStatus(learner)).toEqual({ createdAt: created.createdAt });
		const text = feedFor(tokenOf(created.path))!;
		const { calendar, events } = parse(text);
		expect(prop(calendar, 'method')).toBe('PUBLISH');
		expect(prop(calendar, 'x-wr-calname')).toBe(`Training · ${learner.user.name}`);
		expect(events.map((e) => prop(e, 'uid'))).toEqual(
			[recent, upcoming, cancelled, waitlisted].map((s) => eventUid(s.id))
		);
		const byUid = new Map(events.map((e) => [prop(e, 'uid'), e]));
		expect(prop(byUid.get(eventUid(cancelled.id))!, 'status')).toBe('CANCELLED');
		expect(prop(byUid.get(eventUid(cancelled.id))!, 'sequence')).toBe(1);
		expect(prop(byUid.get(eventUid(waitlisted.id))!, 'status')).toBe('TENTATIVE');
		expect(prop(byUid.get(eventUid(upcoming.id))!, 'status')).toBe('CONFIRMED');
		// Fetched twice, the feed reads the same: nothing in it changes with the time of the request.
		expect(feedFor(tokenOf(created.path))).toBe(text);

		// The trainer's feed holds what they teach, recent and to come.
		const trainerFeed = feedFor(tokenOf(createFeed(trainer).path))!;
		expect(uids(trainerFeed)).toEqual(
			[recent, upcoming, notMine, cancelled, waitlisted].map((s) => eventUid(s.id))
		);

		// The page lists what is to come.
		expect(upcomingFeedSessions(learner).map((s) => s.id)).toEqual([
			upcoming.id,
			cancelled.id,
			waitlisted.id
		]);
	});

	it('open only with their current secret: a guessed, replaced or revoked one opens nothing', () => {
		const person = makeActor('rep');
		expect(feedFor('')).toBeUndefined();
		expect(feedFor('a'.repeat(40))).toBeUndefined();
		expect(feedFor('../../etc/passwd')).toBeUndefined();

		const first = tokenOf(createFeed(person).path);
		expect(first).toMatch(/^[a-z2-7]{40}$/);
		expect(feedFor(first)).toContain('BEGIN:VCALENDAR');
		const second = tokenOf(createFeed(person).path);
		expect(second).not.toBe(first);
		expect(feedFor(first)).toBeUndefined();
		expect(parse(feedFor(second)!).events).toEqual([]);

		// Only the hash is stored.
		const stored = db()
			.select()
			.from(schema.calendarFeed)
			.where(eq(schema.calendarFeed.userId, person.user.id))
			.get()!;
		expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
		expect(stored.secretHash).not.toContain(second);

		expect(revokeFeed(person)).toBe(true);
		expect(feedFor(second)).toBeUndefined();
		expect(feedStatus(person)).toEqual({ createdAt: null });
		expect(revokeFeed(person)).toBe(false);

		// The audit log says who made, replaced and revoked an address, and never holds its secret.
		const rows = db()
			.select()
			.from(schema.auditLog)
			.where(eq(schema.auditLog.entity, 'calendar_feed'))
			.all()
			.filter((r) => r.entityId === String(person.user.id));
		expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
		const logged = JSON.stringify(rows);
		for (const secret of [first, second, stored.secretHash]) expect(logged).not.toContain(secret);
		expect(logged).not.toMatch(/secret|hash|token/i);
	});

	it('close when their person is deactivated', () => {
		const person = makeActor('rep');
		const token = tokenOf(createFeed(person).path);
		expect(feedFor(token)).toBeDefined();
		db().update(schema.user).set({ active: false }).where(eq(schema.user.id, person.user.id)).run();
		expect(feedFor(token)).toBeUndefined();
	});

	it('are a person’s own: feed actions need training access', () => {
		const person = makeActor('rep');
		const noTraining = { ...person, user: { ...person.user, permissions: ['crm.read'] } };
		expect(() => createFeed(noTraining)).toThrow(expect.objectContaining({ status: 403 }));
		expect(() => feedStatus(noTraining)).toThrow(expect.objectContaining({ status: 403 }));
	});
});
