import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, schema } from '$lib/server/db';
import { take } from '$lib/server/training/attendance';
import { confirm, markDone } from '$lib/server/training/completion';
import { create as createCourse, update as updateCourse, formOf } from '$lib/server/training/courses';
import { dismissNotice, homeCard, myPlace, myTraining, notices } from '$lib/server/training/mine';
import * as sessions from '$lib/server/training/sessions';
import { toLocalInput } from '$lib/time';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor, makeTeam } from './helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let n = 0;

/** A required course aimed at one team (so that each test's learners are its own). */
function course(trainer: Actor, teamId: number, fields: Record<string, unknown> = {}) {
	return createCourse(trainer, {
		title: `Course ${++n}`,
		format: 'self_paced',
		durationMinutes: '45',
		required: 'on',
		teams: [String(teamId)],
		dueDays: '14',
		completion: 'learner',
		...fields
	}).course;
}

function session(trainer: Actor, courseId: number, startsIn: number, capacity = 10, place = `Room ${++n}`) {
	const start = Date.now() + startsIn;
	return sessions.create(
		trainer,
		courseId,
		{
			startsAt: toLocalInput(start, 'UTC'),
			endsAt: toLocalInput(start + 2 * HOUR, 'UTC'),
			place,
			capacity: String(capacity)
		},
		'UTC'
	);
}

/** A due date in the past (the rule never gives one, so it is set directly). */
function setDue(courseId: number, dueDate: string, userId?: number) {
	db()
		.update(schema.enrollment)
		.set({ dueDate })
		.where(
			and(eq(schema.enrollment.courseId, courseId), userId ? eq(schema.enrollment.userId, userId) : undefined)
		)
		.run();
}

const todoOf = (actor: Actor, courseId: number) =>
	myTraining(actor).todo.find((t) => t.courseId === courseId);

function status404(run: () => unknown) {
	try {
		run();
	} catch (e) {
		return (e as { status?: number }).status;
	}
	return undefined;
}

