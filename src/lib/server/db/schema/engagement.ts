import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ContestMetric, ContestResult, FrozenRules } from '../../../engagement';
import { team, user } from './auth';
import { nowMs } from './columns';

/**
 * Engagement: points for the CRM work people do (engagement/points.ts), leaderboards, contests
 * between teams or virtual teams, badges. Days are UTC YYYY-MM-DD text; instants epoch ms.
 */

/** What one action earns: set by the admin (audited); an action without a row earns its default. */
export const pointsRule = sqliteTable('points_rule', {
	/** A key of POINT_ACTIONS ($lib/engagement.ts). */
	action: text('action').primaryKey(),
	points: integer('points').notNull(),
	/** At most this many of the action earn points per person and day. */
	dailyCap: integer('daily_cap').notNull(),
	enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
	updatedAt: integer('updated_at').notNull().default(nowMs),
	version: integer('version').notNull().default(1)
});

/**
 * Append-only: why each point was given or taken. An award that the quality rule or the daily cap
 * stopped is a row of 0 points with its reason; a reversal is a new row (negative points) naming the
 * row it reverses (`reverses_id`), never an edit.
 */
export const pointsLedger = sqliteTable(
	'points_ledger',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at').notNull(),
		day: text('day').notNull(),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		/** The person's team when the points were given (0: none). */
		teamId: integer('team_id').notNull().default(0),
		action: text('action').notNull(),
		entity: text('entity').notNull(),
		entityId: text('entity_id').notNull(),
		points: integer('points').notNull(),
		/** 1 when the action counted (passed the quality rule; capped ones count, with 0 points), −1 when a reversal takes one back, 0 otherwise. */
		counted: integer('counted').notNull(),
		reason: text('reason').notNull(),
		/** What makes an action once per record: the field filled, the stage reached (empty: none). */
		detail: text('detail').notNull().default(''),
		/** The audit entry of the change that earned or took back the points. */
		auditId: integer('audit_id'),
		reversesId: integer('reverses_id'),
		/** Set on an award once a reversal took it back (the award's only mutable fact, kept by the same transaction). */
		reversed: integer('reversed', { mode: 'boolean' }).notNull().default(false)
	},
	(t) => [
		index('points_ledger_user_idx').on(t.userId, t.id),
		index('points_ledger_entity_idx').on(t.entity, t.entityId)
	]
);

/**
 * Rollup of the ledger per person, day and action, kept in the award's transaction: `n` actions that
 * counted (net of reversals), `paid` of them with points, `points` given (net). Leaderboards and contests read this, never the ledger.
 * WITHOUT ROWID (migration 0019): a day's rows are one clustered range of the primary key.
 */
export const pointsDay = sqliteTable(
	'points_day',
	{
		day: text('day').notNull(),
		userId: integer('user_id').notNull(),
		action: text('action').notNull(),
		n: integer('n').notNull().default(0),
		/** Of those, the ones that earned points (the daily cap counts these). */
		paid: integer('paid').notNull().default(0),
		points: integer('points').notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.day, t.userId, t.action] }),
		// A person's lifetime count of an action (badges), without reading their rows.
		index('points_day_user_action_idx').on(t.userId, t.action, t.n)
	]
);

/**
 * Points per person and period, kept with `points_day`: `w:<Monday>` for a UTC week, `m:<YYYY-MM>` for a
 * month. The week and month boards read one row per person from here. WITHOUT ROWID (migration 0019).
 */
export const pointsPeriod = sqliteTable(
	'points_period',
	{
		period: text('period').notNull(),
		userId: integer('user_id').notNull(),
		points: integer('points').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.period, t.userId] })]
);

/** A contest: its rules (metric, dates, participants, target) are frozen once it starts. */
export const contest = sqliteTable(
	'contest',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		/** `team`: virtual teams compete per head; `individual`: their members compete one by one. */
		kind: text('kind', { enum: ['team', 'individual'] })
			.notNull()
			.default('team'),
		metric: text('metric').$type<ContestMetric>().notNull(),
		/** First and last day, inclusive (UTC). */
		startsOn: text('starts_on').notNull(),
		endsOn: text('ends_on').notNull(),
		/** Per head (team contest) or per person: the figure that reaches the goal; null: none. */
		target: integer('target'),
		prizes: text('prizes').notNull().default(''),
		/** The points rules as they were when the contest started: standings count by these. */
		rules: text('rules', { mode: 'json' }).$type<FrozenRules>(),
		startedAt: integer('started_at'),
		endedAt: integer('ended_at'),
		/** The final standings, archived when it ended. */
		result: text('result', { mode: 'json' }).$type<ContestResult>(),
		createdBy: integer('created_by')
			.notNull()
			.references(() => user.id),
		createdAt: integer('created_at').notNull().default(nowMs),
		updatedAt: integer('updated_at').notNull().default(nowMs),
		version: integer('version').notNull().default(1)
	},
	(t) => [index('contest_dates_idx').on(t.startsOn, t.endsOn)]
);

/** A side of a contest: a virtual team made of real teams (one real team alone is a side of one). */
export const contestTeam = sqliteTable(
	'contest_team',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		contestId: integer('contest_id')
			.notNull()
			.references(() => contest.id, { onDelete: 'cascade' }),
		name: text('name').notNull()
	},
	(t) => [uniqueIndex('contest_team_name').on(t.contestId, t.name)]
);

/** The real teams of a side. A team is in at most one side of a contest (the unique key). */
export const contestTeamMember = sqliteTable(
	'contest_team_member',
	{
		contestId: integer('contest_id')
			.notNull()
			.references(() => contest.id, { onDelete: 'cascade' }),
		contestTeamId: integer('contest_team_id')
			.notNull()
			.references(() => contestTeam.id, { onDelete: 'cascade' }),
		teamId: integer('team_id')
			.notNull()
			.references(() => team.id)
	},
	(t) => [primaryKey({ columns: [t.contestId, t.teamId] })]
);

/** A milestone: reaching `threshold` of `action` (counted actions, as the ledger counts them). */
export const badge = sqliteTable('badge', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	key: text('key').notNull().unique(),
	name: text('name').notNull(),
	description: text('description').notNull().default(''),
	action: text('action').notNull(),
	threshold: integer('threshold').notNull(),
	/** Once ever, or again each time the count since the last award reaches the threshold … */
	repeatable: integer('repeatable', { mode: 'boolean' }).notNull().default(false),
	/** … at most this many times per person and month. */
	monthlyCap: integer('monthly_cap').notNull().default(1)
});

export const badgeAward = sqliteTable(
	'badge_award',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		badgeId: integer('badge_id')
			.notNull()
			.references(() => badge.id),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		at: integer('at').notNull(),
		/** YYYY-MM of the award: the monthly cap counts these. */
		month: text('month').notNull(),
		/** The ledger row whose action reached the milestone. */
		ledgerId: integer('ledger_id')
	},
	(t) => [index('badge_award_user_idx').on(t.userId, t.badgeId, t.month)]
);

/** A person's engagement choices: hide their name from public boards (they still see their own rank). */
export const engagementPref = sqliteTable('engagement_pref', {
	userId: integer('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	hideFromBoards: integer('hide_from_boards', { mode: 'boolean' }).notNull().default(false),
	updatedAt: integer('updated_at').notNull().default(nowMs)
});
