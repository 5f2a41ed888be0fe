import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { nowMs } from './columns';

/**
 * Scheduled work (jobs/): reminders, digests, contest starts and ends, the mail outbox. One runner in
 * the server process claims due rows; a job's work and its `done_at` commit in one transaction, so a
 * job runs exactly once across restarts. `key` makes scheduling idempotent (one row per key).
 */
export const job = sqliteTable(
	'job',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind').notNull(),
		key: text('key').notNull(),
		runAt: integer('run_at').notNull(),
		payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		attempts: integer('attempts').notNull().default(0),
		lockedUntil: integer('locked_until').notNull().default(0),
		doneAt: integer('done_at'),
		lastError: text('last_error').notNull().default(''),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [uniqueIndex('job_key_unique').on(t.key), index('job_due_idx').on(t.doneAt, t.runAt)]
);
