import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, schema } from '$lib/server/db';
import { marksFromForm, take } from '$lib/server/training/attendance';
import { myPlace } from '$lib/server/training/mine';
import { candidates, exportRoster, overdue } from '$lib/server/training/roster';

/** Where the actor stands on the session's waitlist (1 = next for a seat), as the session page says. */
const waitlistPosition = (actor: Parameters<typeof myPlace>[0], sessionId: number) => {
	const place = myPlace(actor, sessionId);
	return place?.status === 'waitlisted' ? place.ahead + 1 : null;
};
import {
	cancel,
	conflicts,
	create,
	detail,
	enrollPerson,
	enrollSelf,
	leaveSelf,
	removePerson,
	schedule,
	update
} from '$lib/server/training/sessions';
import { InvalidInput, Refused } from '$lib/server/validation';
import { toLocalInput } from '$lib/time';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor, makeTeam } from './helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ZONE = 'Europe/Oslo';
let courses = 0;

function makeCourse(owner: Actor, values: Partial<typeof schema.course.$inferInsert> = {}) {
	return db()
		.insert(schema.course)
		.values({
			title: `Course ${++courses}`,
			format: 'classroom',
			durationMinutes: 90,
			required: false,
			audience: { roles: [], teams: [], projectRoles: [], phases: [] },
			ownerId: owner.user.id,
			teamId: owner.user.teamId,
			...values
		})
		.returning()
		.get();
}

/** A whole minute `ms` from now (a datetime-local input holds minutes). */
const inMinutes = (ms: number) => Math.ceil((Date.now() + ms) / MINUTE) * MINUTE;

function form(startsAt: number, endsAt: number, extra: Record<string, string> = {}) {
	return {
		startsAt: toLocalInput(startsAt, ZONE),
		endsAt: toLocalInput(endsAt, ZONE),
		place: 'Room 4.12',
		link: '',
		capacity: '10',
		...extra
	};
}

function session(trainer: Actor, courseId: number, startsIn = 2 * DAY, extra: Record<string, string> = {}) {
	const start = inMinutes(startsIn);
	return create(trainer, courseId, form(start, start + 90 * MINUTE, extra), ZONE);
}

function seats(sessionId: number) {
	return db()
		.select({ userId: schema.sessionSeat.userId, status: schema.sessionSeat.status })
		.from(schema.sessionSeat)
		.where(eq(schema.sessionSeat.sessionId, sessionId))
		.all();
}
const statusOf = (sessionId: number, userId: number) =>
	seats(sessionId).find((s) => s.userId === userId)?.status ?? null;
const noticesOf = (userId: number) =>
	db().select().from(schema.trainingNotice).where(eq(schema.trainingNotice.userId, userId)).all();
const enrollmentOf = (userId: number, courseId: number) =>
	db()
		.select()
		.from(schema.enrollment)
		.where(and(eq(schema.enrollment.userId, userId), eq(schema.enrollment.courseId, courseId)))
		.get();

/** What a domain call threw (or undefined). */
function thrown(run: () => unknown): unknown {
	try {
		run();
	} catch (e) {
		return e;
	}
	return undefined;
}

describe('scheduling a session', () => {
	it('stores the time typed in the viewer’s zone as UTC, and refuses one that ends before it starts', () => {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const course = makeCourse(trainer);
		const start = inMinutes(3 * DAY);
		const s = create(trainer, course.id, form(start, start + HOUR), ZONE);
		expect(s.startsAt).toBe(start);
		expect(s.endsAt).toBe(start + HOUR);
		expect(s.trainerId).toBe(trainer.user.id);
		expect(s.teamId).toBe(trainer.user.teamId);

		const before = db().select().from(schema.trainingSession).all().length;
		const e = thrown(() => create(trainer, course.id, form(start, start - HOUR), ZONE));
		expect(e).toBeInstanceOf(InvalidInput);
		expect((e as InvalidInput).fieldErrors.endsAt).toMatch(/end after it starts/);
		const same = thrown(() => create(trainer, course.id, form(start, start), ZONE));
		expect((same as InvalidInput).fieldErrors.endsAt).toBeDefined();
		expect(db().select().from(schema.trainingSession).all()).toHaveLength(before);
	});

	it('refuses a capacity below the people already enrolled, and keeps the session as it was', () => {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const course = makeCourse(trainer);
		const s = session(trainer, course.id);
		for (const p of [makeActor('rep'), makeActor('rep'), makeActor('rep')])
			enrollPerson(trainer, s.id, p.user.id);
		const e = thrown(() =>
			update(
				trainer,
				s.id,
				{ ...form(s.startsAt, s.endsAt), capacity: '2', trainerId: String(trainer.user.id) },
				s.version,
				ZONE
			)
		);
		expect(e).toBeInstanceOf(InvalidInput);
		expect((e as InvalidInput).fieldErrors.capacity).toMatch(/3 people are enrolled/);
		const stored = db()
			.select()
			.from(schema.trainingSession)
			.where(eq(schema.trainingSession.id, s.id))
			.get()!;
		expect(stored.capacity).toBe(10);
		expect(stored.version).toBe(s.version);
		// Exactly the people enrolled is fine.
		const saved = update(
			trainer,
			s.id,
			{ ...form(s.startsAt, s.endsAt), capacity: '3', trainerId: String(trainer.user.id) },
			s.version,
			ZONE
		);
		expect(saved.capacity).toBe(3);
	});
});

