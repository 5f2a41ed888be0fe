import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Append-only (triggers in the migration refuse UPDATE and DELETE). */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at').notNull(),
		userId: integer('user_id'),
		action: text('action', { enum: ['create', 'update', 'delete', 'rollback', 'export'] }).notNull(),
		entity: text('entity').notNull(),
		entityId: text('entity_id').notNull(),
		before: text('before', { mode: 'json' }).$type<Record<string, unknown> | null>(),
		after: text('after', { mode: 'json' }).$type<Record<string, unknown> | null>(),
		/** For a rollback: the entry it undid. */
		revertsId: integer('reverts_id'),
		summary: text('summary').notNull().default(''),
		requestId: text('request_id').notNull().default(''),
		ip: text('ip').notNull().default('')
	},
	(t) => [
		index('audit_entity_idx').on(t.entity, t.entityId, t.id),
		index('audit_user_idx').on(t.userId, t.id),
		index('audit_at_idx').on(t.at)
	]
);

/** Append-only raw material of the adoption metrics. */
export const usageEvent = sqliteTable(
	'usage_event',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at').notNull(),
		userId: integer('user_id').notNull(),
		/** The user's team when the event happened; 0 for none. */
		teamId: integer('team_id').notNull().default(0),
		module: text('module').notNull(),
		action: text('action').notNull(),
		entity: text('entity').notNull().default(''),
		entityId: text('entity_id').notNull().default('')
	},
	(t) => [index('usage_event_at_idx').on(t.at), index('usage_event_user_idx').on(t.userId, t.at)]
);

/** One row per (UTC day, user, team, module, action), kept current as events are written. */
export const usageDaily = sqliteTable(
	'usage_daily',
	{
		day: text('day').notNull(),
		userId: integer('user_id').notNull(),
		teamId: integer('team_id').notNull().default(0),
		module: text('module').notNull(),
		action: text('action').notNull(),
		count: integer('count').notNull().default(0)
	},
	(t) => [
		uniqueIndex('usage_daily_key').on(t.day, t.userId, t.teamId, t.module, t.action),
		index('usage_daily_team_idx').on(t.teamId, t.day),
		index('usage_daily_user_idx').on(t.userId, t.day)
	]
);
