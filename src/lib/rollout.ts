/**
 * The rollout workspace's vocabularies and their labels, shared by forms, pages and the server
 * (the database schema takes its enums from here).
 */

export const PHASE_STATUSES = ['planned', 'active', 'on_hold', 'closed'] as const;
export type PhaseStatus = (typeof PHASE_STATUSES)[number];
export const PHASE_STATUS_LABELS: Record<PhaseStatus, string> = {
	planned: 'Planned',
	active: 'Active',
	on_hold: 'On hold',
	closed: 'Closed'
};

export const GOAL_CATEGORIES = [
	'sales_growth',
	'retention',
	'service_quality',
	'marketing',
	'strategic_overview',
	'efficiency'
] as const;
export type GoalCategory = (typeof GOAL_CATEGORIES)[number];
export const GOAL_CATEGORY_LABELS: Record<GoalCategory, string> = {
	sales_growth: 'Sales growth',
	retention: 'Customer retention',
	service_quality: 'Service quality',
	marketing: 'Marketing',
	strategic_overview: 'Strategic overview',
	efficiency: 'Efficiency'
};

export const RISK_CATEGORIES = [
	'people',
	'process',
	'technology',
	'data',
	'integration',
	'vendor',
	'budget'
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];
export const RISK_CATEGORY_LABELS: Record<RiskCategory, string> = {
	people: 'People',
	process: 'Process',
	technology: 'Technology',
	data: 'Data',
	integration: 'Integration',
	vendor: 'Vendor',
	budget: 'Budget'
};
export const RISK_STATUSES = ['open', 'mitigating', 'closed', 'occurred'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
export const RISK_STATUS_LABELS: Record<RiskStatus, string> = {
	open: 'Open',
	mitigating: 'Mitigating',
	closed: 'Closed',
	occurred: 'Occurred'
};
/** A risk's score band, for the heat map's colours and the dashboard's "top risks". */
export function riskBand(score: number): 'low' | 'medium' | 'high' | 'severe' {
	return score >= 15 ? 'severe' : score >= 10 ? 'high' : score >= 5 ? 'medium' : 'low';
}

export const CHANGE_TYPES = [
	'field',
	'process',
	'report',
	'integration',
	'training',
	'defect',
	'other'
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
export const CHANGE_TYPE_LABELS: Record<ChangeType, string> = {
	field: 'Field',
	process: 'Process',
	report: 'Report',
	integration: 'Integration',
	training: 'Training',
	defect: 'Defect',
	other: 'Other'
};
export const CHANGE_STATUSES = [
	'submitted',
	'under_review',
	'approved',
	'rejected',
	'scheduled',
	'done'
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];
export const CHANGE_STATUS_LABELS: Record<ChangeStatus, string> = {
	submitted: 'Submitted',
	under_review: 'Under review',
	approved: 'Approved',
	rejected: 'Rejected',
	scheduled: 'Scheduled',
	done: 'Done'
};
/** The steering committee's moves: from each status, where a change request may go next. */
export const CHANGE_FLOW: Record<ChangeStatus, ChangeStatus[]> = {
	submitted: ['under_review', 'rejected'],
	under_review: ['approved', 'rejected'],
	approved: ['scheduled', 'rejected'],
	rejected: ['under_review'],
	scheduled: ['done', 'approved'],
	done: []
};
/** Statuses that wait for the steering committee. */
export const AWAITING_DECISION: ChangeStatus[] = ['submitted', 'under_review', 'approved'];

export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = {
	low: 'Low',
	medium: 'Medium',
	high: 'High',
	critical: 'Critical'
};

export const AREAS = ['sales', 'service', 'marketing', 'management', 'operations'] as const;
export type Area = (typeof AREAS)[number];
export const AREA_LABELS: Record<Area, string> = {
	sales: 'Sales',
	service: 'Service',
	marketing: 'Marketing',
	management: 'Management',
	operations: 'Operations'
};
export const SEVERITIES = PRIORITIES;

export const INTEGRATION_CATEGORIES = [
	'erp',
	'accounting',
	'email',
	'telephony',
	'website',
	'order_processing',
	'marketing_automation',
	'supply_chain',
	'analytics',
	'other'
] as const;

export const PROJECT_ROLES = [
	'executive_sponsor',
	'project_manager',
	'crm_admin',
	'key_user',
	'champion',
	'trainer',
	'steering_member',
	'consultant'
] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];
export const PROJECT_ROLE_LABELS: Record<ProjectRole, string> = {
	executive_sponsor: 'Executive sponsor',
	project_manager: 'Project manager',
	crm_admin: 'CRM admin',
	key_user: 'Key user',
	champion: 'Champion',
	trainer: 'Trainer',
	steering_member: 'Steering committee member',
	consultant: 'Consultant'
};

/** The CRM modules a phase can bring into use (usage module names). */
export const CRM_MODULES = [
	'crm.contacts',
	'crm.companies',
	'crm.deals',
	'crm.activities',
	'crm.cases',
	'crm.campaigns'
] as const;
export const CRM_MODULE_LABELS: Record<(typeof CRM_MODULES)[number], string> = {
	'crm.contacts': 'Contacts',
	'crm.companies': 'Companies',
	'crm.deals': 'Deals',
	'crm.activities': 'Activities',
	'crm.cases': 'Cases',
	'crm.campaigns': 'Campaigns'
};

/** A goal's status, from its check-ins against its trajectory (server: rollout/goals.ts goalStatus). */
export type GoalStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data' | 'achieved';
export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
	on_track: 'On track',
	at_risk: 'At risk',
	off_track: 'Off track',
	no_data: 'No check-in yet',
	achieved: 'Achieved'
};
/** The badge tone of each goal status and phase rating. */
export const GOAL_STATUS_TONES = {
	on_track: 'green',
	achieved: 'green',
	at_risk: 'amber',
	off_track: 'red',
	no_data: 'grey'
} as const;
export type Rag = 'red' | 'amber' | 'green' | 'closed';
export const RAG_LABELS: Record<Rag, string> = {
	red: 'Red',
	amber: 'Amber',
	green: 'Green',
	closed: 'Closed'
};
export const RAG_TONES = { red: 'red', amber: 'amber', green: 'green', closed: 'grey' } as const;