describe('seats and the waitlist', () => {
	it('puts people past capacity on the waitlist and moves the first of them up when a seat frees', () => {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const course = makeCourse(trainer);
		const s = session(trainer, course.id, 2 * DAY, { capacity: '2' });
		const [a, b, c, d] = [makeActor('rep'), makeActor('rep'), makeActor('rep'), makeActor('rep')];
		expect(enrollPerson(trainer, s.id, a.user.id).status).toBe('enrolled');
		expect(enrollPerson(trainer, s.id, b.user.id).status).toBe('enrolled');
		expect(enrollPerson(trainer, s.id, c.user.id).status).toBe('waitlisted');
		expect(enrollPerson(trainer, s.id, d.user.id).status).toBe('waitlisted');
		// Enrolled by the trainer: the course is assigned to them by hand.
		expect(enrollmentOf(c.user.id, course.id)).toMatchObject({ source: 'hand', state: 'in_progress' });
		expect(waitlistPosition(c, s.id)).toBe(1);
		expect(waitlistPosition(d, s.id)).toBe(2);
		expect(waitlistPosition(a, s.id)).toBeNull();

		// A learner gives up their seat: the first on the waitlist has it at once, and is told.
		leaveSelf(a, s.id);
		expect(statusOf(s.id, a.user.id)).toBeNull();
		expect(statusOf(s.id, c.user.id)).toBe('enrolled');
		expect(statusOf(s.id, d.user.id)).toBe('waitlisted');
		expect(waitlistPosition(d, s.id)).toBe(1);
		expect(noticesOf(c.user.id).map((n) => n.text)).toEqual([expect.stringMatching(/seat freed up/)]);
		expect(noticesOf(d.user.id)).toEqual([]);

		// The trainer takes someone out: the next one moves up.
		removePerson(trainer, s.id, b.user.id);
		expect(statusOf(s.id, d.user.id)).toBe('enrolled');

		// More seats move the waitlist up too.
		const e = makeActor('rep');
		expect(enrollPerson(trainer, s.id, e.user.id).status).toBe('waitlisted');
		const current = db()
			.select()
			.from(schema.trainingSession)
			.where(eq(schema.trainingSession.id, s.id))
			.get()!;
		update(
			trainer,
			s.id,
			{ ...form(s.startsAt, s.endsAt), capacity: '3', trainerId: String(trainer.user.id) },
			current.version,
			ZONE
		);
		expect(statusOf(s.id, e.user.id)).toBe('enrolled');
	});

	it('lets a learner with the course take a seat themselves, and nobody else', () => {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const course = makeCourse(trainer);
		const s = session(trainer, course.id);
		const learner = makeActor('rep');
		const stranger = makeActor('rep');
		db()
			.insert(schema.enrollment)
			.values({ userId: learner.user.id, courseId: course.id, source: 'rule', assignedAt: Date.now() })
			.run();
		expect(enrollSelf(learner, s.id).status).toBe('enrolled');
		expect(enrollmentOf(learner.user.id, course.id)?.state).toBe('in_progress');
		expect(detail(learner, s.id).mySeat).toBe('enrolled');
		// The learner sees the session, not its roster.
		expect(detail(learner, s.id).roster).toEqual([]);
		expect(thrown(() => enrollSelf(stranger, s.id))).toMatchObject({ status: 404 });
		expect(thrown(() => detail(stranger, s.id))).toMatchObject({ status: 404 });
	});

	it('offers the trainer the people who still need a seat, and finds anyone by name', () => {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const course = makeCourse(trainer);
		const s = session(trainer, course.id);
		const needs = makeActor('rep');
		const seated = makeActor('rep');
		const other = makeActor('rep');
		for (const p of [needs, seated])
			db()
				.insert(schema.enrollment)
				.values({ userId: p.user.id, courseId: course.id, source: 'rule', assignedAt: Date.now() })
				.run();
		enrollSelf(seated, s.id);
		const offered = candidates(trainer, s.id).map((c) => c.id);
		expect(offered).toContain(needs.user.id);
		expect(offered).not.toContain(seated.user.id);
		expect(offered).not.toContain(other.user.id);
		const found = candidates(trainer, s.id, other.user.name.toUpperCase());
		expect(found).toEqual([expect.objectContaining({ id: other.user.id, assigned: false })]);
		expect(candidates(trainer, s.id, seated.user.email)).toEqual([]);
	});
});

