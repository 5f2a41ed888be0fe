import { z } from 'zod';
import { isIsoDate } from '../dates';
import { date, idList, optionalDate, optionalId, required, text } from './common';
import { settingsProblem } from '../mermaid-settings';
import {
	AREAS,
	CHANGE_STATUSES,
	CHANGE_TYPES,
	CRITERION_MEASURES,
	CRM_MODULES,
	DIRECTIONS,
	GOAL_CATEGORIES,
	GOAL_METRICS,
	GOAL_METRIC_LABELS,
	GOAL_METRIC_SCOPES,
	GOAL_METRIC_UNITS,
	isPercentMetric,
	parseScopeKey,
	INTEGRATION_CATEGORIES,
	INTEGRATION_STATUSES,
	PHASE_STATUSES,
	PRIORITIES,
	PROJECT_ROLES,
	READINESS_STATUSES,
	RISK_CATEGORIES,
	RISK_STATUSES
} from '../rollout';

/** Form schemas of the rollout workspace, shared by its pages and the server. */

/** 1–5, for likelihood and impact. */
const scale = (what: string) =>
	z.coerce
		.number({ message: `Choose the ${what} from 1 to 5.` })
		.int(`Choose the ${what} from 1 to 5.`)
		.min(1, `Choose the ${what} from 1 to 5.`)
		.max(5, `Choose the ${what} from 1 to 5.`);
/** A decimal number as people type it: `1,250.5`, `12 000`. */
const decimal = (message: string) =>
	z
		.string()
		.trim()
		.transform((v, ctx) => {
			const n = Number(v.replace(/[\s,]/g, ''));
			if (v === '' || !Number.isFinite(n)) {
				ctx.addIssue({ code: 'custom', message });
				return z.NEVER;
			}
			return n;
		});

export const riskForm = z.object({
	title: required(200, 'Name the risk.'),
	description: text(2000),
	category: z.enum(RISK_CATEGORIES, { message: 'Choose a category.' }),
	likelihood: scale('likelihood'),
	impact: scale('impact'),
	ownerId: optionalId,
	mitigation: text(2000),
	contingency: text(2000),
	status: z.enum(RISK_STATUSES, { message: 'Choose a status.' }).default('open'),
	nextReviewDate: optionalDate,
	phaseId: optionalId
});

export const riskReviewForm = z.object({
	likelihood: scale('likelihood'),
	impact: scale('impact'),
	note: required(1000, 'Say what changed, or why it has not.'),
	nextReviewDate: optionalDate
});