export const INTEGRATION_CATEGORY_LABELS: Record<(typeof INTEGRATION_CATEGORIES)[number], string> = {
	erp: 'ERP',
	accounting: 'Accounting',
	email: 'Email',
	telephony: 'Telephony',
	website: 'Website',
	order_processing: 'Order processing',
	marketing_automation: 'Marketing automation',
	supply_chain: 'Supply chain',
	analytics: 'Analytics',
	other: 'Other'
};
export const DIRECTIONS = ['read_only', 'write_only', 'two_way'] as const;
export const DIRECTION_LABELS: Record<(typeof DIRECTIONS)[number], string> = {
	read_only: 'Read only (into the CRM)',
	write_only: 'Write only (out of the CRM)',
	two_way: 'Two-way'
};
export const INTEGRATION_STATUSES = ['planned', 'building', 'live', 'retired'] as const;
export const INTEGRATION_STATUS_LABELS: Record<(typeof INTEGRATION_STATUSES)[number], string> = {
	planned: 'Planned',
	building: 'Building',
	live: 'Live',
	retired: 'Retired'
};
export const READINESS_STATUSES = ['open', 'in_progress', 'done'] as const;
export const READINESS_STATUS_LABELS: Record<(typeof READINESS_STATUSES)[number], string> = {
	open: 'Open',
	in_progress: 'In progress',
	done: 'Done'
};

/** The form field of one cell of the RACI matrix: a role and the index of a workstream. */
export const raciCell = (role: ProjectRole, workstream: number) => `raci_${role}_${workstream}`;
/** The hidden field naming the workstream of the form's column `workstream`: columns are matched by name. */
export const raciColumn = (workstream: number) => `raci_ws_${workstream}`;

/**
 * What a goal's KPI can be measured by, checked in automatically each day (server:
 * adoption/sources.ts); a goal without one is checked in by hand.
 */
export const GOAL_METRICS = [
	'adoption_rate',
	'working_rate',
	'wau',
	'stickiness',
	'quality_score',
	'training_completion',
	'activities_per_rep_week',
	'deals_created_per_rep_week'
] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];
export const GOAL_METRIC_LABELS: Record<GoalMetric, string> = {
	adoption_rate: 'Adoption rate (active in the last 7 days)',
	working_rate: 'Working rate (core actions in the last 7 days)',
	wau: 'Weekly active users',
	stickiness: 'Stickiness (daily ÷ monthly active)',
	quality_score: 'Data quality score',
	training_completion: 'Required training completed',
	activities_per_rep_week: 'Activities logged per rep per week',
	deals_created_per_rep_week: 'Deals created per rep per week'
};
/** The unit a measured KPI is in: the goal's unit follows it. */
export const GOAL_METRIC_UNITS: Record<GoalMetric, string> = {
	adoption_rate: '%',
	working_rate: '%',
	wau: 'people',
	stickiness: '%',
	quality_score: 'score',
	training_completion: '%',
	activities_per_rep_week: 'per rep per week',
	deals_created_per_rep_week: 'per rep per week'
};
export const METRIC_SCOPE_KINDS = ['team', 'phase', 'all'] as const;
export type MetricScopeKind = (typeof METRIC_SCOPE_KINDS)[number];
/** Whose figures a measured KPI reads: a team, a phase's teams, or everyone licensed. */
export interface MetricScope {
	kind: MetricScopeKind;
	id?: number;
}
/** The scopes each metric may be read over (a rate needs a group to be a share of). */
export const GOAL_METRIC_SCOPES: Record<GoalMetric, readonly MetricScopeKind[]> = {
	adoption_rate: ['team', 'phase'],
	working_rate: ['team', 'phase'],
	wau: ['team', 'phase', 'all'],
	stickiness: ['team', 'phase', 'all'],
	quality_score: ['team', 'phase', 'all'],
	training_completion: ['team', 'phase', 'all'],
	activities_per_rep_week: ['team', 'phase', 'all'],
	deals_created_per_rep_week: ['team', 'phase', 'all']
};
export const isGoalMetric = (v: unknown): v is GoalMetric =>
	typeof v === 'string' && (GOAL_METRICS as readonly string[]).includes(v);
export const isPercentMetric = (m: GoalMetric) => GOAL_METRIC_UNITS[m] === '%';

/** A scope as a form's select carries it: `all`, `team:3`, `phase:2`. */
export function scopeKey(scope: MetricScope | null | undefined): string {
	if (!scope) return '';
	return scope.kind === 'all' ? 'all' : `${scope.kind}:${scope.id}`;
}
/** The scope a select's value names, or null when it names none. */
export function parseScopeKey(value: string): MetricScope | null {
	if (value === 'all') return { kind: 'all' };
	const m = /^(team|phase):([1-9][0-9]{0,9})$/.exec(value);
	return m ? { kind: m[1] as 'team' | 'phase', id: Number(m[2]) } : null;
}

/** The phase criteria checked live rather than ticked: training completion, adoption at target. */
export const CRITERION_MEASURES = ['training', 'adoption'] as const;
export type CriterionMeasure = (typeof CRITERION_MEASURES)[number];
