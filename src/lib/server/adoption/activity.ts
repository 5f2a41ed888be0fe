import { and, countDistinct, eq, gte, sql, sum } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { utcDay } from '../audit/usage';
import { today } from '../rollout/dates';
import { headline, population, use28 } from './metrics';

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

/**
 * Adoption of a set of teams (DESIGN.md: active in the last 7 days ÷ licensed), for a rollout
 * phase's target on the steering dashboard, which shows team aggregates only.
 */
export function adoptionOfTeams(teamIds: number[], end = today()) {
	if (teamIds.length === 0) return { licensed: 0, active: 0, rate: null as number | null };
	const people = population(db(), { teamIds });
	const h = headline(
		people,
		use28(
			db(),
			end,
			people.map((p) => p.id)
		)
	);
	return { licensed: h.licensed, active: h.wau, rate: h.rate };
}
