import { count } from 'drizzle-orm';
import type { Rag } from '$lib/rollout';
import { authorize } from '../access/policy';
import { weeksBetween } from '../adoption/metrics';
import { teamPeople, weeklyAdoption } from '../adoption/sources';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { list as goals, type GoalStatus } from './goals';
import { addDays, daysBetween, today } from './dates';
import { phaseTraining } from '../training/gate';
import { list as phases, phaseAdoption } from './phases';
import { queue } from './changes';
import { heatMap, list as risks } from './risks';

/**
 * The steering dashboard (`/rollout`): each phase with a red / amber / green rating and its adoption
 * against target (the figure its live adoption criterion reads) with the last 12 weeks' trend, the top
 * risks and the heat map, what awaits a decision, goals on and off track, and the readiness score.
 * What a steering meeting goes through, in one read.
 */

/** Weeks in a phase's adoption trend. */
export const TREND_WEEKS = 12;

/** The last `count` weeks (Mondays) that ended before `day`: a week so far would read as a drop. */
export function trendWeeks(day = today(), count = TREND_WEEKS): string[] {
	return weeksBetween(addDays(day, -7 * (count + 1)), day)
		.filter((w) => addDays(w, 6) < day)
		.slice(-count);
}

/** A phase's adoption rate (0–1) in each of the trend's weeks, from metrics.weekly over its teams' people now. */
export function adoptionTrend(conn: Conn, teamIds: number[], day = today()) {
	return weeklyAdoption(conn, teamPeople(conn, teamIds), trendWeeks(day));
}

type PhaseRow = ReturnType<typeof phases>[number];

/**
 * A phase's rating. Planned: red once its start date has passed, amber when it starts within 14 days
 * with entry criteria open. Active: red past its end date or more than 20 points under its adoption
 * target; amber under target or with exit criteria well behind the time elapsed. On hold: amber.
 */
export function phaseRag(p: PhaseRow, adoption: number | null, now = today()): { rag: Rag; why: string } {
	if (p.status === 'closed')
		return { rag: 'closed', why: p.overrideReason ? `by steering override: ${p.overrideReason}` : '' };
	if (p.status === 'on_hold') return { rag: 'amber', why: 'On hold' };
	if (p.status === 'planned') {
		const until = daysBetween(now, p.startDate);
		if (until < 0) return { rag: 'red', why: `Was due to start on ${p.startDate}` };
		if (until <= 14 && p.entryDone < p.entryTotal)
			return {
				rag: 'amber',
				why: `Starts in ${until} days with ${p.entryTotal - p.entryDone} entry criteria open`
			};
		return { rag: 'green', why: 'On schedule' };
	}
	if (now > p.endDate) return { rag: 'red', why: `Was due to end on ${p.endDate}` };
	const target = p.adoptionTarget / 100;
	if (adoption !== null && adoption < target - 0.2)
		return {
			rag: 'red',
			why: `Adoption ${Math.round(adoption * 100)} % against a target of ${p.adoptionTarget} %`
		};
	if (adoption !== null && adoption < target)
		return {
			rag: 'amber',
			why: `Adoption ${Math.round(adoption * 100)} % against a target of ${p.adoptionTarget} %`
		};
	const elapsed =
		Math.max(0, daysBetween(p.startDate, now)) / Math.max(1, daysBetween(p.startDate, p.endDate));
	if (p.exitTotal && p.exitDone / p.exitTotal < elapsed - 0.25)
		return {
			rag: 'amber',
			why: `${p.exitDone} of ${p.exitTotal} exit criteria met with ${Math.round(elapsed * 100)} % of the time gone`
		};
	return { rag: 'green', why: 'On track' };
}

/** Readiness: done items count 1, items in progress ½, as a percentage of all items. */
export function readinessScore(actor: Actor): { score: number | null; done: number; total: number } {
	authorize(actor.user, 'rollout.read');
	const { readinessItem } = schema;
	const rows = db()
		.select({ status: readinessItem.status, n: count() })
		.from(readinessItem)
		.groupBy(readinessItem.status)
		.all();
	const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
	const total = rows.reduce((t, r) => t + r.n, 0);
	return {
		score: total ? Math.round(((n('done') + n('in_progress') / 2) / total) * 100) : null,
		done: n('done'),
		total
	};
}

export function dashboard(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	const conn = db();
	const training = phaseTraining();
	const plan = phases(actor).map((p) => {
		const live = p.status !== 'planned';
		// The same figure the phase's live adoption criterion reads, today's day of it.
		const a = live ? phaseAdoption(conn, p) : null;
		const adoption = a && { licensed: a.licensed, active: a.active, rate: a.rate };
		const trend = live
			? adoptionTrend(
					conn,
					p.teams.map((t) => t.id)
				)
			: [];
		return {
			...p,
			adoption,
			trend,
			training: training.get(p.id) ?? null,
			...phaseRag(p, adoption?.rate ?? null)
		};
	});
	const activeRisks = risks(actor, { status: 'active' });
	const allGoals = goals(actor);
	const goalCounts = allGoals.reduce(
		(c, g) => ({ ...c, [g.status]: (c[g.status] ?? 0) + 1 }),
		{} as Partial<Record<GoalStatus, number>>
	);
	const awaiting = queue(actor);
	return {
		phases: plan,
		topRisks: activeRisks.slice(0, 5),
		riskCount: activeRisks.length,
		overdueReviews: activeRisks.filter((r) => r.overdue).length,
		heatMap: heatMap(activeRisks),
		awaiting: awaiting.slice(0, 10),
		awaitingCount: awaiting.length,
		goals: allGoals.map(({ id, rank, title, status, latest, target, unit, kpi }) => ({
			id,
			rank,
			title,
			status,
			latest,
			target,
			unit,
			kpi
		})),
		goalCounts,
		readiness: readinessScore(actor)
	};
}
