import { and, eq, gte, inArray, isNotNull, isNull, lt, lte } from 'drizzle-orm';
import { isNotificationKind, notificationText } from '$lib/notifications';
import { formatSpan } from '$lib/time';
import { schema, type Conn } from '../db';
import { once, registerJob, schedule } from '../jobs';
import { addDays, today } from '../rollout/dates';
import { effectiveChoice, notify } from '.';
import { sessionForReminder } from './events';
import { mailEnabled, queueMail } from './mail';
import { digestMail } from './texts';

/**
 * The notifications' scheduled work, as jobs: a reminder 24 hours before a session, a daily round of
 * reminders (risk reviews due, overdue training: once per thing and date) and a daily digest mail.
 * The two daily jobs are keyed by day and each schedules the next, so a restart neither repeats nor
 * skips a day; the runner schedules today's at start-up in case the chain was never begun.
 */

const { notification, notificationPref, user, risk, enrollment, course } = schema;
const DAY = 86_400_000;
/** The daily reminders go out at 07:00 UTC, the digest of a day at 06:00 UTC the next morning. */
const REMINDERS_AT = 7 * 3_600_000;
const DIGEST_AT = 6 * 3_600_000;

const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

function scheduleReminders(tx: Conn, day: string) {
	schedule(tx, {
		kind: 'notifications.reminders',
		key: `notifications.reminders:${day}`,
		runAt: dayStart(day) + REMINDERS_AT,
		payload: { day }
	});
}

function scheduleDigest(tx: Conn, day: string) {
	schedule(tx, {
		kind: 'notifications.digest',
		key: `notifications.digest:${day}`,
		runAt: dayStart(day) + DAY + DIGEST_AT,
		payload: { day }
	});
}

/** Makes sure today's reminders and digest are scheduled (idempotent: done ones stay done). */
export function scheduleRecurring(tx: Conn, now = Date.now()): void {
	scheduleReminders(tx, today(now));
	scheduleDigest(tx, today(now));
}

/** Risks whose review is due today or overdue, each told to its owner once per review date. */
export function remindRiskReviews(tx: Conn, day: string): number {
	const due = tx
		.select({ id: risk.id, title: risk.title, ownerId: risk.ownerId, date: risk.nextReviewDate })
		.from(risk)
		.innerJoin(user, eq(risk.ownerId, user.id))
		.where(
			and(
				inArray(risk.status, ['open', 'mitigating']),
				isNotNull(risk.nextReviewDate),
				lte(risk.nextReviewDate, day),
				eq(user.active, true)
			)
		)
		.all();
	let told = 0;
	for (const r of due) {
		if (!r.ownerId || !r.date || !once(tx, 'risk.review_due', `risk.review_due:${r.id}:${r.date}`)) continue;
		notify(tx, {
			userIds: [r.ownerId],
			kind: 'risk.review_due',
			params: { risk: r.title, date: r.date },
			href: `/rollout/risks/${r.id}`
		});
		told++;
	}
	return told;
}

/** Open enrollments past their due date, each told to its learner once per due date. */
export function remindOverdueTraining(tx: Conn, day: string): number {
	const overdue = tx
		.select({ id: enrollment.id, userId: enrollment.userId, due: enrollment.dueDate, title: course.title })
		.from(enrollment)
		.innerJoin(course, eq(enrollment.courseId, course.id))
		.innerJoin(user, eq(enrollment.userId, user.id))
		.where(
			and(
				inArray(enrollment.state, ['assigned', 'in_progress']),
				isNotNull(enrollment.dueDate),
				lt(enrollment.dueDate, day),
				eq(course.archived, false),
				eq(user.active, true)
			)
		)
		.all();
	let told = 0;
	for (const e of overdue) {
		if (!e.due || !once(tx, 'training.overdue', `training.overdue:${e.id}:${e.due}`)) continue;
		notify(tx, {
			userIds: [e.userId],
			kind: 'training.overdue',
			params: { course: e.title, due: e.due },
			href: '/training'
		});
		told++;
	}
	return told;
}

/**
 * The digest of `day`: each person's unread notifications of that day whose kind they get by
 * digest, in one mail. Nothing without SMTP_URL.
 */
export function sendDigests(tx: Conn, day: string): number {
	if (!mailEnabled()) return 0;
	const rows = tx
		.select({
			userId: user.id,
			name: user.name,
			email: user.email,
			kind: notification.kind,
			params: notification.params,
			count: notification.count,
			href: notification.href,
			inApp: notificationPref.inApp,
			choice: notificationPref.email
		})
		.from(notification)
		.innerJoin(user, eq(notification.userId, user.id))
		.leftJoin(
			notificationPref,
			and(eq(notificationPref.userId, notification.userId), eq(notificationPref.kind, notification.kind))
		)
		.where(
			and(
				isNull(notification.readAt),
				gte(notification.updatedAt, dayStart(day)),
				lt(notification.updatedAt, dayStart(day) + DAY),
				eq(user.active, true)
			)
		)
		.orderBy(notification.userId, notification.updatedAt)
		.all();
	const people = new Map<number, { name: string; email: string; items: { text: string; href: string }[] }>();
	for (const r of rows) {
		if (!isNotificationKind(r.kind) || !r.email) continue;
		const choice = effectiveChoice(r.kind, { inApp: r.inApp ?? undefined, email: r.choice ?? undefined });
		if (choice.email !== 'digest') continue;
		const p = people.get(r.userId) ?? { name: r.name, email: r.email, items: [] };
		p.items.push({ text: notificationText(r.kind, r.params, r.count), href: r.href });
		people.set(r.userId, p);
	}
	for (const [userId, p] of people)
		queueMail(tx, { userId, to: p.email, kind: 'digest', ...digestMail(p, day, p.items) });
	return people.size;
}

registerJob('notifications.reminders', (tx, payload) => {
	const day = typeof payload.day === 'string' ? payload.day : today();
	remindRiskReviews(tx, day);
	remindOverdueTraining(tx, day);
	// The next round: tomorrow, or today when a stopped server catches up on an older day.
	scheduleReminders(tx, [addDays(day, 1), today()].sort().at(-1)!);
});

registerJob('notifications.digest', (tx, payload) => {
	const day = typeof payload.day === 'string' ? payload.day : addDays(today(), -1);
	sendDigests(tx, day);
	scheduleDigest(tx, addDays(day, 1));
});

registerJob('session.soon', (tx, payload) => {
	const s = sessionForReminder(tx, Number(payload.sessionId));
	// Moved (a new reminder is scheduled for the new time), cancelled, or already begun: nothing to say.
	if (!s || s.status === 'cancelled' || s.startsAt !== Number(payload.startsAt) || s.startsAt <= Date.now())
		return;
	notify(tx, {
		userIds: s.seated,
		kind: 'session.soon',
		entity: 'training_session',
		entityId: s.id,
		params: { course: s.course, when: formatSpan(s.startsAt, s.endsAt, 'UTC'), where: s.place || s.link },
		href: `/training/sessions/${s.id}`
	});
});