describe('attendance', () => {
	function running() {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const course = makeCourse(trainer);
		// Attendance opens an hour before the start; people are enrolled before it starts.
		const s = session(trainer, course.id, 30 * MINUTE);
		const people = [makeActor('rep'), makeActor('rep'), makeActor('rep')];
		for (const p of people) enrollPerson(trainer, s.id, p.user.id);
		return { trainer, course, s, people };
	}

	it('completes the course at once for present or late, not for excused or absent, and counts both', () => {
		const { trainer, course, s, people } = running();
		const [a, b, c] = people;
		const marks = marksFromForm({
			roster: '1',
			[`mark.${a.user.id}`]: 'present',
			[`remark.${a.user.id}`]: '',
			[`mark.${b.user.id}`]: 'late',
			[`remark.${b.user.id}`]: 'Came at 9:20',
			[`mark.${c.user.id}`]: 'excused',
			[`remark.${c.user.id}`]: 'Sick'
		});
		expect(take(trainer, s.id, marks)).toEqual({ marked: 3, completed: 2 });
		expect(enrollmentOf(a.user.id, course.id)).toMatchObject({
			state: 'completed',
			sessionId: s.id,
			completedBy: trainer.user.id
		});
		expect(enrollmentOf(b.user.id, course.id)?.state).toBe('completed');
		expect(enrollmentOf(c.user.id, course.id)?.state).toBe('in_progress');
		const roster = detail(trainer, s.id).roster;
		expect(roster.find((p) => p.id === b.user.id)?.mark).toMatchObject({
			status: 'late',
			remark: 'Came at 9:20'
		});
		// Saving the same marks again changes nothing.
		expect(take(trainer, s.id, marks)).toEqual({ marked: 0, completed: 0 });
	});

	it('takes a completion back when the mark is corrected to absent', () => {
		const { trainer, course, s, people } = running();
		const [a] = people;
		take(trainer, s.id, [{ userId: String(a.user.id), status: 'present', remark: '' }]);
		expect(enrollmentOf(a.user.id, course.id)?.state).toBe('completed');
		expect(
			take(trainer, s.id, [{ userId: String(a.user.id), status: 'absent', remark: 'Left at once' }])
		).toEqual({
			marked: 1,
			completed: 0
		});
		expect(enrollmentOf(a.user.id, course.id)).toMatchObject({
			state: 'in_progress',
			completedAt: null,
			sessionId: null
		});
	});

	it('refuses marks for someone without a seat, and saves none of the others', () => {
		const { trainer, course, s, people } = running();
		const outsider = makeActor('rep');
		const waiting = makeActor('rep');
		db().update(schema.trainingSession).set({ capacity: 3 }).where(eq(schema.trainingSession.id, s.id)).run();
		expect(enrollPerson(trainer, s.id, waiting.user.id).status).toBe('waitlisted');
		for (const who of [outsider, waiting]) {
			const e = thrown(() =>
				take(trainer, s.id, [
					{ userId: String(people[0].user.id), status: 'present', remark: '' },
					{ userId: String(who.user.id), status: 'present', remark: '' }
				])
			);
			expect(e).toBeInstanceOf(InvalidInput);
			expect((e as InvalidInput).fieldErrors).toEqual({ 'marks.1': expect.stringMatching(/no seat/) });
		}
		expect(db().select().from(schema.attendance).where(eq(schema.attendance.sessionId, s.id)).all()).toEqual(
			[]
		);
		expect(enrollmentOf(people[0].user.id, course.id)?.state).toBe('in_progress');
	});

	it('is refused to a trainer outside the session’s and the course’s scope', () => {
		const { s, people } = running();
		const elsewhere = makeActor('trainer', { teamId: makeTeam() });
		const mark = [{ userId: String(people[0].user.id), status: 'present', remark: '' }];
		expect(thrown(() => take(elsewhere, s.id, mark))).toMatchObject({ status: 404 });
		expect(thrown(() => removePerson(elsewhere, s.id, people[0].user.id))).toMatchObject({ status: 404 });
		expect(thrown(() => cancel(elsewhere, s.id, ''))).toMatchObject({ status: 404 });
		expect(detail(elsewhere, s.id).runs).toBe(false);
		expect(db().select().from(schema.attendance).where(eq(schema.attendance.sessionId, s.id)).all()).toEqual(
			[]
		);
		// A colleague of the trainer's team runs it.
		const colleague = makeActor('trainer', { teamId: s.teamId });
		expect(take(colleague, s.id, mark)).toEqual({ marked: 1, completed: 1 });
	});

	it('does not open a day before the session', () => {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const course = makeCourse(trainer);
		const s = session(trainer, course.id, DAY);
		const p = makeActor('rep');
		enrollPerson(trainer, s.id, p.user.id);
		expect(
			thrown(() => take(trainer, s.id, [{ userId: String(p.user.id), status: 'present', remark: '' }]))
		).toBeInstanceOf(Refused);
	});
});