describe('my training', () => {
	it('lists my assigned courses with due date, state and the prerequisites to complete first', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const basics = course(trainer, team, { title: 'CRM basics', required: '' });
		const advanced = course(trainer, team, {
			title: 'Pipeline reviews',
			prerequisites: [String(basics.id)],
			passMark: '70'
		});

		const mine = myTraining(rep);
		// The optional course is not assigned by the rule; the required one is, due in 14 days.
		expect(mine.todo.map((t) => t.title)).toEqual(['Pipeline reviews']);
		const [item] = mine.todo;
		expect(item).toMatchObject({
			courseId: advanced.id,
			format: 'self_paced',
			durationMinutes: 45,
			state: 'assigned',
			overdue: false,
			daysLeft: 14,
			passMark: 70,
			sessions: null,
			completeFirst: ['CRM basics']
		});
		expect(mine.sessions).toEqual([]);
		expect(mine.history).toEqual([]);
	});

	it('marks what is overdue, sorts it first and counts it on the home card', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const later = course(trainer, team, { title: 'Later course', dueDays: '30' });
		const late = course(trainer, team, { title: 'Late course' });
		const none = course(trainer, team, { title: 'No date course', dueDays: '' });
		setDue(late.id, '2020-01-10');

		const { todo } = myTraining(rep);
		expect(todo.map((t) => t.courseId)).toEqual([late.id, later.id, none.id]);
		expect(todo[0]).toMatchObject({ overdue: true, dueDate: '2020-01-10' });
		expect(todo[0].daysLeft).toBeLessThan(0);
		expect(todo[2]).toMatchObject({ overdue: false, dueDate: null, daysLeft: null });

		const card = homeCard(rep);
		expect(card).toMatchObject({ open: 3, overdue: 1, awaiting: 0, nextSession: null });
		expect(card.nextDue).toEqual({ title: 'Late course', dueDate: '2020-01-10', overdue: true });
	});

	it('shows only my own enrollments, whoever else shares the course', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const other = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const c = course(trainer, team);
		setDue(c.id, '2020-01-01', other.user.id);
		const done = myTraining(other).todo[0];
		markDone(other, done.enrollmentId, {});

		expect(myTraining(rep).todo.map((t) => t.enrollmentId)).not.toContain(done.enrollmentId);
		expect(myTraining(rep).history).toEqual([]);
		expect(homeCard(rep)).toMatchObject({ open: 1, overdue: 0 });
		// The trainer has no enrollment of their own: their page is empty, not everyone's.
		expect(myTraining(trainer).todo).toEqual([]);
	});

	it('offers the sessions to come of a session course, with seats left, my place and the waitlist ahead', () => {
		const team = makeTeam();
		const [a, b, c] = [1, 2, 3].map(() => makeActor('rep', { teamId: team }));
		const trainer = makeActor('trainer');
		const classroom = course(trainer, team, { format: 'classroom' });
		const small = session(trainer, classroom.id, 3 * DAY, 1);
		const big = session(trainer, classroom.id, 5 * DAY, 10);

		const before = todoOf(a, classroom.id)!;
		expect(before.sessions!.map((s) => [s.id, s.seatsLeft, s.mine])).toEqual([
			[small.id, 1, null],
			[big.id, 10, null]
		]);

		expect(sessions.enrollSelf(a, small.id).status).toBe('enrolled');
		expect(sessions.enrollSelf(b, small.id).status).toBe('waitlisted');
		expect(sessions.enrollSelf(c, small.id).status).toBe('waitlisted');
		expect(myPlace(a, small.id)).toEqual({ status: 'enrolled', ahead: 0 });
		expect(myPlace(c, small.id)).toEqual({ status: 'waitlisted', ahead: 1 });
		expect(myPlace(a, big.id)).toBeNull();

		const mineA = myTraining(a);
		const itemA = mineA.todo.find((t) => t.courseId === classroom.id)!;
		expect(itemA.state).toBe('in_progress');
		expect(itemA.sessions!.find((s) => s.id === small.id)).toMatchObject({
			seatsLeft: 0,
			waitlisted: 2,
			mine: 'enrolled',
			ahead: null
		});
		expect(mineA.sessions).toMatchObject([
			{ id: small.id, courseTitle: classroom.title, seat: 'enrolled', status: 'scheduled' }
		]);
		expect(myTraining(c).sessions).toMatchObject([{ id: small.id, seat: 'waitlisted', ahead: 1 }]);
		expect(homeCard(a).nextSession).toMatchObject({ id: small.id, seat: 'enrolled' });

		// Leaving gives the seat to the first on the waitlist; the next one moves up.
		sessions.leaveSelf(a, small.id);
		expect(myTraining(a).sessions).toEqual([]);
		expect(myPlace(b, small.id)).toEqual({ status: 'enrolled', ahead: 0 });
		expect(myPlace(c, small.id)).toEqual({ status: 'waitlisted', ahead: 0 });

		// Taking another session of the course moves the place there.
		sessions.enrollSelf(c, big.id);
		expect(myTraining(c).sessions.map((s) => s.id)).toEqual([big.id]);
	});

	it('says when my session was cancelled, and leaves it out of the sessions to choose', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const live = course(trainer, team, { format: 'live_online' });
		const s = session(trainer, live.id, 2 * DAY);
		const other = session(trainer, live.id, 4 * DAY);
		sessions.enrollSelf(rep, s.id);
		sessions.cancel(trainer, s.id, 'The trainer is ill');

		const mine = myTraining(rep);
		const item = mine.todo.find((t) => t.courseId === live.id)!;
		expect(item.cancelled).toBe(true);
		expect(item.sessions!.map((x) => x.id)).toEqual([other.id]);
		expect(mine.sessions).toMatchObject([{ id: s.id, status: 'cancelled' }]);
		expect(homeCard(rep).nextSession).toBeNull();
	});

	it('keeps completed and withdrawn courses as history, with how each ended', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const self = course(trainer, team, { title: 'Done alone' });
		const confirmed = course(trainer, team, { title: 'Confirmed by trainer', completion: 'trainer' });
		const attended = course(trainer, team, { title: 'Attended', format: 'classroom' });
		const dropped = course(trainer, team, { title: 'Dropped' });

		const id = (courseId: number) => todoOf(rep, courseId)!.enrollmentId;
		expect(markDone(rep, id(self.id), {}).answer).toBe('completed');
		expect(markDone(rep, id(confirmed.id), {}).answer).toBe('submitted');
		const waiting = todoOf(rep, confirmed.id)!;
		expect(waiting.submittedAt).not.toBeNull();
		expect(homeCard(rep)).toMatchObject({ awaiting: 1 });
		confirm(trainer, waiting.enrollmentId);

		const s = session(trainer, attended.id, 30 * 60_000);
		sessions.enrollSelf(rep, s.id);
		take(trainer, s.id, [{ userId: rep.user.id, status: 'present', remark: '' }]);

		// Aiming the course elsewhere withdraws the open assignment.
		updateCourse(trainer, dropped.id, { ...formOf(dropped), teams: [String(makeTeam())] }, dropped.version);

		const mine = myTraining(rep);
		expect(mine.todo).toEqual([]);
		const byTitle = Object.fromEntries(mine.history.map((h) => [h.title, h]));
		expect(byTitle['Done alone']).toMatchObject({ state: 'completed', how: { kind: 'self' } });
		expect(byTitle['Confirmed by trainer']).toMatchObject({
			state: 'completed',
			how: { kind: 'confirmed', by: trainer.user.name }
		});
		expect(byTitle['Attended']).toMatchObject({
			state: 'completed',
			how: { kind: 'attended', sessionStartsAt: s.startsAt }
		});
		expect(byTitle['Dropped']).toMatchObject({ state: 'withdrawn', how: { kind: 'withdrawn' } });
		expect(mine.history.every((h) => h.at !== null)).toBe(true);
		expect(homeCard(rep)).toMatchObject({ open: 0, overdue: 0, nextDue: null });
	});

	it('tells me about a missed session of an open course', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const c = course(trainer, team, { format: 'classroom' });
		const s = session(trainer, c.id, 30 * 60_000);
		sessions.enrollSelf(rep, s.id);
		// Not yet past: nothing missed.
		expect(todoOf(rep, c.id)!.missed).toBeNull();
		take(trainer, s.id, [{ userId: rep.user.id, status: 'absent', remark: '' }]);
		db()
			.update(schema.trainingSession)
			.set({ startsAt: Date.now() - 3 * HOUR, endsAt: Date.now() - HOUR })
			.where(eq(schema.trainingSession.id, s.id))
			.run();
		expect(todoOf(rep, c.id)!.missed).toEqual({ startsAt: expect.any(Number), mark: 'absent' });
		expect(myTraining(rep).sessions).toEqual([]);
	});

	it('refuses to mark a score below the pass mark as done, and keeps the score', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const c = course(trainer, team, { passMark: '70' });
		const item = todoOf(rep, c.id)!;
		expect(markDone(rep, item.enrollmentId, { score: '55' }).answer).toBe('below_pass_mark');
		expect(todoOf(rep, c.id)).toMatchObject({ state: 'in_progress', score: 55, passMark: 70 });
		expect(markDone(rep, item.enrollmentId, { score: '80' }).answer).toBe('completed');
		expect(myTraining(rep).history).toMatchObject([{ courseId: c.id, score: 80 }]);
	});
});

