import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { user } from './auth';
import { nowMs } from './columns';

/**
 * Notifications (notifications/): one row per thing a person should hear about, shown in the in-app
 * inbox and, by their preferences, sent by e-mail through the durable outbox.
 */

export const notification = sqliteTable(
	'notification',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** A key of NOTIFICATION_KINDS ($lib/notifications.ts). */
		kind: text('kind').notNull(),
		entity: text('entity').notNull().default(''),
		entityId: text('entity_id').notNull().default(''),
		/** The text's parameters (names, dates, counts): the text is made from kind + params when shown. */
		params: text('params', { mode: 'json' }).$type<Record<string, string | number>>().notNull(),
		/** Where the notification leads, an app path. */
		href: text('href').notNull().default(''),
		/** How many events of the same kind this row stands for (a burst merged into one). */
		count: integer('count').notNull().default(1),
		createdAt: integer('created_at').notNull().default(nowMs),
		updatedAt: integer('updated_at').notNull().default(nowMs),
		readAt: integer('read_at')
	},
	(t) => [
		index('notification_user_idx').on(t.userId, t.updatedAt),
		index('notification_unread_idx').on(t.userId, t.readAt, t.kind)
	]
);

/** A person's choice per kind of notification: in the app, by e-mail (and e-mail at once or in the daily digest). */
export const notificationPref = sqliteTable(
	'notification_pref',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		inApp: integer('in_app', { mode: 'boolean' }).notNull(),
		email: text('email', { enum: ['off', 'now', 'digest'] }).notNull(),
		updatedAt: integer('updated_at').notNull().default(nowMs)
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind] })]
);

/**
 * E-mail waiting to be sent, written in the transaction of the event it tells of. `sending` is
 * written (and committed) before the SMTP conversation starts, so that a mail interrupted by a crash
 * is never sent again by itself: after a restart it shows as `unknown` for the admin to resend.
 */
export const mailOutbox = sqliteTable(
	'mail_outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id').references(() => user.id, { onDelete: 'set null' }),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		body: text('body').notNull(),
		kind: text('kind').notNull(),
		notificationId: integer('notification_id'),
		status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'unknown'] })
			.notNull()
			.default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextTryAt: integer('next_try_at').notNull(),
		sendingSince: integer('sending_since'),
		sentAt: integer('sent_at'),
		lastError: text('last_error').notNull().default(''),
		/** The Message-ID header, fixed when the row is written, so that any resend is the same message. */
		messageId: text('message_id').notNull(),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [index('mail_outbox_due_idx').on(t.status, t.nextTryAt)]
);
