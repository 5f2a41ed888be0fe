import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db, schema } from '$lib/server/db';
import { runDueJobs } from '$lib/server/jobs';
import { MERGE_WINDOW_MS, notify } from '$lib/server/notifications';
import { inbox, markAllRead, markRead, unreadCount } from '$lib/server/notifications/inbox';
import { preferences, savePreferences } from '$lib/server/notifications/prefs';
import {
	remindOverdueTraining,
	remindRiskReviews,
	scheduleRecurring,
	sendDigests
} from '$lib/server/notifications/scheduled';
import * as changes from '$lib/server/rollout/changes';
import * as phases from '$lib/server/rollout/phases';
import { addDays, today } from '$lib/server/rollout/dates';
import { reconcileCourse } from '$lib/server/training/assignment';
import { assignByHand } from '$lib/server/training/courses';
import {
	cancel,
	create as createSession,
	enrollPerson,
	update as updateSession
} from '$lib/server/training/sessions';
import { InvalidInput } from '$lib/server/validation';
import { toLocalInput } from '$lib/time';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor } from './helpers';

const { notification, mailOutbox, job, notificationPref } = schema;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rowsOf(userId: number) {
	return db()
		.select()
		.from(notification)
		.where(eq(notification.userId, userId))
		.orderBy(notification.id)
		.all();
}
function mailTo(userId: number) {
	return db().select().from(mailOutbox).where(eq(mailOutbox.userId, userId)).all();
}
function send(
	userIds: number[],
	kind: Parameters<typeof notify>[1]['kind'],
	extra: Partial<Parameters<typeof notify>[1]> = {}
) {
	db().transaction((tx) => notify(tx, { userIds, kind, params: { course: 'CRM basics' }, ...extra }));
}
/** Every choice the preferences form sends, with some changed. */
function prefsForm(changed: Record<string, string | undefined>) {
	const form: Record<string, string> = {};
	for (const row of preferences(makeActor('rep')).rows) {
		if (row.mandatory) continue;
		if (row.inApp) form[`app:${row.kind}`] = 'on';
		form[`mail:${row.kind}`] = row.email;
	}
	for (const [k, v] of Object.entries(changed)) {
		if (v === undefined) delete form[k];
		else form[k] = v;
	}
	return form;
}

beforeEach(() => {
	process.env.SMTP_URL = 'smtp://127.0.0.1:1';
});
afterEach(() => {
	delete process.env.SMTP_URL;
});

