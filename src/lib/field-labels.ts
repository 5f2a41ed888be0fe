/**
 * What each audited entity's fields are called on its form: the audit log and the stale-save messages
 * name fields as people read them, never by their internal keys. Fields a person never edits (name
 * keys, versions, timestamps kept by the write path) are `null`: the audit log does not list them.
 */

type Labels = Record<string, string | null>;

/** Kept by the write path on every record; never shown as a change. */
const BOOKKEEPING: Labels = {
	id: null,
	version: null,
	createdAt: null,
	updatedAt: null,
	nameKey: null,
	custom: null
};

const OWNED: Labels = { ownerId: 'Owner', teamId: 'Team' };

export const FIELD_LABELS: Record<string, Labels> = {
	company: {
		name: 'Name',
		domain: 'Web domain',
		industry: 'Industry',
		phone: 'Phone',
		city: 'City',
		country: 'Country',
		...OWNED
	},
	contact: {
		firstName: 'First (given) name',
		lastName: 'Last (family) name',
		email: 'Email',
		phone: 'Phone',
		title: 'Job title',
		companyId: 'Company',
		city: 'City',
		country: 'Country',
		...OWNED
	},
	deal: {
		name: 'Deal name',
		companyId: 'Company',
		contactId: 'Contact',
		amountMinor: 'Amount',
		currency: 'Currency',
		stageId: 'Stage',
		closeDate: 'Expected close date',
		probability: 'Probability (%)',
		...OWNED
	},
	activity: {
		type: 'Type',
		subject: 'Subject',
		notes: 'Notes',
		dueAt: 'Due date',
		doneAt: 'Done',
		contactId: 'Contact',
		companyId: 'Company',
		dealId: 'Deal',
		...OWNED
	},
	case: {
		subject: 'Subject',
		description: 'Description',
		status: 'Status',
		priority: 'Priority',
		companyId: 'Company',
		contactId: 'Contact',
		resolvedAt: 'Resolved',
		...OWNED
	},
	campaign: {
		name: 'Name',
		channel: 'Channel',
		status: 'Status',
		startDate: 'Start date',
		endDate: 'End date',
		budgetMinor: 'Budget',
		currency: 'Currency',
		...OWNED
	},
	goal: {
		title: 'Goal',
		description: 'Description',
		category: 'Category',
		kpi: 'KPI',
		unit: 'Unit',
		baseline: 'Baseline',
		startDate: 'Measured on',
		target: 'Target',
		dueDate: 'Due',
		ownerId: 'Owner',
		rank: 'Priority',
		metric: 'Measured by',
		metricScope: 'Whose figures'
	},
	phase: {
		name: 'Name',
		description: 'Description',
		startDate: 'Starts',
		endDate: 'Ends',
		status: 'Status',
		adoptionTarget: 'Adoption target (%)',
		modules: 'Modules in scope',
		teamIds: 'Teams',
		position: 'Order',
		closedAt: 'Closed',
		overrideReason: 'Reason for the override'
	},
	risk: {
		title: 'Risk',
		description: 'Description',
		category: 'Category',
		likelihood: 'Likelihood',
		impact: 'Impact',
		ownerId: 'Owner',
		status: 'Status',
		phaseId: 'Phase',
		mitigation: 'Mitigation',
		contingency: 'Contingency',
		nextReviewDate: 'Next review'
	},
	process_map: {
		title: 'Process',
		area: 'Area',
		kind: 'Kind',
		source: 'Diagram',
		clonedFromId: 'Copied from'
	},
	pain_point: {
		area: 'Area',
		severity: 'How bad is it',
		description: 'What gets in the way',
		status: 'Status',
		processMapId: 'Process map',
		goalId: 'Goal',
		changeRequestId: 'Change request',
		reportedBy: 'Reported by'
	},
	change_request: {
		title: 'What should change',
		description: 'Why, and what it would save',
		type: 'Type',
		priority: 'Priority',
		status: 'Status',
		reason: 'Reason',
		targetPhaseId: 'Target phase',
		decidedBy: 'Decided by',
		decidedAt: 'Decided',
		requestedBy: 'Requested by'
	},
	integration: {
		system: 'System',
		category: 'Category',
		direction: 'Direction',
		objects: 'Data exchanged',
		frequency: 'Frequency',
		status: 'Status',
		ownerId: 'Owner',
		notes: 'Notes'
	},
	readiness_item: {
		question: 'Question',
		status: 'Status',
		evidenceUrl: 'Evidence (link)',
		notes: 'Notes',
		ownerId: 'Owner'
	},
	user: {
		name: 'Name',
		email: 'Email',
		title: 'Job title',
		roleId: 'Role',
		teamId: 'Team',
		locale: 'Language',
		active: 'Active',
		passwordHash: null
	},
	team: { name: 'Name', description: 'Description' },
	role: {
		name: 'Name',
		label: 'Label',
		description: 'Description',
		scope: 'Records this role sees and edits',
		permissions: 'Permissions',
		canExport: 'May export',
		builtIn: null
	},
	custom_field: {
		label: 'Name',
		entity: 'On',
		key: null,
		type: 'Type',
		options: 'Choices',
		required: 'Required',
		position: 'Order',
		createdBy: null
	},
	pipeline_stage: { name: 'Name', probability: 'Probability (%)', kind: 'Kind', position: 'Order' },
	project_role: {
		userId: 'Person',
		role: 'Role',
		teamId: 'Team (for a champion)',
		responsibilities: 'Responsibilities'
	},
	phase_team: { teamIds: 'Teams' },
	goal_phase: { phaseIds: 'Phases' },
	milestone: { name: 'Milestone', dueDate: 'Due', done: 'Done', phaseId: 'Phase' },
	phase_criterion: { kind: 'Kind', text: 'Criterion', done: 'Met', position: 'Order', phaseId: 'Phase' },
	goal_checkin: {
		date: 'Date',
		value: 'Value',
		note: 'Note',
		goalId: 'Goal',
		userId: 'By',
		source: 'Source'
	},
	campaign_member: { campaignId: 'Campaign', contactId: 'Contact', status: 'Status', addedAt: 'Added' },
	change_request_comment: { body: 'Comment', userId: 'By', changeRequestId: 'Change request' },
	setting: { key: null, value: 'Value' }
};