export const phaseForm = z
	.object({
		name: required(120, 'Name the phase.'),
		description: text(2000),
		startDate: date('Enter the start date as YYYY-MM-DD.'),
		endDate: date('Enter the end date as YYYY-MM-DD.'),
		status: z.enum(PHASE_STATUSES, { message: 'Choose a status.' }).default('planned'),
		teamIds: idList,
		modules: z.preprocess(
			(v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
			z.array(z.enum(CRM_MODULES, { message: 'Choose from the listed modules.' }))
		),
		adoptionTarget: z.coerce
			.number({ message: 'Enter a percentage from 1 to 100.' })
			.int('Enter a whole percentage.')
			.min(1, 'Enter a percentage from 1 to 100.')
			.max(100, 'Enter a percentage from 1 to 100.')
	})
	.refine((p) => !isIsoDate(p.startDate) || !isIsoDate(p.endDate) || p.endDate >= p.startDate, {
		path: ['endDate'],
		message: 'A phase cannot end before it starts.'
	});

/** A form field that may be left empty: empty is null. */
const emptyIsNull = (v: unknown) => (v === '' || v === undefined || v === null ? null : v);

export const criterionForm = z
	.object({
		kind: z.enum(['entry', 'exit'], { message: 'Choose entry or exit.' }),
		text: text(300),
		/**
		 * Checked live: `training` when the phase's teams have completed `threshold` % of their required
		 * training; `adoption` when their adoption rate was at the phase's target on each of the last
		 * `threshold` days.
		 */
		measure: z.preprocess(
			emptyIsNull,
			z.enum(CRITERION_MEASURES, { message: 'Choose how the criterion is checked.' }).nullable()
		),
		threshold: z.preprocess(
			emptyIsNull,
			z.coerce.number({ message: 'Enter a whole number.' }).int('Enter a whole number.').nullable()
		)
	})
	.superRefine((c, ctx) => {
		if (c.measure === null && c.text === '')
			ctx.addIssue({ code: 'custom', path: ['text'], message: 'Write the criterion.' });
		if (c.measure === 'training' && (c.threshold === null || c.threshold < 1 || c.threshold > 100))
			ctx.addIssue({
				code: 'custom',
				path: ['threshold'],
				message:
					c.threshold === null
						? 'Enter the share of required training that must be completed.'
						: 'Enter a percentage from 1 to 100.'
			});
		if (c.measure === 'adoption' && (c.threshold === null || c.threshold < 1 || c.threshold > 90))
			ctx.addIssue({
				code: 'custom',
				path: ['threshold'],
				message:
					c.threshold === null
						? 'Enter for how many days in a row adoption must be at the target.'
						: 'Enter a number of days from 1 to 90.'
			});
	})
	.transform((c) => ({
		...c,
		threshold: c.measure ? c.threshold : null,
		text:
			c.text ||
			(c.measure === 'adoption'
				? `Adoption at the phase’s target for ${c.threshold} days in a row`
				: `Required training completed by ${c.threshold} % of the phase’s teams`)
	}));

export const milestoneForm = z.object({
	name: required(200, 'Name the milestone.'),
	dueDate: date()
});

export const goalForm = z
	.object({
		title: required(200, 'Name the goal.'),
		description: text(2000),
		category: z.enum(GOAL_CATEGORIES, { message: 'Choose a category.' }),
		kpi: required(120, 'Name the KPI that measures it.'),
		unit: text(20),
		baseline: decimal('Enter the baseline as a number.'),
		target: decimal('Enter the target as a number.'),
		startDate: date('Enter the baseline date as YYYY-MM-DD.'),
		dueDate: date('Enter the due date as YYYY-MM-DD.'),
		ownerId: optionalId,
		phaseIds: idList,
		/** Measured by: a metric checked in automatically each day; empty is by hand. */
		metric: z.preprocess(
			emptyIsNull,
			z.enum(GOAL_METRICS, { message: 'Choose a measure from the list, or “By hand”.' }).nullable()
		),
		/** Whose figures: `all`, `team:<id>` or `phase:<id>` (goals.ts checks the team or phase exists). */
		metricScope: z.preprocess(emptyIsNull, z.string().max(40).nullable())
	})
	.refine((g) => g.target !== g.baseline, {
		path: ['target'],
		message: 'The target must differ from the baseline.'
	})
	.refine((g) => !isIsoDate(g.startDate) || !isIsoDate(g.dueDate) || g.dueDate > g.startDate, {
		path: ['dueDate'],
		message: 'The due date must come after the baseline date.'
	})
	.superRefine((g, ctx) => {
		if (!g.metric) return;
		const label = GOAL_METRIC_LABELS[g.metric];
		const scope = g.metricScope === null ? null : parseScopeKey(g.metricScope);
		const kinds = GOAL_METRIC_SCOPES[g.metric];
		if (!scope || !kinds.includes(scope.kind))
			ctx.addIssue({
				code: 'custom',
				path: ['metricScope'],
				message: kinds.includes('all')
					? 'Choose everyone, a team or a phase.'
					: `${label} is a share of a group: choose a team or a phase.`
			});
		const unit = g.unit.trim().toLowerCase();
		if (isPercentMetric(g.metric) && unit !== '' && unit !== '%' && unit !== 'percent')
			ctx.addIssue({
				code: 'custom',
				path: ['unit'],
				message: `${label} is a percentage: leave the unit empty or write %.`
			});
		if (!isPercentMetric(g.metric) && (unit === '%' || unit === 'percent'))
			ctx.addIssue({
				code: 'custom',
				path: ['unit'],
				message: `${label} is counted in ${GOAL_METRIC_UNITS[g.metric]}, not in %: leave the unit empty.`
			});
	})
	.transform(({ metricScope, ...g }) =>
		g.metric
			? {
					...g,
					// The KPI's unit follows its metric.
					unit: isPercentMetric(g.metric) ? '%' : g.unit || GOAL_METRIC_UNITS[g.metric],
					metricScope: parseScopeKey(metricScope ?? '')
				}
			: { ...g, metricScope: null }
	);

export const checkinForm = z.object({
	date: date(),
	value: decimal('Enter the measured value as a number.'),
	note: text(1000)
});

export const changeRequestForm = z.object({
	title: required(200, 'Say in a line what should change.'),
	description: text(4000),
	type: z.enum(CHANGE_TYPES, { message: 'Choose a type.' }),
	priority: z.enum(PRIORITIES, { message: 'Choose a priority.' }).default('medium')
});

export const decisionForm = z.object({
	to: z.enum(CHANGE_STATUSES, { message: 'Choose what happens next.' }),
	reason: text(2000),
	targetPhaseId: optionalId
});

export const commentForm = z.object({ body: required(2000, 'Write a comment.') });

export const processMapForm = z.object({
	title: required(200, 'Name the process.'),
	area: z.enum(AREAS, { message: 'Choose an area.' }),
	kind: z.enum(['as_is', 'to_be'], { message: 'Choose as-is or to-be.' }),
	source: z
		.string()
		.trim()
		.min(1, 'Write the map in mermaid, e.g. “flowchart LR” and its steps.')
		.max(20_000, 'Use at most 20,000 characters.')
		// Settings (`%%{init: …}%%`, a `config:` block) may change the look, never what viewers' browsers load.
		.superRefine((source, ctx) => {
			const problem = settingsProblem(source);
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		})
});

/** A link to the evidence: a web address or a page of Uptake (`/rollout/…`). */
const evidence = z
	.string()
	.trim()
	.max(500, 'Use at most 500 characters.')
	.default('')
	.refine(
		(u) => u === '' || u.startsWith('/') || /^https?:\/\/[^\s]+$/.test(u),
		'Enter a web address (https://…) or a page of Uptake (/rollout/…).'
	);

export const readinessForm = z.object({
	status: z.enum(READINESS_STATUSES, { message: 'Choose a status.' }),
	ownerId: optionalId,
	evidenceUrl: evidence,
	notes: text(1000)
});

export const readinessQuestionForm = z.object({ question: required(300, 'Write the question.') });

export const integrationForm = z.object({
	system: required(120, 'Name the system.'),
	category: z.enum(INTEGRATION_CATEGORIES, { message: 'Choose a category.' }),
	direction: z.enum(DIRECTIONS, { message: 'Choose which way data flows.' }),
	objects: text(300),
	frequency: text(100),
	status: z.enum(INTEGRATION_STATUSES, { message: 'Choose a status.' }).default('planned'),
	ownerId: optionalId,
	notes: text(2000)
});

export const painPointForm = z.object({
	area: z.enum(AREAS, { message: 'Choose an area.' }),
	severity: z.enum(PRIORITIES, { message: 'Choose how bad it is.' }),
	description: required(2000, 'Describe what gets in the way.')
});

export const painPointTriageForm = z.object({
	processMapId: optionalId,
	goalId: optionalId,
	changeRequestId: optionalId,
	status: z.enum(['open', 'addressed'], { message: 'Choose open or addressed.' })
});

export const projectRoleForm = z
	.object({
		userId: z.coerce.number({ message: 'Choose a person.' }).int().positive({ message: 'Choose a person.' }),
		role: z.enum(PROJECT_ROLES, { message: 'Choose a role.' }),
		teamId: optionalId,
		responsibilities: text(500)
	})
	.refine((r) => r.role !== 'champion' || r.teamId !== null, {
		path: ['teamId'],
		message: 'Choose the team this person champions.'
	});
