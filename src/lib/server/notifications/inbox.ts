import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { NOTIFICATIONS_PAGE_SIZE, notificationText } from '$lib/notifications';
import { recordUsage } from '../audit/usage';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';

/**
 * A person's inbox: their own notifications only (every query is by the actor's id), newest first,
 * with the unread count the bell shows.
 */

const { notification } = schema;
const MODULE = 'notifications';

/** The bell's figure: one count over the (user, read_at) index. */
export function unreadCount(userId: number): number {
	return (
		db()
			.select({ n: count() })
			.from(notification)
			.where(and(eq(notification.userId, userId), isNull(notification.readAt)))
			.get()?.n ?? 0
	);
}

export interface InboxRow {
	id: number;
	kind: string;
	text: string;
	href: string;
	count: number;
	createdAt: number;
	updatedAt: number;
	unread: boolean;
}

export function inbox(actor: Actor, { page = 1 } = {}) {
	const conn = db();
	const mine = eq(notification.userId, actor.user.id);
	const total = conn.select({ n: count() }).from(notification).where(mine).get()?.n ?? 0;
	const pageSize = NOTIFICATIONS_PAGE_SIZE;
	const last = Math.max(1, Math.ceil(total / pageSize));
	const current = Math.min(Math.max(1, Math.floor(page)), last);
	const rows: InboxRow[] = conn
		.select()
		.from(notification)
		.where(mine)
		.orderBy(desc(notification.updatedAt), desc(notification.id))
		.limit(pageSize)
		.offset((current - 1) * pageSize)
		.all()
		.map((n) => ({
			id: n.id,
			kind: n.kind,
			text: notificationText(n.kind, n.params, n.count),
			href: n.href,
			count: n.count,
			createdAt: n.createdAt,
			updatedAt: n.updatedAt,
			unread: n.readAt === null
		}));
	return { rows, total, page: current, pageSize, unread: unreadCount(actor.user.id) };
}

function used(actor: Actor, action: string, entityId?: number) {
	recordUsage({
		userId: actor.user.id,
		teamId: actor.user.teamId,
		module: MODULE,
		action,
		entity: 'notification',
		entityId
	});
}

/** Marks one of the actor's notifications read; false when it is not theirs (or not there). */
export function markRead(actor: Actor, id: number): boolean {
	return db().transaction((tx) => {
		const hit = tx
			.update(notification)
			.set({ readAt: sql`coalesce(${notification.readAt}, ${Date.now()})` })
			.where(and(eq(notification.id, id), eq(notification.userId, actor.user.id)))
			.run().changes;
		if (hit) used(actor, 'read', id);
		return hit > 0;
	});
}

/** Marks all of the actor's notifications read; returns how many were unread. */
export function markAllRead(actor: Actor): number {
	return db().transaction((tx) => {
		const n = tx
			.update(notification)
			.set({ readAt: Date.now() })
			.where(and(eq(notification.userId, actor.user.id), isNull(notification.readAt)))
			.run().changes;
		if (n) used(actor, 'read_all');
		return n;
	});
}
