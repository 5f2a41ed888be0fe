import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { role } from './auth';
import { nowMs } from './columns';

/**
 * Adoption: what each role's core actions are, which fields make a record complete, and the rollups
 * the adoption pages read (never the raw usage events). Every rollup is kept current in the usage
 * event's own transaction (audit/usage.ts) and rebuilt from the raw events by `npm run rollups`.
 * Days and weeks are UTC; a week is keyed by its Monday (YYYY-MM-DD).
 */

/** A CRM action (usage module × action) the rollout expects of a role: doing one is "working". */
export const coreAction = sqliteTable(
	'core_action',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		roleId: integer('role_id')
			.notNull()
			.references(() => role.id),
		module: text('module').notNull(),
		action: text('action').notNull(),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [uniqueIndex('core_action_key').on(t.roleId, t.module, t.action)]
);

/**
 * Changes (create, update, delete) per CRM module where records change ($lib/adoption CHANGE_MODULES,
 * column `changesColumn(module)`): the modules × teams page sums them over a window.
 */
const moduleChanges = () => ({
	contactsChanges: integer('contacts_changes').notNull().default(0),
	companiesChanges: integer('companies_changes').notNull().default(0),
	dealsChanges: integer('deals_changes').notNull().default(0),
	activitiesChanges: integer('activities_changes').notNull().default(0),
	casesChanges: integer('cases_changes').notNull().default(0),
	campaignsChanges: integer('campaigns_changes').notNull().default(0),
	importChanges: integer('import_changes').notNull().default(0)
});

/** One row per user and UTC day with any usage: the day's events, page views, core actions and CRM modules. */
export const usageUserDay = sqliteTable(
	'usage_user_day',
	{
		userId: integer('user_id').notNull(),
		day: text('day').notNull(),
		events: integer('events').notNull().default(0),
		views: integer('views').notNull().default(0),
		core: integer('core').notNull().default(0),
		/** The CRM modules used that day, one bit each in the order of $lib/adoption CRM_MODULE_NAMES. */
		modules: integer('modules').notNull().default(0),
		...moduleChanges()
	},
	(t) => [primaryKey({ columns: [t.userId, t.day] }), index('usage_user_day_day_idx').on(t.day)]
);

/** One row per user and week (Monday) with any usage: active days, events, core actions, days with one. */
export const usageUserWeek = sqliteTable(
	'usage_user_week',
	{
		userId: integer('user_id').notNull(),
		week: text('week').notNull(),
		days: integer('days').notNull().default(0),
		events: integer('events').notNull().default(0),
		core: integer('core').notNull().default(0),
		coreDays: integer('core_days').notNull().default(0),
		/**
		 * Weeks since the person's previous week with use (null: this is their first): new, returning,
		 * resurrected and the 28-day MAU of a week are counts of these (adoption/metrics.ts weekly).
		 */
		gap: integer('gap'),
		/** The CRM modules used in the week (the days' bits together). */
		modules: integer('modules').notNull().default(0),
		...moduleChanges()
	},
	(t) => [primaryKey({ columns: [t.userId, t.week] }), index('usage_user_week_week_idx').on(t.week)]
);

/** Per user: the first and last usage event and core action (epoch ms), for never-signed-in, lapsed, time to first. */
export const usageUser = sqliteTable('usage_user', {
	userId: integer('user_id').primaryKey(),
	firstAt: integer('first_at').notNull(),
	lastAt: integer('last_at').notNull(),
	firstCoreAt: integer('first_core_at'),
	lastCoreAt: integer('last_core_at')
});

/** A field whose being filled makes a record of its object complete (data quality). */
export const qualityField = sqliteTable(
	'quality_field',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		entity: text('entity', { enum: ['company', 'contact', 'deal', 'case'] }).notNull(),
		field: text('field').notNull(),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [uniqueIndex('quality_field_key').on(t.entity, t.field)]
);

/** A day's data-quality score of one owner's records (team 0 = none), kept for the trend. */
export const qualitySnapshot = sqliteTable(
	'quality_snapshot',
	{
		day: text('day').notNull(),
		ownerId: integer('owner_id').notNull(),
		teamId: integer('team_id').notNull().default(0),
		records: integer('records').notNull(),
		/** Checks made (key fields, duplicate and stale checks): the weight of the owner in a group's score. */
		checks: integer('checks').notNull().default(0),
		score: real('score').notNull(),
		/** What lowers the score: `{ reason: count }`, e.g. `{ "deal.closeDate": 41, "duplicate.contact": 3 }`. */
		problems: text('problems', { mode: 'json' }).$type<Record<string, number>>().notNull()
	},
	(t) => [primaryKey({ columns: [t.day, t.ownerId] }), index('quality_snapshot_team_idx').on(t.teamId, t.day)]
);
