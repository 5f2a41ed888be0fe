import { and, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import {
	NOTIFICATION_KINDS,
	notificationText,
	type EmailChoice,
	type NotificationKind
} from '$lib/notifications';
import { schema, type Conn } from '../db';
import { mailEnabled, queueMail, updateQueuedMail } from './mail';
import { notificationMail } from './texts';

/**
 * One notification model: a domain change calls `notify` in its own transaction; each person gets an
 * inbox row (merged into a recent unread one of the same kind and thing: bursts make one line) and,
 * by their preferences, an e-mail in the durable outbox (sent by the job runner) or a line in the
 * daily digest. Inactive people hear nothing.
 */

const { notification, notificationPref, user } = schema;

/** Unread rows of the same person, kind and thing younger than this take the next event in. */
export const MERGE_WINDOW_MS = 3_600_000;

export interface Notice {
	userIds: number[];
	kind: NotificationKind;
	entity?: string;
	entityId?: string | number;
	params: Record<string, string | number>;
	href?: string;
}

export interface Choice {
	inApp: boolean;
	email: EmailChoice;
}

/** What a person gets for a kind: their stored choice, else the catalogue's; mandatory kinds always reach them. */
export function effectiveChoice(kind: NotificationKind, stored?: Partial<Choice> | null): Choice {
	const info = NOTIFICATION_KINDS[kind];
	const email = stored?.email ?? info.defaultEmail;
	if ('mandatory' in info && info.mandatory)
		return { inApp: true, email: email === 'off' ? info.defaultEmail : email };
	return { inApp: stored?.inApp ?? true, email };
}

export function notify(tx: Conn, n: Notice): void {
	const ids = [...new Set(n.userIds)].filter((id) => Number.isInteger(id));
	if (!ids.length) return;
	const now = Date.now();
	const entity = n.entity ?? '';
	const entityId = n.entityId === undefined || !entity ? '' : String(n.entityId);
	const href = n.href ?? '';
	const people = tx
		.select({
			id: user.id,
			email: user.email,
			name: user.name,
			inApp: notificationPref.inApp,
			emailChoice: notificationPref.email
		})
		.from(user)
		.leftJoin(notificationPref, and(eq(notificationPref.userId, user.id), eq(notificationPref.kind, n.kind)))
		.where(and(inArray(user.id, ids), eq(user.active, true)))
		.all();
	const sendMail = mailEnabled();
	for (const person of people) {
		const choice = effectiveChoice(n.kind, {
			inApp: person.inApp ?? undefined,
			email: person.emailChoice ?? undefined
		});
		let row: { id: number; count: number } | undefined;
		if (choice.inApp) row = inboxRow(tx, person.id, n, entity, entityId, href, now);
		if (choice.email !== 'now' || !sendMail || !person.email) continue;
		const mail = notificationMail(person, notificationText(n.kind, n.params, row?.count ?? 1), href);
		// A burst merged into one inbox row keeps one e-mail while that one is still waiting to go.
		if (row && row.count > 1 && updateQueuedMail(tx, row.id, mail)) continue;
		queueMail(tx, {
			userId: person.id,
			to: person.email,
			kind: n.kind,
			notificationId: row?.id ?? null,
			...mail
		});
	}
}

function inboxRow(
	tx: Conn,
	userId: number,
	n: Notice,
	entity: string,
	entityId: string,
	href: string,
	now: number
): { id: number; count: number } {
	const recent = tx
		.select({ id: notification.id, count: notification.count })
		.from(notification)
		.where(
			and(
				eq(notification.userId, userId),
				isNull(notification.readAt),
				eq(notification.kind, n.kind),
				eq(notification.entity, entity),
				eq(notification.entityId, entityId),
				gte(notification.createdAt, now - MERGE_WINDOW_MS)
			)
		)
		.orderBy(desc(notification.createdAt), desc(notification.id))
		.limit(1)
		.get();
	if (recent) {
		const count = recent.count + 1;
		tx.update(notification)
			.set({ count, params: n.params, href, updatedAt: now })
			.where(eq(notification.id, recent.id))
			.run();
		return { id: recent.id, count };
	}
	const created = tx
		.insert(notification)
		.values({
			userId,
			kind: n.kind,
			entity,
			entityId,
			params: n.params,
			href,
			createdAt: now,
			updatedAt: now
		})
		.returning({ id: notification.id })
		.get();
	return { id: created.id, count: 1 };
}