describe('notify', () => {
	it('writes an inbox row and an e-mail for each active person, none for the inactive', () => {
		const a = makeActor('rep');
		const b = makeActor('rep');
		const gone = makeActor('rep', { active: false });
		send([a.user.id, b.user.id, gone.user.id, a.user.id], 'training.assigned', { href: '/training' });
		expect(rowsOf(a.user.id)).toHaveLength(1);
		expect(rowsOf(b.user.id)).toHaveLength(1);
		expect(rowsOf(gone.user.id)).toHaveLength(0);
		expect(rowsOf(a.user.id)[0]).toMatchObject({
			kind: 'training.assigned',
			count: 1,
			href: '/training',
			readAt: null
		});
		expect(mailTo(a.user.id)).toHaveLength(1);
		expect(mailTo(a.user.id)[0]).toMatchObject({ status: 'pending', kind: 'training.assigned' });
		expect(mailTo(a.user.id)[0].subject).toBe('You have been assigned the course “CRM basics”.');
		expect(mailTo(gone.user.id)).toHaveLength(0);
	});

	it('merges a burst of the same kind and thing into one unread row and one waiting e-mail', () => {
		const a = makeActor('rep');
		send([a.user.id], 'training.assigned');
		send([a.user.id], 'training.assigned', { params: { course: 'Pipeline hygiene' } });
		send([a.user.id], 'training.assigned', { params: { course: 'Reports' } });
		const [row] = rowsOf(a.user.id);
		expect(rowsOf(a.user.id)).toHaveLength(1);
		expect(row.count).toBe(3);
		expect(row.params).toEqual({ course: 'Reports' });
		expect(inbox(a).rows[0].text).toBe(
			'You have been assigned the course “Reports” (and 2 more assignments).'
		);
		const mails = mailTo(a.user.id);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toContain('(and 2 more assignments)');

		// Another thing is another row; so is the same kind once the row is read or older than the window.
		send([a.user.id], 'session.changed', {
			entity: 'training_session',
			entityId: 1,
			params: { course: 'X', change: 'moved' }
		});
		send([a.user.id], 'session.changed', {
			entity: 'training_session',
			entityId: 2,
			params: { course: 'Y', change: 'moved' }
		});
		expect(rowsOf(a.user.id)).toHaveLength(3);
		markRead(a, row.id);
		send([a.user.id], 'training.assigned');
		expect(rowsOf(a.user.id)).toHaveLength(4);
		const latest = rowsOf(a.user.id).at(-1)!;
		db()
			.update(notification)
			.set({ createdAt: Date.now() - MERGE_WINDOW_MS - 1 })
			.where(eq(notification.id, latest.id))
			.run();
		send([a.user.id], 'training.assigned');
		expect(rowsOf(a.user.id)).toHaveLength(5);
	});

	it('follows the person’s preferences; overdue training cannot be switched off', () => {
		const a = makeActor('rep');
		db()
			.insert(notificationPref)
			.values([
				{ userId: a.user.id, kind: 'training.assigned', inApp: false, email: 'off' },
				{ userId: a.user.id, kind: 'session.changed', inApp: true, email: 'digest' },
				// Stored by something other than the form: still not off.
				{ userId: a.user.id, kind: 'training.overdue', inApp: false, email: 'off' }
			])
			.run();
		send([a.user.id], 'training.assigned');
		expect(rowsOf(a.user.id)).toHaveLength(0);
		expect(mailTo(a.user.id)).toHaveLength(0);
		send([a.user.id], 'session.changed', { params: { course: 'X', change: 'moved' } });
		expect(rowsOf(a.user.id)).toHaveLength(1);
		expect(mailTo(a.user.id)).toHaveLength(0);
		send([a.user.id], 'training.overdue', { params: { course: 'X', due: '2020-01-01' } });
		expect(rowsOf(a.user.id).map((r) => r.kind)).toEqual(['session.changed', 'training.overdue']);
		expect(mailTo(a.user.id).map((m) => m.kind)).toEqual(['training.overdue']);
	});

	it('writes no e-mail when SMTP_URL is unset: in-app only', () => {
		delete process.env.SMTP_URL;
		const a = makeActor('rep');
		send([a.user.id], 'training.assigned');
		expect(rowsOf(a.user.id)).toHaveLength(1);
		expect(mailTo(a.user.id)).toHaveLength(0);
	});

	it('rolls back with the transaction it was called in', () => {
		const a = makeActor('rep');
		expect(() =>
			db().transaction((tx) => {
				notify(tx, { userIds: [a.user.id], kind: 'training.assigned', params: { course: 'X' } });
				throw new Error('the change failed');
			})
		).toThrow('the change failed');
		expect(rowsOf(a.user.id)).toHaveLength(0);
		expect(mailTo(a.user.id)).toHaveLength(0);
	});
});

describe('inbox', () => {
	it('shows only the person’s own notifications, newest first, in pages, and marks them read', () => {
		const a = makeActor('rep');
		const b = makeActor('rep');
		for (let i = 0; i < 30; i++)
			send([a.user.id], 'import.finished', {
				entity: 'import_batch',
				entityId: i,
				params: { file: `f${i}.csv`, created: i, updated: 0, skipped: 0 }
			});
		send([b.user.id], 'training.assigned');
		expect(unreadCount(a.user.id)).toBe(30);
		const first = inbox(a);
		expect(first).toMatchObject({ total: 30, page: 1, pageSize: 25, unread: 30 });
		expect(first.rows[0].text).toContain('f29.csv');
		expect(inbox(a, { page: 2 }).rows).toHaveLength(5);
		// A page past the end shows the last one.
		expect(inbox(a, { page: 99 }).page).toBe(2);
		// Someone else's notification cannot be marked.
		const theirs = rowsOf(b.user.id)[0];
		expect(markRead(a, theirs.id)).toBe(false);
		expect(unreadCount(b.user.id)).toBe(1);
		expect(markRead(a, first.rows[0].id)).toBe(true);
		expect(unreadCount(a.user.id)).toBe(29);
		expect(markAllRead(a)).toBe(29);
		expect(unreadCount(a.user.id)).toBe(0);
		expect(unreadCount(b.user.id)).toBe(1);
	});
});

