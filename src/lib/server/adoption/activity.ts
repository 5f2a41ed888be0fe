import { and, asc, count, countDistinct, eq, gte, inArray, sql, sum } from 'drizzle-orm';
import { authorize } from '../access/policy';
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

/**
 * Adoption rate per team as DESIGN.md defines it: users with at least one usage event in the last
 * 7 days ÷ the team's active (licensed) users. Read from the rollup, never the raw events.
 */
export function teamAdoption(actor: Actor, days = 7) {
	authorize(actor.user, 'adoption.read');
	const { team, user, usageDaily } = schema;
	const since = windowStart(days);
	const licensed = db()
		.select({ teamId: user.teamId, n: sql<number>`count(*)`.as('licensed') })
		.from(user)
		.where(eq(user.active, true))
		.groupBy(user.teamId)
		.as('licensed');
	const active = db()
		.select({ teamId: user.teamId, n: sql<number>`count(distinct ${usageDaily.userId})`.as('active') })
		.from(usageDaily)
		.innerJoin(user, and(eq(user.id, usageDaily.userId), eq(user.active, true)))
		.where(gte(usageDaily.day, since))
		.groupBy(user.teamId)
		.as('active_users');
	return db()
		.select({ id: team.id, name: team.name, licensed: licensed.n, active: active.n })
		.from(team)
		.leftJoin(licensed, eq(licensed.teamId, team.id))
		.leftJoin(active, eq(active.teamId, team.id))
		.orderBy(asc(team.name))
		.all()
		.map((t) => {
			const licensedUsers = t.licensed ?? 0;
			const activeUsers = t.active ?? 0;
			return {
				id: t.id,
				name: t.name,
				licensed: licensedUsers,
				active: activeUsers,
				rate: licensedUsers ? activeUsers / licensedUsers : null
			};
		});
}

/**
 * Adoption of a set of teams: licensed (active) users in them, how many were active in the last
 * `days` days (from the daily rollup), and the rate. For a rollout phase's target on the steering
 * dashboard, which shows team aggregates only.
 */
export function adoptionOfTeams(teamIds: number[], days = 7) {
	if (teamIds.length === 0) return { licensed: 0, active: 0, rate: null as number | null };
	const { user, usageDaily } = schema;
	const inTeams = and(eq(user.active, true), inArray(user.teamId, teamIds));
	const licensed = db().select({ n: count() }).from(user).where(inTeams).get()?.n ?? 0;
	const active =
		db()
			.select({ n: countDistinct(usageDaily.userId) })
			.from(usageDaily)
			.innerJoin(user, eq(user.id, usageDaily.userId))
			.where(and(inTeams, gte(usageDaily.day, windowStart(days))))
			.get()?.n ?? 0;
	return { licensed, active, rate: licensed ? active / licensed : null };
}
