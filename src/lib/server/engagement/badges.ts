import { schema, type Conn } from '../db';

/** The milestones a fresh organisation starts with (the admin may change them in the database later). */
export const DEFAULT_BADGES = [
	{
		key: 'first-deal',
		name: 'First deal',
		description: 'Created a first deal with its key fields.',
		action: 'deal.created',
		threshold: 1,
		repeatable: false,
		monthlyCap: 1
	},
	{
		key: 'ten-activities',
		name: '10 activities logged',
		description: 'Logged ten calls, meetings, e-mails or notes linked to a record.',
		action: 'activity.logged',
		threshold: 10,
		repeatable: false,
		monthlyCap: 1
	},
	{
		key: 'course-completed',
		name: 'Course completed',
		description: 'Completed a training course (at most twice a month).',
		action: 'course.completed',
		threshold: 1,
		repeatable: true,
		monthlyCap: 2
	},
	{
		key: 'closer',
		name: 'Closer',
		description: 'Won five deals with their key fields filled.',
		action: 'deal.won',
		threshold: 5,
		repeatable: false,
		monthlyCap: 1
	}
] as const;

/** Adds the default badges a database lacks (by key); never changes one the admin edited. */
export function ensureBadgeDefaults(conn: Conn): void {
	for (const b of DEFAULT_BADGES)
		conn.insert(schema.badge).values(b).onConflictDoNothing({ target: schema.badge.key }).run();
}
