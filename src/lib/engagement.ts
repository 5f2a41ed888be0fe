/**
 * Engagement's catalogue, safe in the browser: the actions that earn points, with their defaults and the
 * quality rule each one keeps; contest metrics; the frozen rules and archived result of a contest.
 * Decisions are made by $lib/server/engagement.
 */
import { GOAL_METRIC_LABELS, type GoalMetric } from './rollout';

export interface PointAction {
	label: string;
	/** The quality rule, as the admin page and the ledger explain it. */
	rule: string;
	points: number;
	dailyCap: number;
}

export const POINT_ACTIONS = {
	'activity.logged': {
		label: 'Log an activity',
		rule: 'linked to a contact, company or deal',
		points: 2,
		dailyCap: 20
	},
	'contact.created': {
		label: 'Create a contact',
		rule: 'with the contact’s key fields filled',
		points: 2,
		dailyCap: 20
	},
	'deal.created': {
		label: 'Create a deal',
		rule: 'with the deal’s key fields filled (by default amount, close date and contact)',
		points: 10,
		dailyCap: 5
	},
	'deal.advanced': {
		label: 'Move a deal forward',
		rule: 'to a later stage, with the deal’s key fields filled',
		points: 5,
		dailyCap: 10
	},
	'deal.won': {
		label: 'Win a deal',
		rule: 'moved to a won stage, with the deal’s key fields filled',
		points: 20,
		dailyCap: 5
	},
	'case.closed': {
		label: 'Resolve a case',
		rule: 'resolved or closed, with the case’s key fields filled',
		points: 5,
		dailyCap: 15
	},
	'quality.fixed': {
		label: 'Fix a data-quality problem',
		rule: 'fills a key field that was empty (each field once per record)',
		points: 1,
		dailyCap: 20
	},
	'course.completed': {
		label: 'Complete a course',
		rule: 'the course is completed (attendance or confirmation)',
		points: 15,
		dailyCap: 3
	},
	'pain_point.addressed': {
		label: 'Report a pain point that gets addressed',
		rule: 'to the person who reported it, when it is marked addressed',
		points: 10,
		dailyCap: 5
	}
} as const satisfies Record<string, PointAction>;

export type PointActionKey = keyof typeof POINT_ACTIONS;
export const POINT_ACTION_KEYS = Object.keys(POINT_ACTIONS) as PointActionKey[];

export function isPointAction(key: string): key is PointActionKey {
	return key in POINT_ACTIONS;
}

/**
 * The KPIs a team contest may be measured by: the adoption module's metric sources that compare teams
 * of any size (rates and per-rep figures; weekly active users, a headcount, would not).
 */
export const CONTEST_KPIS = [
	'adoption_rate',
	'working_rate',
	'stickiness',
	'quality_score',
	'training_completion',
	'activities_per_rep_week',
	'deals_created_per_rep_week'
] as const satisfies readonly GoalMetric[];
export type ContestKpi = (typeof CONTEST_KPIS)[number];

export function isContestKpi(key: string): key is ContestKpi {
	return (CONTEST_KPIS as readonly string[]).includes(key);
}

/** Points, one action's count (`action:<key>`), or a KPI of each side (`kpi:<metric>`, team contests). */
export type ContestMetric = 'points' | `action:${PointActionKey}` | `kpi:${ContestKpi}`;

export function contestMetricLabel(metric: string): string {
	if (metric === 'points') return 'Points';
	if (metric.startsWith('kpi:')) {
		const kpi = metric.slice(4);
		return isContestKpi(kpi) ? GOAL_METRIC_LABELS[kpi] : metric;
	}
	const key = metric.startsWith('action:') ? metric.slice(7) : '';
	return isPointAction(key) ? `${POINT_ACTIONS[key].label} (count)` : metric;
}

/** Each action's points and daily cap at the contest's start: its standings count by these. */
export type FrozenRules = Partial<Record<PointActionKey, { points: number; dailyCap: number }>>;

export interface ContestStanding {
	/** A side's id (team contest) or a person's id (individual contest). */
	id: number;
	name: string;
	score: number;
	/** Team contest: active licensed heads the score is divided by. */
	heads?: number;
	perHead?: number;
	rank: number;
}

export interface ContestResult {
	standings: ContestStanding[];
	endedOn: string;
}

/** Leaderboard periods. */
export const BOARD_PERIODS = { week: 'This week', month: 'This month' } as const;
export type BoardPeriod = keyof typeof BOARD_PERIODS;

/** How many names a public board shows above your own position. */
export const PUBLIC_TOP = 3;

/** One person's line on a board. */
export interface BoardRow {
	rank: number;
	userId: number;
	name: string;
	team: string | null;
	role: string;
	points: number;
	you: boolean;
}

export interface Board {
	rows: BoardRow[];
	/** Your row when it is not among `rows` (a public board), else null. */
	yours: BoardRow | null;
	/** How many people the board ranks. */
	ranked: number;
	/** Whether `rows` is the whole board (people who manage engagement) or its top. */
	whole: boolean;
	/** A whole board cut to its first rows (the page links to all of it). */
	clipped?: boolean;
}

/** One line of a person's points ledger. */
export interface LedgerEntry {
	id: number;
	at: number;
	action: string;
	points: number;
	counted: number;
	reason: string;
	reversed: boolean;
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});
const LONG_DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

/** "2 Nov 2026" (or "Mon, 2 Nov 2026" with `weekday`) for a YYYY-MM-DD day. */
export function formatDay(day: string, weekday = false): string {
	return (weekday ? LONG_DAY_FORMAT : DAY_FORMAT).format(Date.parse(`${day}T00:00:00Z`));
}