describe('training notices', () => {
	it('shows the people in a moved or cancelled session a notice, dismissed only by its owner', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const other = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const c = course(trainer, team, { format: 'classroom', title: 'Notice course' });
		const s = session(trainer, c.id, 3 * DAY, 10, 'Room A');
		sessions.enrollSelf(rep, s.id);
		expect(notices(rep)).toEqual({ rows: [], total: 0 });

		const moved = sessions.update(
			trainer,
			s.id,
			{
				startsAt: toLocalInput(s.startsAt + DAY, 'UTC'),
				endsAt: toLocalInput(s.endsAt + DAY, 'UTC'),
				place: 'Room B',
				capacity: '10'
			},
			s.version,
			'UTC'
		);
		sessions.cancel(trainer, s.id, 'Room closed');

		const mine = notices(rep);
		expect(mine.total).toBe(2);
		expect(mine.rows[0]).toMatchObject({
			sessionId: s.id,
			courseTitle: 'Notice course',
			status: 'cancelled',
			startsAt: moved.startsAt
		});
		expect(mine.rows[0].text).toContain('cancelled');
		expect(mine.rows[0].text).toContain('Room closed');
		expect(mine.rows[1].text).toContain('Room B');
		expect(notices(other).total).toBe(0);

		// Someone else's notice, or one that does not exist, is not found; nothing changes.
		expect(status404(() => dismissNotice(other, mine.rows[0].id))).toBe(404);
		expect(status404(() => dismissNotice(rep, 999_999))).toBe(404);
		expect(notices(rep).total).toBe(2);

		dismissNotice(rep, mine.rows[0].id);
		expect(notices(rep).rows.map((r) => r.id)).toEqual([mine.rows[1].id]);
		// Dismissing again is harmless.
		dismissNotice(rep, mine.rows[0].id);
		expect(notices(rep).total).toBe(1);
		const row = db()
			.select()
			.from(schema.trainingNotice)
			.where(eq(schema.trainingNotice.id, mine.rows[0].id))
			.get()!;
		expect(row.readAt).not.toBeNull();
	});

	it('tells the person moved up from the waitlist', () => {
		const team = makeTeam();
		const first = makeActor('rep', { teamId: team });
		const second = makeActor('rep', { teamId: team });
		const trainer = makeActor('trainer');
		const c = course(trainer, team, { format: 'classroom' });
		const s = session(trainer, c.id, 3 * DAY, 1);
		sessions.enrollSelf(first, s.id);
		sessions.enrollSelf(second, s.id);
		sessions.leaveSelf(first, s.id);
		expect(notices(second).rows).toMatchObject([{ sessionId: s.id, status: 'scheduled' }]);
		expect(notices(first).total).toBe(0);
	});
});
