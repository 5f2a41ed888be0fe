import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { nowMs } from './columns';

export const team = sqliteTable(
	'team',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		createdAt: integer('created_at').notNull().default(nowMs),
		updatedAt: integer('updated_at').notNull().default(nowMs),
		version: integer('version').notNull().default(1)
	},
	(t) => [uniqueIndex('team_name_unique').on(t.name)]
);

export const role = sqliteTable(
	'role',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Stable key; built-in roles have the names listed in access/permissions.ts. */
		name: text('name').notNull(),
		label: text('label').notNull(),
		description: text('description').notNull().default(''),
		/** JSON array of permission names (see access/permissions.ts). */
		permissions: text('permissions', { mode: 'json' })
			.$type<string[]>()
			.notNull()
			.default(sql`'[]'`),
		/** Which CRM records the role sees and edits: own, team or all. */
		scope: text('scope', { enum: ['own', 'team', 'all'] })
			.notNull()
			.default('own'),
		canExport: integer('can_export', { mode: 'boolean' }).notNull().default(false),
		builtIn: integer('built_in', { mode: 'boolean' }).notNull().default(false),
		createdAt: integer('created_at').notNull().default(nowMs),
		updatedAt: integer('updated_at').notNull().default(nowMs),
		version: integer('version').notNull().default(1)
	},
	(t) => [uniqueIndex('role_name_unique').on(t.name)]
);

export const user = sqliteTable(
	'user',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Stored lower-cased and trimmed; unique. */
		email: text('email').notNull(),
		name: text('name').notNull(),
		/** The name folded for search and sort (lower case, no diacritics): see $lib/text.ts. */
		nameKey: text('name_key').notNull(),
		passwordHash: text('password_hash').notNull(),
		roleId: integer('role_id')
			.notNull()
			.references(() => role.id),
		teamId: integer('team_id').references(() => team.id),
		title: text('title').notNull().default(''),
		locale: text('locale').notNull().default('en'),
		active: integer('active', { mode: 'boolean' }).notNull().default(true),
		createdAt: integer('created_at').notNull().default(nowMs),
		updatedAt: integer('updated_at').notNull().default(nowMs),
		version: integer('version').notNull().default(1)
	},
	(t) => [
		uniqueIndex('user_email_unique').on(t.email),
		index('user_team_idx').on(t.teamId),
		index('user_role_idx').on(t.roleId),
		index('user_name_key_idx').on(t.nameKey)
	]
);

export const session = sqliteTable(
	'session',
	{
		/** Hex SHA-256 of the token held in the cookie; the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at').notNull(),
		/** Last time the idle window was extended. */
		lastSeenAt: integer('last_seen_at').notNull(),
		expiresAt: integer('expires_at').notNull(),
		ip: text('ip').notNull().default(''),
		userAgent: text('user_agent').notNull().default('')
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

export const projectRole = sqliteTable(
	'project_role',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		role: text('role', {
			enum: [
				'executive_sponsor',
				'project_manager',
				'crm_admin',
				'key_user',
				'champion',
				'trainer',
				'steering_member',
				'consultant'
			]
		}).notNull(),
		teamId: integer('team_id').references(() => team.id),
		responsibilities: text('responsibilities').notNull().default(''),
		createdAt: integer('created_at').notNull().default(nowMs),
		updatedAt: integer('updated_at').notNull().default(nowMs),
		version: integer('version').notNull().default(1)
	},
	(t) => [index('project_role_user_idx').on(t.userId)]
);

/** Every sign-in attempt, kept for the throttle and for the admin's review. */
export const loginAttempt = sqliteTable(
	'login_attempt',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at').notNull(),
		email: text('email').notNull(),
		ip: text('ip').notNull(),
		/** `throttled` attempts were refused before the password was checked and do not extend the lock. */
		outcome: text('outcome', { enum: ['success', 'invalid', 'throttled'] }).notNull(),
		userId: integer('user_id')
	},
	(t) => [index('login_attempt_email_idx').on(t.email, t.at), index('login_attempt_ip_idx').on(t.ip, t.at)]
);

/** Admin settings, one row a key, the value as JSON. */
export const setting = sqliteTable('setting', {
	key: text('key').primaryKey(),
	value: text('value', { mode: 'json' }).notNull(),
	updatedAt: integer('updated_at').notNull().default(nowMs),
	version: integer('version').notNull().default(1)
});