describe('double bookings', () => {
	it('flag a trainer or a place taken twice at the same time, and nothing else', () => {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const other = makeActor('trainer', { teamId: trainer.user.teamId });
		const course = makeCourse(trainer);
		const base = inMinutes(10 * DAY);
		const at = (offset: number, who: Actor, place: string) =>
			create(
				who,
				course.id,
				form(base + offset, base + offset + HOUR, { place, trainerId: String(who.user.id) }),
				ZONE
			);
		const a = at(0, trainer, 'Room 1');
		const sameTrainer = at(30 * MINUTE, trainer, 'Room 2');
		const samePlace = at(15 * MINUTE, other, '  room 1 ');
		const later = at(HOUR, trainer, 'Room 1'); // starts as a ends: no clash with a
		const found = conflicts(db(), [a.id]);
		expect(found.map((c) => [c.otherId, c.kind])).toEqual([
			[samePlace.id, 'place'],
			[sameTrainer.id, 'trainer']
		]);
		expect(conflicts(db(), [later.id]).map((c) => c.otherId)).toEqual([samePlace.id, sameTrainer.id]);
		// The schedule carries the flags; a cancelled session clashes with nothing.
		const { conflicts: flags } = schedule(trainer, { all: true });
		expect(flags.some((c) => c.sessionId === a.id && c.otherId === sameTrainer.id)).toBe(true);
		cancel(trainer, sameTrainer.id, '');
		expect(conflicts(db(), [a.id]).map((c) => c.otherId)).toEqual([samePlace.id]);
		expect(conflicts(db(), [sameTrainer.id])).toEqual([]);
	});
});

describe('cancelling and moving', () => {
	it('tells everyone in the session, seated or waiting, and raises the calendar sequence', () => {
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const course = makeCourse(trainer, { title: 'Pipeline basics' });
		const s = session(trainer, course.id, 2 * DAY, { capacity: '1' });
		const seated = makeActor('rep');
		const waiting = makeActor('rep');
		const outsider = makeActor('rep');
		enrollPerson(trainer, s.id, seated.user.id);
		enrollPerson(trainer, s.id, waiting.user.id);

		const start = s.startsAt + DAY;
		const moved = update(
			trainer,
			s.id,
			{ ...form(start, start + HOUR), capacity: '1', trainerId: String(trainer.user.id) },
			s.version,
			ZONE
		);
		expect(moved.sequence).toBe(s.sequence + 1);
		for (const p of [seated, waiting])
			expect(noticesOf(p.user.id).map((n) => n.text)).toEqual([expect.stringMatching(/moved to/)]);

		const cancelled = cancel(trainer, s.id, 'The trainer is ill');
		expect(cancelled.status).toBe('cancelled');
		expect(cancelled.sequence).toBe(moved.sequence + 1);
		for (const p of [seated, waiting]) {
			const texts = noticesOf(p.user.id).map((n) => n.text);
			expect(texts).toHaveLength(2);
			expect(texts[1]).toMatch(/“Pipeline basics”.*is cancelled: The trainer is ill/);
		}
		expect(noticesOf(outsider.user.id)).toEqual([]);
		// Nobody joins a cancelled session; editing it is refused.
		expect(thrown(() => enrollPerson(trainer, s.id, outsider.user.id))).toBeInstanceOf(Refused);
		expect(
			thrown(() => update(trainer, s.id, form(start, start + HOUR), cancelled.version, ZONE))
		).toBeInstanceOf(Refused);
	});
});

