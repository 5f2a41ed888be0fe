import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { team, user } from './auth';
import { nowMs } from './columns';
import {
	AREAS,
	CHANGE_STATUSES,
	CHANGE_TYPES,
	CRITERION_MEASURES,
	DIRECTIONS,
	GOAL_CATEGORIES,
	GOAL_METRICS,
	INTEGRATION_CATEGORIES,
	INTEGRATION_STATUSES,
	PHASE_STATUSES,
	PRIORITIES,
	PROJECT_ROLES,
	READINESS_STATUSES,
	RISK_CATEGORIES,
	RISK_STATUSES,
	SEVERITIES,
	type MetricScope
} from '../../../rollout';

/**
 * The rollout workspace: the plan for putting the CRM into use, next to the CRM it measures. Dates
 * are YYYY-MM-DD text; timestamps epoch milliseconds; every editable row has an optimistic-lock version.
 */

const timestamps = () => ({
	createdAt: integer('created_at').notNull().default(nowMs),
	updatedAt: integer('updated_at').notNull().default(nowMs),
	version: integer('version').notNull().default(1)
});

/** A rollout phase: which teams start using which CRM modules when, and what must be true to close it. */
export const phase = sqliteTable(
	'phase',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		position: integer('position').notNull(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		startDate: text('start_date').notNull(),
		endDate: text('end_date').notNull(),
		status: text('status', { enum: PHASE_STATUSES }).notNull().default('planned'),
		/** CRM modules in scope: usage module names such as `crm.contacts`. */
		modules: text('modules', { mode: 'json' }).$type<string[]>().notNull().default([]),
		/** Share of the phase's users active in the last 7 days it aims for, in percent. */
		adoptionTarget: integer('adoption_target').notNull().default(70),
		closedAt: integer('closed_at'),
		/** When the steering committee closed it with exit criteria unchecked: why. */
		overrideReason: text('override_reason'),
		...timestamps()
	},
	(t) => [index('phase_position_idx').on(t.position)]
);

export const phaseTeam = sqliteTable(
	'phase_team',
	{
		phaseId: integer('phase_id')
			.notNull()
			.references(() => phase.id, { onDelete: 'cascade' }),
		teamId: integer('team_id')
			.notNull()
			.references(() => team.id)
	},
	(t) => [primaryKey({ columns: [t.phaseId, t.teamId] }), index('phase_team_team_idx').on(t.teamId)]
);

/** An entry or exit criterion of a phase: a checklist item, or a measure checked live. */
export const phaseCriterion = sqliteTable(
	'phase_criterion',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		phaseId: integer('phase_id')
			.notNull()
			.references(() => phase.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['entry', 'exit'] }).notNull(),
		text: text('text').notNull(),
		done: integer('done', { mode: 'boolean' }).notNull().default(false),
		position: integer('position').notNull().default(0),
		/**
		 * A criterion measured live rather than checked by hand: `training` is met when the phase's
		 * teams have completed at least `threshold` % of their required training (training/gate.ts);
		 * `adoption` when the teams' adoption rate was at least the phase's target on each of the last
		 * `threshold` days (adoption/sources.ts).
		 */
		measure: text('measure', { enum: CRITERION_MEASURES }),
		threshold: integer('threshold')
	},
	(t) => [index('phase_criterion_phase_idx').on(t.phaseId, t.kind, t.position)]
);

export const milestone = sqliteTable(
	'milestone',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		phaseId: integer('phase_id')
			.notNull()
			.references(() => phase.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		dueDate: text('due_date').notNull(),
		done: integer('done', { mode: 'boolean' }).notNull().default(false)
	},
	(t) => [index('milestone_phase_idx').on(t.phaseId, t.dueDate)]
);

