import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Conn } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { notificationText, type NotificationKind, type Params } from '../../src/lib/notifications';
import { notificationMail } from '../../src/lib/server/notifications/texts';
import { DEMO } from './demo';
import type { Random } from './random';

/**
 * The demo's notifications in every state: for the admin and the first people of each role, two
 * weeks of inbox lines — read, unread, and bursts merged into one line — and the e-mail outbox with
 * mail sent, waiting (one retrying after a refused connection), failed with the server's reason, and
 * one whose sending a crash cut off (unknown). Written directly (the events themselves are in the
 * past), deterministic from the seeded generator and the anchor.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Item {
	kind: NotificationKind;
	params: Params;
	href: string;
	entity?: string;
	entityId?: string | number;
}

export function seedNotifications(
	tx: Conn,
	random: Random,
	people: { id: number; role: string }[],
	anchor: number
): { notifications: number; mails: number } {
	const { notification, mailOutbox, user, course, risk, changeRequest, phase } = schema;
	// What the seeds before this one notified while replaying months of history (courses assigned by
	// their rules back then): read by now, and their mail sent at the time, so that a first start
	// neither shows hundreds of stale unread lines nor e-mails about last summer.
	tx.update(notification)
		.set({ readAt: sql`${notification.updatedAt} + ${2 * HOUR}` })
		.where(and(isNull(notification.readAt), lt(notification.updatedAt, anchor - 3 * DAY)))
		.run();
	tx.update(mailOutbox)
		.set({ status: 'sent', attempts: 1, sentAt: sql`${mailOutbox.createdAt} + 4000` })
		.where(and(eq(mailOutbox.status, 'pending'), lt(mailOutbox.createdAt, anchor - HOUR)))
		.run();
	const courses = tx.select({ title: course.title }).from(course).orderBy(asc(course.id)).limit(6).all();
	const risks = tx.select({ id: risk.id, title: risk.title }).from(risk).orderBy(asc(risk.id)).limit(4).all();
	const requests = tx
		.select({ id: changeRequest.id, title: changeRequest.title })
		.from(changeRequest)
		.orderBy(asc(changeRequest.id))
		.limit(4)
		.all();
	const phases = tx
		.select({ id: phase.id, name: phase.name })
		.from(phase)
		.orderBy(asc(phase.position))
		.limit(2)
		.all();
	const title = (list: { title: string }[], i: number, fallback: string) =>
		list[i % Math.max(1, list.length)]?.title ?? fallback;
	const day = (offset: number) => new Date(anchor + offset * DAY).toISOString().slice(0, 10);

	const everyone: Item[] = [
		{
			kind: 'training.assigned',
			params: { course: title(courses, 0, 'CRM basics'), due: day(14) },
			href: '/training'
		},
		{
			kind: 'training.overdue',
			params: { course: title(courses, 1, 'Pipeline hygiene'), due: day(-3) },
			href: '/training'
		},
		{
			kind: 'session.soon',
			params: { course: title(courses, 2, 'Live demo'), when: `${day(1)} 09:00–10:30`, where: 'Room 4.12' },
			href: '/training'
		},
		{
			kind: 'session.changed',
			params: { course: title(courses, 3, 'Reports'), change: `moved to ${day(6)} 13:00–14:30 (UTC)` },
			href: '/training'
		},
		{ kind: 'contest.started', params: { name: 'Spring call blitz', endsOn: day(10) }, href: '/engagement' }
	];
	const byRole: Record<string, Item[]> = {
		admin: [
			{
				kind: 'import.finished',
				entity: 'import_batch',
				entityId: 1,
				params: { file: 'legacy-contacts.csv', created: 1840, updated: 212, skipped: 9 },
				href: '/crm/import'
			},
			{
				kind: 'change.awaiting',
				params: { title: title(requests, 0, 'A field for the VAT number'), status: 'submitted' },
				href: '/rollout/changes'
			}
		],
		project_manager: [
			{
				kind: 'phase.blocked',
				entity: 'phase',
				entityId: phases[0]?.id ?? 1,
				params: { phase: phases[0]?.name ?? 'Pilot', open: 2, by: 'a project manager' },
				href: `/rollout/phases/${phases[0]?.id ?? ''}`
			},
			{
				kind: 'risk.review_due',
				params: { risk: title(risks, 0, 'Low adoption'), date: day(-1) },
				href: `/rollout/risks/${risks[0]?.id ?? ''}`
			}
		],
		steering_member: [
			{
				kind: 'change.awaiting',
				params: { title: title(requests, 1, 'Quote templates'), status: 'under review' },
				href: '/rollout/changes'
			},
			{
				kind: 'phase.blocked',
				entity: 'phase',
				entityId: phases[1]?.id ?? 2,
				params: { phase: phases[1]?.name ?? 'Sales', open: 1, by: 'a project manager' },
				href: `/rollout/phases/${phases[1]?.id ?? ''}`
			}
		],
		trainer: [
			{
				kind: 'session.cancelled',
				entity: 'training_session',
				entityId: 1,
				params: {
					course: title(courses, 4, 'Cases'),
					when: `${day(-2)} 10:00–11:00`,
					reason: 'Room unavailable'
				},
				href: '/training'
			}
		],
		rep: [
			{
				kind: 'change.decided',
				entity: 'change_request',
				entityId: requests[2]?.id ?? 3,
				params: {
					title: title(requests, 2, 'Shorter deal form'),
					status: 'approved',
					reason: 'Fewer required fields for small deals'
				},
				href: `/rollout/changes/${requests[2]?.id ?? ''}`
			},
			{
				kind: 'contest.ended',
				params: { name: 'Winter pipeline push', winner: 'North & Key' },
				href: '/engagement'
			}
		],
		manager: [
			{
				kind: 'risk.review_due',
				params: { risk: title(risks, 1, 'Duplicate records'), date: day(0) },
				href: `/rollout/risks/${risks[1]?.id ?? ''}`
			}
		]
	};

	// The admin, then the first two people of each other role.
	const chosen: { id: number; role: string }[] = [];
	const seen = new Map<string, number>();
	for (const p of people) {
		const n = seen.get(p.role) ?? 0;
		if ((p.role === 'admin' && n === 0) || (p.role !== 'admin' && p.role !== 'viewer' && n < 2))
			chosen.push(p);
		seen.set(p.role, n + 1);
	}
	const who = new Map(
		tx
			.select({ id: user.id, name: user.name, email: user.email })
			.from(user)
			.where(
				inArray(
					user.id,
					chosen.map((p) => p.id)
				)
			)
			.all()
			.map((u) => [u.id, u])
	);

	let notifications = 0;
	let mails = 0;
	let messages = 0;
	for (const p of chosen) {
		const person = who.get(p.id);
		if (!person) continue;
		const items = [...(byRole[p.role] ?? []), ...everyone];
		items.forEach((item, i) => {
			// Spread over the last two weeks, newest first; the last three days unread.
			const age = i === 0 ? random.int(1, 5) * HOUR : i * random.int(20, 40) * HOUR;
			const createdAt = anchor - age;
			const burst =
				item.kind === 'training.assigned' ||
				item.kind === 'change.awaiting' ||
				item.kind === 'risk.review_due';
			const count = burst ? random.int(2, 4) : 1;
			const updatedAt = burst ? createdAt + random.int(5, 50) * 60_000 : createdAt;
			const read = age > 3 * DAY && random.chance(0.85);
			const row = tx
				.insert(notification)
				.values({
					userId: p.id,
					kind: item.kind,
					entity: item.entity ?? '',
					entityId: item.entity ? String(item.entityId ?? '') : '',
					params: item.params,
					href: item.href,
					count,
					createdAt,
					updatedAt,
					readAt: read ? updatedAt + random.int(1, 30) * HOUR : null
				})
				.returning({ id: notification.id })
				.get();
			notifications++;
			if (
				![
					'training.assigned',
					'training.overdue',
					'session.soon',
					'session.changed',
					'session.cancelled',
					'change.decided',
					'phase.blocked'
				].includes(item.kind)
			)
				return;
			const mail = notificationMail(person, notificationText(item.kind, item.params, count), item.href);
			// Most mail went; the newest waits, and a few show what goes wrong.
			const n = messages++;
			const state =
				n === 3
					? {
							status: 'failed' as const,
							attempts: 1,
							lastError: 'Refused by the SMTP server: 550 5.1.1 Mailbox unavailable'
						}
					: n === 8
						? {
								status: 'failed' as const,
								attempts: 6,
								lastError: 'Timed out: the SMTP server did not answer within 10 s.'
							}
						: n === 12
							? {
									status: 'unknown' as const,
									attempts: 0,
									lastError: 'The server stopped while sending this mail: it may or may not have arrived.',
									sendingSince: updatedAt + 2000
								}
							: n === 15
								? {
										status: 'pending' as const,
										attempts: 2,
										lastError: 'Connection refused: nothing answers at the SMTP address.',
										nextTryAt: anchor + 30 * 60_000
									}
								: age < 6 * HOUR
									? { status: 'pending' as const, attempts: 0 }
									: { status: 'sent' as const, attempts: 1, sentAt: updatedAt + random.int(2, 20) * 1000 };
			tx.insert(mailOutbox)
				.values({
					userId: p.id,
					toAddress: person.email,
					subject: mail.subject,
					body: mail.body,
					kind: item.kind,
					notificationId: row.id,
					nextTryAt: updatedAt,
					messageId: `<demo-${n + 1}@${DEMO.domain}>`,
					createdAt: updatedAt,
					...state
				})
				.run();
			mails++;
		});
	}
	return { notifications, mails };
}
