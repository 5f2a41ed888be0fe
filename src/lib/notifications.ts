/**
 * The catalogue of notifications: what each kind says and how it reaches people by default.
 * Browser-safe (the inbox and the preferences page show it); the server decides who hears what in
 * $lib/server/notifications.
 */

export type EmailChoice = 'off' | 'now' | 'digest';
export type Params = Record<string, string | number>;

export interface NotificationKindInfo {
	/** What the preferences page calls it. */
	label: string;
	/** Which part of Uptake it comes from (groups the preferences page). */
	area: 'Training' | 'Rollout' | 'Engagement' | 'CRM';
	/** The notification's line, from its parameters; `count` > 1 when a burst was merged into one. */
	text: (params: Params, count: number) => string;
	defaultEmail: EmailChoice;
	/** Cannot be switched off, in the app or by e-mail (overdue training). */
	mandatory?: true;
	/** Why it cannot be switched off, shown beside the locked choice. */
	mandatoryReason?: string;
}

const s = (v: string | number | undefined, fallback: string | number = '') =>
	v === undefined ? fallback : String(v);
/** " (and 2 more)" after a merged burst's line. */
const more = (count: number, noun: string) =>
	count > 1 ? ` (and ${count - 1} more ${noun}${count > 2 ? 's' : ''})` : '';

export const NOTIFICATION_KINDS = {
	'training.assigned': {
		label: 'A course is assigned to me',
		area: 'Training',
		text: (p, n) =>
			`You have been assigned the course “${s(p.course)}”${p.due ? `, due ${s(p.due)}` : ''}${more(n, 'assignment')}.`,
		defaultEmail: 'now'
	},
	'training.overdue': {
		label: 'My training is overdue',
		area: 'Training',
		text: (p, n) =>
			`Your course “${s(p.course)}” was due ${s(p.due)} and is not completed${more(n, 'course')}.`,
		defaultEmail: 'now',
		mandatory: true,
		mandatoryReason: 'Required training that is overdue holds up the rollout, so you are always told.'
	},
	'session.soon': {
		label: 'A training session of mine starts within 24 hours',
		area: 'Training',
		text: (p) =>
			`Your session of “${s(p.course)}” starts ${s(p.when)} (UTC)${p.where ? ` at ${s(p.where)}` : ''}.`,
		defaultEmail: 'now'
	},
	'session.changed': {
		label: 'A training session of mine is moved',
		area: 'Training',
		text: (p) => `Your session of “${s(p.course)}” was ${s(p.change)}.`,
		defaultEmail: 'now'
	},
	'session.cancelled': {
		label: 'A training session of mine is cancelled',
		area: 'Training',
		text: (p) =>
			`Your session of “${s(p.course)}” on ${s(p.when)} (UTC) is cancelled${p.reason ? `: ${s(p.reason)}` : ''}. Choose another session in My training.`,
		defaultEmail: 'now'
	},
	'risk.review_due': {
		label: 'A risk I own is due for review',
		area: 'Rollout',
		text: (p, n) => `The risk “${s(p.risk)}” is due for review (${s(p.date)})${more(n, 'risk')}.`,
		defaultEmail: 'digest'
	},
	'change.decided': {
		label: 'A change request of mine is decided',
		area: 'Rollout',
		text: (p) =>
			`Your change request “${s(p.title)}” is now ${s(p.status)}${p.reason ? `: ${s(p.reason)}` : ''}.`,
		defaultEmail: 'now'
	},
	'change.awaiting': {
		label: 'A change request awaits the steering committee',
		area: 'Rollout',
		text: (p, n) =>
			`The change request “${s(p.title)}” awaits a decision (${s(p.status)})${more(n, 'request')}.`,
		defaultEmail: 'digest'
	},
	'phase.blocked': {
		label: 'A phase gate blocks a phase from closing',
		area: 'Rollout',
		text: (p) =>
			`Closing the phase “${s(p.phase)}” was blocked: ${s(p.open)} exit criteria are not met${p.by ? ` (tried by ${s(p.by)})` : ''}.`,
		defaultEmail: 'now'
	},
	'contest.started': {
		label: 'A contest I am in starts',
		area: 'Engagement',
		text: (p) => `The contest “${s(p.name)}” has started${p.endsOn ? `; it runs until ${s(p.endsOn)}` : ''}.`,
		defaultEmail: 'digest'
	},
	'contest.ended': {
		label: 'A contest I am in ends',
		area: 'Engagement',
		text: (p) => `The contest “${s(p.name)}” has ended${p.winner ? `: won by ${s(p.winner)}` : ''}.`,
		defaultEmail: 'digest'
	},
	'import.finished': {
		label: 'An import of mine is finished',
		area: 'CRM',
		text: (p) =>
			`Your import of ${s(p.file)} is finished: ${s(p.created, 0)} created, ${s(p.updated, 0)} updated, ${s(p.skipped, 0)} skipped.`,
		defaultEmail: 'off'
	}
} satisfies Record<string, NotificationKindInfo>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export function isNotificationKind(kind: string): kind is NotificationKind {
	return Object.hasOwn(NOTIFICATION_KINDS, kind);
}

export function kindInfo(kind: NotificationKind): NotificationKindInfo {
	return NOTIFICATION_KINDS[kind];
}

/** A stored notification's line (a kind no longer in the catalogue still shows something). */
export function notificationText(kind: string, params: Params, count = 1): string {
	if (!isNotificationKind(kind)) return 'Something happened that Uptake no longer describes.';
	return kindInfo(kind).text(params, count);
}

export const EMAIL_CHOICES: Record<EmailChoice, string> = {
	now: 'At once',
	digest: 'In the daily digest',
	off: 'Off'
};

/** Inbox rows per page. */
export const NOTIFICATIONS_PAGE_SIZE = 25;

/** The bell's accessible name. */
export function bellLabel(unread: number): string {
	return unread ? `Notifications, ${unread} unread` : 'Notifications, none unread';
}