/** A goal of the rollout, ranked by priority (1 = first), with a KPI measured by check-ins. */
export const goal = sqliteTable(
	'goal',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		rank: integer('rank').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		category: text('category', { enum: GOAL_CATEGORIES }).notNull(),
		kpi: text('kpi').notNull(),
		unit: text('unit').notNull().default(''),
		baseline: real('baseline').notNull(),
		target: real('target').notNull(),
		/** The date the baseline was measured: the start of the trajectory to the target. */
		startDate: text('start_date').notNull(),
		dueDate: text('due_date').notNull(),
		ownerId: integer('owner_id').references(() => user.id),
		/** What measures the KPI, checked in automatically each day (adoption/sources.ts); null: by hand. */
		metric: text('metric', { enum: GOAL_METRICS }),
		/** Whose figures the metric reads: a team, a phase's teams or everyone. */
		metricScope: text('metric_scope', { mode: 'json' }).$type<MetricScope>(),
		...timestamps()
	},
	(t) => [index('goal_rank_idx').on(t.rank)]
);

export const goalPhase = sqliteTable(
	'goal_phase',
	{
		goalId: integer('goal_id')
			.notNull()
			.references(() => goal.id, { onDelete: 'cascade' }),
		phaseId: integer('phase_id')
			.notNull()
			.references(() => phase.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.goalId, t.phaseId] })]
);

export const goalCheckin = sqliteTable(
	'goal_checkin',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		goalId: integer('goal_id')
			.notNull()
			.references(() => goal.id, { onDelete: 'cascade' }),
		date: text('date').notNull(),
		value: real('value').notNull(),
		note: text('note').notNull().default(''),
		userId: integer('user_id').references(() => user.id),
		/** `auto`: the daily check-in of a measured goal, written by the system (no user). */
		source: text('source', { enum: ['manual', 'auto'] })
			.notNull()
			.default('manual'),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [
		index('goal_checkin_goal_idx').on(t.goalId, t.date),
		// At most one automatic check-in per goal and day, also when two pages are read at once.
		uniqueIndex('goal_checkin_auto_day')
			.on(t.goalId, t.date)
			.where(sql`${t.source} = 'auto'`)
	]
);

/** A risk to the rollout; score = likelihood × impact (both 1–5). */
export const risk = sqliteTable(
	'risk',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		category: text('category', { enum: RISK_CATEGORIES }).notNull(),
		likelihood: integer('likelihood').notNull(),
		impact: integer('impact').notNull(),
		ownerId: integer('owner_id').references(() => user.id),
		mitigation: text('mitigation').notNull().default(''),
		contingency: text('contingency').notNull().default(''),
		status: text('status', { enum: RISK_STATUSES }).notNull().default('open'),
		nextReviewDate: text('next_review_date'),
		phaseId: integer('phase_id').references(() => phase.id, { onDelete: 'set null' }),
		...timestamps()
	},
	(t) => [index('risk_status_idx').on(t.status), index('risk_phase_idx').on(t.phaseId)]
);

/** A review of a risk: its likelihood and impact then, so the trend is visible. */
export const riskReview = sqliteTable(
	'risk_review',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		riskId: integer('risk_id')
			.notNull()
			.references(() => risk.id, { onDelete: 'cascade' }),
		date: text('date').notNull(),
		likelihood: integer('likelihood').notNull(),
		impact: integer('impact').notNull(),
		note: text('note').notNull().default(''),
		userId: integer('user_id').references(() => user.id),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [index('risk_review_risk_idx').on(t.riskId, t.date)]
);

/** A change asked of the CRM or the rollout, decided by the steering committee. */
export const changeRequest = sqliteTable(
	'change_request',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		type: text('type', { enum: CHANGE_TYPES }).notNull(),
		priority: text('priority', { enum: PRIORITIES }).notNull().default('medium'),
		status: text('status', { enum: CHANGE_STATUSES }).notNull().default('submitted'),
		requestedBy: integer('requested_by')
			.notNull()
			.references(() => user.id),
		targetPhaseId: integer('target_phase_id').references(() => phase.id, { onDelete: 'set null' }),
		/** The latest decision's reason, as the requester sees it. */
		reason: text('reason').notNull().default(''),
		decidedBy: integer('decided_by').references(() => user.id),
		decidedAt: integer('decided_at'),
		...timestamps()
	},
	(t) => [index('change_request_status_idx').on(t.status, t.createdAt)]
);

