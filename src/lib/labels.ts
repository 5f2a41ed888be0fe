import type {
	ACTIVITY_TYPES,
	CAMPAIGN_CHANNELS,
	CAMPAIGN_STATUSES,
	CASE_PRIORITIES,
	CASE_STATUSES
} from './schemas/crm';

/**
 * The CRM's stored values as people read them (`Direct mail`, not `direct_mail`): lists, filters and
 * cards show these; forms and URLs keep the stored values. Browser-safe.
 */

export const ACTIVITY_TYPE_LABELS: Record<(typeof ACTIVITY_TYPES)[number], string> = {
	call: 'Call',
	email: 'Email',
	meeting: 'Meeting',
	note: 'Note',
	task: 'Task'
};

export const CASE_STATUS_LABELS: Record<(typeof CASE_STATUSES)[number], string> = {
	new: 'New',
	open: 'Open',
	pending: 'Pending',
	resolved: 'Resolved',
	closed: 'Closed'
};

export const CASE_PRIORITY_LABELS: Record<(typeof CASE_PRIORITIES)[number], string> = {
	low: 'Low',
	normal: 'Normal',
	high: 'High',
	urgent: 'Urgent'
};

export const CAMPAIGN_CHANNEL_LABELS: Record<(typeof CAMPAIGN_CHANNELS)[number], string> = {
	email: 'Email',
	event: 'Event',
	webinar: 'Webinar',
	social: 'Social',
	ads: 'Ads',
	direct_mail: 'Direct mail',
	phone: 'Phone'
};

export const CAMPAIGN_STATUS_LABELS: Record<(typeof CAMPAIGN_STATUSES)[number], string> = {
	planned: 'Planned',
	active: 'Active',
	completed: 'Completed',
	cancelled: 'Cancelled'
};

/** Select options for a stored set of values, labelled. */
export function labelled<K extends string>(values: readonly K[], labels: Record<K, string>) {
	return values.map((value) => ({ value, label: labels[value] }));
}