describe('preferences', () => {
	it('saves choices per kind and refuses a digest without the inbox, beside the field', () => {
		const a = makeActor('rep');
		savePreferences(
			a,
			prefsForm({
				'app:contest.started': undefined,
				'mail:contest.started': 'off',
				'mail:risk.review_due': 'now'
			})
		);
		const rows = preferences(a).rows;
		expect(rows.find((r) => r.kind === 'contest.started')).toMatchObject({ inApp: false, email: 'off' });
		expect(rows.find((r) => r.kind === 'risk.review_due')).toMatchObject({ inApp: true, email: 'now' });
		expect(rows.find((r) => r.kind === 'training.overdue')).toMatchObject({
			mandatory: true,
			inApp: true,
			email: 'now'
		});
		try {
			savePreferences(
				a,
				prefsForm({
					'app:change.awaiting': undefined,
					'mail:change.awaiting': 'digest',
					'mail:change.decided': 'sometimes'
				})
			);
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(InvalidInput);
			expect((e as InvalidInput).fieldErrors).toEqual({
				'mail:change.decided': 'Choose off, at once or in the daily digest.',
				'mail:change.awaiting': expect.stringContaining('The daily digest gathers what is in your inbox')
			});
		}
		// Nothing of the refused save was kept.
		expect(preferences(a).rows.find((r) => r.kind === 'change.awaiting')).toMatchObject({
			inApp: true,
			email: 'digest'
		});
	});
});

describe('the daily digest', () => {
	it('gathers the day’s unread notifications of digest kinds into one mail per person', () => {
		const a = makeActor('rep', { email: 'digest@test.example' });
		const b = makeActor('rep');
		const day = today();
		send([a.user.id], 'contest.started', {
			entity: 'contest',
			entityId: 1,
			params: { name: 'Call blitz', endsOn: '2030-01-01' }
		});
		send([a.user.id], 'risk.review_due', { params: { risk: 'Data quality', date: day } });
		send([a.user.id], 'session.changed', { params: { course: 'X', change: 'moved' } }); // e-mailed at once instead
		send([b.user.id], 'contest.started', { entity: 'contest', entityId: 1, params: { name: 'Call blitz' } });
		markAllRead(b);
		db().run(sql`DELETE FROM mail_outbox`);
		db().transaction((tx) => sendDigests(tx, day));
		expect(mailTo(b.user.id)).toHaveLength(0);
		expect(mailTo(a.user.id)).toHaveLength(1);
		const [mail] = mailTo(a.user.id);
		expect(mail).toMatchObject({ toAddress: 'digest@test.example', kind: 'digest' });
		expect(mail.subject).toBe(`Your Uptake digest for ${day}: 2 notifications`);
		expect(mail.body).toContain('The contest “Call blitz” has started');
		expect(mail.body).toContain('The risk “Data quality” is due for review');
		expect(mail.body).not.toContain('moved');
	});

	it('runs as a daily job that schedules the next day, once', () => {
		db().run(sql`DELETE FROM job`);
		const now = Date.now();
		db().transaction((tx) => scheduleRecurring(tx, now));
		db().transaction((tx) => scheduleRecurring(tx, now));
		const keys = db()
			.select({ key: job.key })
			.from(job)
			.all()
			.map((j) => j.key)
			.sort();
		expect(keys).toEqual([`notifications.digest:${today(now)}`, `notifications.reminders:${today(now)}`]);
		const tomorrow = Date.parse(`${addDays(today(now), 1)}T06:00:00Z`);
		expect(runDueJobs(tomorrow + 1)).toBe(2);
		const after = db().select({ key: job.key, done: job.doneAt }).from(job).all();
		expect(
			after
				.filter((j) => j.done === null)
				.map((j) => j.key)
				.sort()
		).toEqual([
			`notifications.digest:${addDays(today(now), 1)}`,
			`notifications.reminders:${addDays(today(now), 1)}`
		]);
	});
});