/** Every move of a change request: who, when, from what to what, and why. */
export const changeRequestEvent = sqliteTable(
	'change_request_event',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		changeRequestId: integer('change_request_id')
			.notNull()
			.references(() => changeRequest.id, { onDelete: 'cascade' }),
		at: integer('at').notNull().default(nowMs),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		fromStatus: text('from_status'),
		toStatus: text('to_status').notNull(),
		reason: text('reason').notNull().default('')
	},
	(t) => [index('change_request_event_cr_idx').on(t.changeRequestId, t.at)]
);

export const changeRequestComment = sqliteTable(
	'change_request_comment',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		changeRequestId: integer('change_request_id')
			.notNull()
			.references(() => changeRequest.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		body: text('body').notNull(),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [index('change_request_comment_cr_idx').on(t.changeRequestId, t.createdAt)]
);

export const changeRequestVote = sqliteTable(
	'change_request_vote',
	{
		changeRequestId: integer('change_request_id')
			.notNull()
			.references(() => changeRequest.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id)
	},
	(t) => [primaryKey({ columns: [t.changeRequestId, t.userId] })]
);

/** An as-is or to-be process map of an area, in mermaid. */
export const processMap = sqliteTable(
	'process_map',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		area: text('area', { enum: AREAS }).notNull(),
		kind: text('kind', { enum: ['as_is', 'to_be'] }).notNull(),
		source: text('source').notNull(),
		clonedFromId: integer('cloned_from_id'),
		...timestamps()
	},
	(t) => [index('process_map_area_idx').on(t.area, t.kind)]
);

/** A pain point reported by someone who will use the CRM. */
export const painPoint = sqliteTable(
	'pain_point',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		area: text('area', { enum: AREAS }).notNull(),
		severity: text('severity', { enum: SEVERITIES }).notNull(),
		description: text('description').notNull(),
		reportedBy: integer('reported_by')
			.notNull()
			.references(() => user.id),
		status: text('status', { enum: ['open', 'addressed'] })
			.notNull()
			.default('open'),
		processMapId: integer('process_map_id').references(() => processMap.id, { onDelete: 'set null' }),
		goalId: integer('goal_id').references(() => goal.id, { onDelete: 'set null' }),
		changeRequestId: integer('change_request_id').references(() => changeRequest.id, {
			onDelete: 'set null'
		}),
		...timestamps()
	},
	(t) => [index('pain_point_status_idx').on(t.status, t.area)]
);

export const painPointVote = sqliteTable(
	'pain_point_vote',
	{
		painPointId: integer('pain_point_id')
			.notNull()
			.references(() => painPoint.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id)
	},
	(t) => [primaryKey({ columns: [t.painPointId, t.userId] })]
);

/** A system the CRM must work with, and which way data flows. */
export const integration = sqliteTable('integration', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	system: text('system').notNull(),
	category: text('category', { enum: INTEGRATION_CATEGORIES }).notNull(),
	direction: text('direction', { enum: DIRECTIONS }).notNull(),
	objects: text('objects').notNull().default(''),
	frequency: text('frequency').notNull().default(''),
	status: text('status', { enum: INTEGRATION_STATUSES }).notNull().default('planned'),
	ownerId: integer('owner_id').references(() => user.id),
	notes: text('notes').notNull().default(''),
	...timestamps()
});

/** A pre-implementation question and how far it is answered. */
export const readinessItem = sqliteTable('readiness_item', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	position: integer('position').notNull(),
	question: text('question').notNull(),
	status: text('status', { enum: READINESS_STATUSES }).notNull().default('open'),
	ownerId: integer('owner_id').references(() => user.id),
	evidenceUrl: text('evidence_url').notNull().default(''),
	notes: text('notes').notNull().default(''),
	...timestamps()
});

/** The RACI matrix: for a project role and a workstream (a phase or a named stream), R, A, C or I. */
export const raci = sqliteTable(
	'raci',
	{
		role: text('role', { enum: PROJECT_ROLES }).notNull(),
		workstream: text('workstream').notNull(),
		letter: text('letter', { enum: ['R', 'A', 'C', 'I'] }).notNull()
	},
	(t) => [primaryKey({ columns: [t.role, t.workstream] })]
);