/** Turns `camelCase` or `snake_case` into words, for a field no form labels. */
function words(key: string): string {
	const spaced = key
		.replace(/Id$/, '')
		.replace(/_/g, ' ')
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.toLowerCase();
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * A field's label as its form shows it; `custom.<key>` takes the custom field's label from `custom`.
 * Null for bookkeeping fields a person never edits.
 */
export function fieldLabel(
	entity: string,
	field: string,
	custom: Record<string, string> = {}
): string | null {
	if (field.startsWith('custom.')) return custom[field.slice(7)] ?? words(field.slice(7));
	const labels = FIELD_LABELS[entity];
	if (labels && field in labels) return labels[field];
	if (field in BOOKKEEPING) return BOOKKEEPING[field];
	if (field in OWNED) return OWNED[field];
	return words(field);
}

/**
 * Every kind of record the audit log holds, as its filter names them. A test holds this list to the
 * entities the server code audits, so that a new area cannot leave its entries out of the filter.
 */
export const ENTITY_LABELS: Record<string, string> = {
	user: 'User',
	team: 'Team',
	role: 'Role',
	setting: 'Setting',
	usage_event: 'Raw usage events',
	company: 'Company',
	contact: 'Contact',
	deal: 'Deal',
	activity: 'Activity',
	case: 'Support case',
	campaign: 'Campaign',
	campaign_member: 'Campaign member',
	custom_field: 'Custom field',
	pipeline_stage: 'Pipeline stage',
	import_batch: 'Import',
	goal: 'Goal',
	goal_checkin: 'Goal check-in',
	goal_phase: 'Goal’s phases',
	phase: 'Phase',
	phase_team: 'Phase’s teams',
	phase_criterion: 'Phase criterion',
	milestone: 'Milestone',
	process_map: 'Process map',
	pain_point: 'Pain point',
	pain_point_vote: 'Pain point vote',
	risk: 'Risk',
	change_request: 'Change request',
	change_request_comment: 'Change request comment',
	change_request_vote: 'Change request vote',
	integration: 'Integration',
	readiness_item: 'Readiness question',
	project_role: 'Project team role',
	raci: 'RACI matrix',
	template: 'Rollout template',
	course: 'Course',
	enrollment: 'Training enrollment',
	training_session: 'Training session',
	session_seat: 'Session seat',
	attendance: 'Attendance',
	calendar_feed: 'Calendar subscription',
	quality_field: 'Data-quality fields',
	core_action: 'Core actions of a role',
	points_rule: 'Points rule',
	contest: 'Contest',
	notification: 'Notification',
	notification_pref: 'Notification preferences',
	mail_outbox: 'Outgoing mail'
};