describe('reminders', () => {
	it('tells a risk’s owner once per review date that a review is due', () => {
		const owner = makeActor('project_manager');
		const day = today();
		const id = db()
			.insert(schema.risk)
			.values({
				title: 'Low adoption',
				category: 'people',
				likelihood: 3,
				impact: 4,
				ownerId: owner.user.id,
				nextReviewDate: addDays(day, -2)
			})
			.returning({ id: schema.risk.id })
			.get().id;
		db()
			.insert(schema.risk)
			.values({
				title: 'Later',
				category: 'people',
				likelihood: 3,
				impact: 4,
				ownerId: owner.user.id,
				nextReviewDate: addDays(day, 5)
			})
			.run();
		expect(db().transaction((tx) => remindRiskReviews(tx, day))).toBe(1);
		expect(db().transaction((tx) => remindRiskReviews(tx, addDays(day, 1)))).toBe(0);
		expect(rowsOf(owner.user.id)).toHaveLength(1);
		expect(rowsOf(owner.user.id)[0]).toMatchObject({ kind: 'risk.review_due', href: `/rollout/risks/${id}` });
		// A new review date is a new reminder.
		db().update(schema.risk).set({ nextReviewDate: day }).where(eq(schema.risk.id, id)).run();
		expect(db().transaction((tx) => remindRiskReviews(tx, day))).toBe(1);
	});

	it('tells a learner once that their training is overdue', () => {
		const trainer = makeActor('trainer');
		const learner = makeActor('rep');
		const c = makeCourse(trainer);
		db()
			.insert(schema.enrollment)
			.values({
				userId: learner.user.id,
				courseId: c.id,
				source: 'hand',
				assignedAt: Date.now(),
				dueDate: addDays(today(), -1)
			})
			.run();
		expect(db().transaction((tx) => remindOverdueTraining(tx, today()))).toBe(1);
		expect(db().transaction((tx) => remindOverdueTraining(tx, today()))).toBe(0);
		expect(rowsOf(learner.user.id).map((r) => r.kind)).toEqual(['training.overdue']);
	});
});

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

