import { and, count, desc, eq, like, type SQL } from 'drizzle-orm';
import { likePattern } from '$lib/text';
import { authorize } from '../access/policy';
import { db, schema } from '../db';
import { paginate, type Page } from '../lists';
import type { Actor } from './actor';

export const ATTEMPTS_PAGE_SIZE = 50;
export const OUTCOMES = ['success', 'invalid', 'throttled'] as const;
type Outcome = (typeof OUTCOMES)[number];
type Attempt = typeof schema.loginAttempt.$inferSelect;

/** The sign-in log for admins: every attempt, newest first, by email fragment and outcome. */
export function listAttempts(
	actor: Actor,
	query: { q: string; outcome?: Outcome; page: number }
): Page<Attempt> {
	authorize(actor.user, 'audit.read');
	const { loginAttempt } = schema;
	const conditions: (SQL | undefined)[] = [
		query.q ? like(loginAttempt.email, likePattern(query.q.toLowerCase())) : undefined,
		query.outcome ? eq(loginAttempt.outcome, query.outcome) : undefined
	];
	const where = and(...conditions);
	return paginate(
		query.page,
		(limit, offset) =>
			db()
				.select()
				.from(loginAttempt)
				.where(where)
				.orderBy(desc(loginAttempt.id))
				.limit(limit)
				.offset(offset)
				.all(),
		() => db().select({ n: count() }).from(loginAttempt).where(where).get()?.n ?? 0,
		ATTEMPTS_PAGE_SIZE
	);
}