describe('the roster export', () => {
	it('needs the export permission and the session, neutralises formulas, and is audited', async () => {
		const team = makeTeam();
		const trainer = makeActor('trainer', { teamId: team });
		const admin = makeActor('admin');
		const course = makeCourse(trainer);
		const s = session(trainer, course.id, 30 * MINUTE, { capacity: '1' });
		const sly = makeActor('rep', { teamId: team });
		db()
			.update(schema.user)
			.set({ name: '=HYPERLINK("http://evil.example","x")' })
			.where(eq(schema.user.id, sly.user.id))
			.run();
		const waiting = makeActor('rep');
		enrollPerson(trainer, s.id, sly.user.id);
		enrollPerson(trainer, s.id, waiting.user.id);
		take(trainer, s.id, [{ userId: String(sly.user.id), status: 'late', remark: '+1 guest' }]);

		// The built-in trainer role may not export.
		await expect(exportRoster(trainer, s.id, 'csv')).rejects.toMatchObject({ status: 403 });
		const rep = makeActor('rep');
		await expect(
			exportRoster({ ...rep, user: { ...rep.user, canExport: true } }, s.id, 'csv')
		).rejects.toMatchObject({
			status: 403
		});
		const mayExport = { ...trainer, user: { ...trainer.user, canExport: true } };
		const elsewhere = makeActor('trainer', { teamId: makeTeam() });
		await expect(
			exportRoster({ ...elsewhere, user: { ...elsewhere.user, canExport: true } }, s.id, 'csv')
		).rejects.toMatchObject({
			status: 404
		});

		const csv = await exportRoster(mayExport, s.id, 'csv');
		expect(csv.filename).toMatch(new RegExp(`^roster-session-${s.id}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
		const text = String(csv.body);
		expect(text.startsWith('\uFEFF')).toBe(true);
		const rows = Papa.parse<string[]>(text.slice(1).trim()).data;
		expect(rows[0]).toEqual(['Name', 'Email', 'Team', 'Seat', 'Attendance', 'Remark']);
		expect(rows[1][0]).toBe(`'=HYPERLINK("http://evil.example","x")`);
		expect(rows[1].slice(3)).toEqual(['Enrolled', 'Late', `'+1 guest`]);
		expect(rows[2]).toEqual([waiting.user.name, waiting.user.email, '', 'Waitlisted', '', '']);

		const xlsx = await exportRoster(admin, s.id, 'xlsx');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((xlsx.body as Uint8Array<ArrayBuffer>).buffer);
		const cell = book.getWorksheet('Roster')!.getRow(2).getCell(1);
		expect(cell.type).toBe(ExcelJS.ValueType.String);
		expect(cell.value).toBe('=HYPERLINK("http://evil.example","x")');

		const audits = db()
			.select()
			.from(schema.auditLog)
			.where(and(eq(schema.auditLog.action, 'export'), eq(schema.auditLog.entity, 'training_session')))
			.all();
		expect(audits.map((a) => [a.userId, a.entityId, a.after])).toEqual([
			[trainer.user.id, String(s.id), { format: 'csv', rows: 2, sessionId: s.id }],
			[admin.user.id, String(s.id), { format: 'xlsx', rows: 2, sessionId: s.id }]
		]);
	});
});

describe('overdue people', () => {
	it('lists open assignments past due, for trainers everyone and for a manager the team', () => {
		const team = makeTeam();
		const otherTeam = makeTeam();
		const trainer = makeActor('trainer', { teamId: makeTeam() });
		const manager = makeActor('manager', { teamId: team });
		const rep = makeActor('rep', { teamId: team });
		const late = makeActor('rep', { teamId: team });
		const elsewhere = makeActor('rep', { teamId: otherTeam });
		const done = makeActor('rep', { teamId: team });
		const course = makeCourse(trainer);
		const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
		const assign = (who: Actor, dueDate: string, state: 'assigned' | 'completed' = 'assigned') =>
			db()
				.insert(schema.enrollment)
				.values({
					userId: who.user.id,
					courseId: course.id,
					source: 'rule',
					assignedAt: Date.now(),
					dueDate,
					state
				})
				.run();
		assign(late, day(-3));
		assign(elsewhere, day(-10));
		assign(done, day(-10), 'completed');
		assign(rep, day(5));

		const all = overdue(trainer, { courseId: course.id });
		expect(all.map((r) => [r.userId, r.daysOverdue])).toEqual([
			[elsewhere.user.id, 10],
			[late.user.id, 3]
		]);
		expect(overdue(trainer, { courseId: course.id, teamId: team }).map((r) => r.userId)).toEqual([
			late.user.id
		]);
		expect(overdue(manager, { courseId: course.id }).map((r) => r.userId)).toEqual([late.user.id]);
		expect(thrown(() => overdue(rep))).toMatchObject({ status: 403 });
	});
});