describe('domain events', () => {
	it('a course assigned by hand reaches the learner, in the bell and by e-mail', () => {
		const trainer = makeActor('trainer');
		const learner = makeActor('rep', { email: 'hand@test.example' });
		const c = makeCourse(trainer, { title: 'Deals done right' });
		assignByHand(trainer, c.id, { userId: String(learner.user.id), dueDate: addDays(today(), 14) });
		expect(inbox(learner).rows.map((r) => r.text)).toEqual([
			`You have been assigned the course “Deals done right”, due ${addDays(today(), 14)}.`
		]);
		expect(mailTo(learner.user.id).map((m) => m.toAddress)).toEqual(['hand@test.example']);
	});

	it('a course assigned by its rule reaches every learner it names', () => {
		const trainer = makeActor('trainer');
		const teamRep = makeActor('manager');
		const role = db().select().from(schema.role).where(eq(schema.role.name, 'manager')).get()!;
		const c = makeCourse(trainer, {
			title: 'For managers',
			required: true,
			audience: { roles: [role.id], teams: [], projectRoles: [], phases: [] }
		});
		db().transaction((tx) => reconcileCourse(tx, trainer, c));
		expect(rowsOf(teamRep.user.id).map((r) => r.params)).toEqual([{ course: 'For managers' }]);
	});

	it('sessions: a reminder 24 hours ahead, moved, cancelled', () => {
		const ZONE = 'UTC';
		const trainer = makeActor('trainer');
		const learner = makeActor('rep');
		const c = makeCourse(trainer, { title: 'Live demo' });
		const start = Math.ceil((Date.now() + 3 * DAY) / 60_000) * 60_000;
		const form = (s: number) => ({
			startsAt: toLocalInput(s, ZONE),
			endsAt: toLocalInput(s + HOUR, ZONE),
			place: 'Room 1',
			link: '',
			capacity: '5'
		});
		const s = createSession(trainer, c.id, form(start), ZONE);
		const soon = (at: number) =>
			db()
				.select()
				.from(job)
				.where(eq(job.key, `session.soon:${s.id}:${at}`))
				.get();
		expect(soon(start)).toMatchObject({ runAt: start - DAY, doneAt: null });
		enrollPerson(trainer, s.id, learner.user.id);
		expect(rowsOf(learner.user.id).map((r) => r.kind)).toEqual(['training.assigned']);

		const moved = start + DAY;
		const after = updateSession(trainer, s.id, form(moved), s.version, ZONE);
		expect(soon(start)).toBeUndefined();
		expect(soon(moved)).toMatchObject({ runAt: moved - DAY });
		const changed = rowsOf(learner.user.id).find((r) => r.kind === 'session.changed')!;
		expect(changed).toMatchObject({
			entity: 'training_session',
			entityId: String(s.id),
			href: `/training/sessions/${s.id}`
		});
		expect(inbox(learner).rows[0].text).toMatch(/^Your session of “Live demo” was moved to /);
		// The training notice of the home page still comes too.
		expect(
			db().select().from(schema.trainingNotice).where(eq(schema.trainingNotice.userId, learner.user.id)).all()
		).toHaveLength(1);

		// The reminder runs a day ahead and tells the seated learner.
		expect(runDueJobs(moved - DAY + 1)).toBeGreaterThanOrEqual(1);
		expect(rowsOf(learner.user.id).map((r) => r.kind)).toContain('session.soon');

		cancel(trainer, after.id, 'Trainer ill');
		expect(rowsOf(learner.user.id).find((r) => r.kind === 'session.cancelled')?.params).toMatchObject({
			course: 'Live demo',
			reason: 'Trainer ill'
		});
	});

	it('a cancelled session has no reminder', () => {
		const trainer = makeActor('trainer');
		const c = makeCourse(trainer);
		const start = Math.ceil((Date.now() + 3 * DAY) / 60_000) * 60_000;
		const s = createSession(
			trainer,
			c.id,
			{
				startsAt: toLocalInput(start, 'UTC'),
				endsAt: toLocalInput(start + HOUR, 'UTC'),
				place: 'Room',
				link: '',
				capacity: '5'
			},
			'UTC'
		);
		cancel(trainer, s.id, '');
		expect(
			db()
				.select()
				.from(job)
				.where(eq(job.key, `session.soon:${s.id}:${start}`))
				.get()
		).toBeUndefined();
	});

	it('change requests: the committee hears of one awaiting it, the requester of a decision', () => {
		const rep = makeActor('rep');
		const steering = makeActor('steering_member');
		const cr = changes.submit(rep, { title: 'A field for the VAT number', type: 'field', priority: 'high' });
		expect(rowsOf(steering.user.id).map((r) => [r.kind, r.params.title])).toEqual([
			['change.awaiting', 'A field for the VAT number']
		]);
		expect(rowsOf(rep.user.id)).toHaveLength(0);
		changes.decide(steering, cr.id, { to: 'rejected', reason: 'Already in the company record' }, cr.version);
		expect(inbox(rep).rows.map((r) => r.text)).toEqual([
			'Your change request “A field for the VAT number” is now rejected: Already in the company record.'
		]);
		// The decider is not told of their own decision.
		expect(rowsOf(steering.user.id).filter((r) => r.kind === 'change.decided')).toHaveLength(0);
	});

	it('a phase gate that blocks tells the steering committee, though the close is refused', () => {
		const pm = makeActor('project_manager');
		const steering = makeActor('steering_member');
		const p = phases.create(pm, {
			name: 'Pilot',
			startDate: addDays(today(), -30),
			endDate: addDays(today(), -1),
			adoptionTarget: '70',
			status: 'active'
		});
		phases.addCriterion(pm, p.id, { kind: 'exit', text: 'Spreadsheets retired' });
		expect(() => phases.close(pm, p.id)).toThrow(/1 exit criteria are not met/);
		expect(phases.detail(pm, p.id).record.status).toBe('active');
		expect(inbox(steering).rows.map((r) => r.text)).toEqual([
			`Closing the phase “Pilot” was blocked: 1 exit criteria are not met (tried by ${pm.user.name}).`
		]);
		expect(rowsOf(pm.user.id)).toHaveLength(0);
	});

	it('mail rows carry their person and kind', () => {
		const a = makeActor('rep');
		send([a.user.id], 'import.finished', {
			entity: 'import_batch',
			entityId: 7,
			params: { file: 'x.csv', created: 1, updated: 0, skipped: 0 }
		});
		// E-mail for imports is off by default.
		expect(mailTo(a.user.id)).toHaveLength(0);
		expect(
			db()
				.select()
				.from(notification)
				.where(and(eq(notification.userId, a.user.id), eq(notification.entityId, '7')))
				.all()
		).toHaveLength(1);
	});
});
