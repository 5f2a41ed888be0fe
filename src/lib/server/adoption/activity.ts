import { and, countDistinct, eq, gte, sql, sum } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { utcDay } from '../audit/usage';

const DAY = 86_400_000;

/** The first UTC day of the window of `days` days that ends today. */
function windowStart(days: number, now = Date.now()): string {
	return utcDay(now - (days - 1) * DAY);
}

/** The signed-in user's own use of Uptake over the last `days` days, from the daily rollup. */
export function myActivity(actor: Actor, days = 7) {
	const { usageDaily } = schema;
	const where = and(eq(usageDaily.userId, actor.user.id), gte(usageDaily.day, windowStart(days)));
	const totals = db()
		.select({
			activeDays: countDistinct(usageDaily.day),
			views: sum(sql`case when ${usageDaily.action} = 'view' then ${usageDaily.count} else 0 end`).mapWith(
				Number
			),
			changes: sum(sql`case when ${usageDaily.action} <> 'view' then ${usageDaily.count} else 0 end`).mapWith(
				Number
			),
			modules: countDistinct(usageDaily.module)
		})
		.from(usageDaily)
		.where(where)
		.get();
	return {
		days,
		activeDays: totals?.activeDays ?? 0,
		views: totals?.views ?? 0,
		changes: totals?.changes ?? 0,
		modules: totals?.modules ?? 0
	};
}
