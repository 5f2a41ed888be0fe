import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Area } from '$lib/rollout';
import { painPointForm, painPointTriageForm } from '$lib/schemas/rollout';
import { authorize } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput, parse } from '../validation';
import { find, insertRecord, toggleVote as voteFor, updateRecord, type RolloutObject } from './records';

/**
 * Pain points: what gets in the way of the people who will use the CRM, reported by anyone
 * (rollout.contribute), voted up by others, and triaged by the project manager (rollout.write), who
 * links each to the process map, goal or change request that answers it and marks it addressed.
 */

const { painPoint, painPointVote, processMap, goal, changeRequest, user } = schema;
export type PainPoint = typeof painPoint.$inferSelect;

export const painPointObject: RolloutObject<typeof painPoint, PainPoint> = {
	entity: 'pain_point',
	module: 'rollout.pain-points', // as the page's route names it (audit/usage.ts moduleOfRoute)
	noun: 'pain point',
	table: painPoint,
	id: painPoint.id,
	describe: (p) => p.description.slice(0, 80)
};

export function report(actor: Actor, input: unknown): PainPoint {
	authorize(actor.user, 'rollout.contribute');
	const fields = parse(painPointForm, input);
	return db().transaction((tx) =>
		insertRecord(tx, actor, painPointObject, { ...fields, reportedBy: actor.user.id })
	);
}

const SEVERITY_ORDER = sql`CASE ${painPoint.severity} WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`;

/** Pain points as filtered, most voted first, then the most severe; with whether the actor voted. */
export function list(actor: Actor, filters: { area?: Area; status?: 'open' | 'addressed' } = {}) {
	authorize(actor.user, 'rollout.read');
	const votes = db()
		.select({ id: painPointVote.painPointId, n: count().as('n') })
		.from(painPointVote)
		.groupBy(painPointVote.painPointId)
		.as('votes');
	const mine = db()
		.select({ id: painPointVote.painPointId })
		.from(painPointVote)
		.where(eq(painPointVote.userId, actor.user.id))
		.as('mine');
	return db()
		.select({
			point: painPoint,
			reporter: user.name,
			votes: votes.n,
			voted: mine.id,
			mapTitle: processMap.title,
			goalTitle: goal.title,
			changeTitle: changeRequest.title
		})
		.from(painPoint)
		.innerJoin(user, eq(painPoint.reportedBy, user.id))
		.leftJoin(votes, eq(votes.id, painPoint.id))
		.leftJoin(mine, eq(mine.id, painPoint.id))
		.leftJoin(processMap, eq(processMap.id, painPoint.processMapId))
		.leftJoin(goal, eq(goal.id, painPoint.goalId))
		.leftJoin(changeRequest, eq(changeRequest.id, painPoint.changeRequestId))
		.where(
			and(
				filters.area ? eq(painPoint.area, filters.area) : undefined,
				filters.status ? eq(painPoint.status, filters.status) : undefined
			)
		)
		.orderBy(desc(sql`coalesce(${votes.n}, 0)`), desc(SEVERITY_ORDER), desc(painPoint.createdAt))
		.all()
		.map((r) => ({
			...r.point,
			reporter: r.reporter,
			votes: r.votes ?? 0,
			voted: r.voted !== null,
			mapTitle: r.mapTitle,
			goalTitle: r.goalTitle,
			changeTitle: r.changeTitle
		}));
}

export function toggleVote(actor: Actor, id: number): boolean {
	authorize(actor.user, 'rollout.contribute');
	return db().transaction((tx) => {
		const point = find(tx, painPointObject, id);
		return voteFor(
			tx,
			actor,
			{ table: painPointVote, item: painPointVote.painPointId, user: painPointVote.userId },
			id,
			{
				module: painPointObject.module,
				entity: 'pain_point_vote',
				about: `the pain point “${painPointObject.describe(point)}”`
			}
		);
	});
}

function exists(
	conn: Conn,
	table: typeof processMap | typeof goal | typeof changeRequest,
	id: number | null,
	field: string
) {
	if (id !== null && !conn.select({ id: table.id }).from(table).where(eq(table.id, id)).get())
		throw new InvalidInput({ [field]: 'Choose one from the list.' });
	return id;
}

/** The project manager links a pain point to what answers it and marks it addressed (or open again). */
export function triage(actor: Actor, id: number, input: unknown, baseVersion: unknown): PainPoint {
	authorize(actor.user, 'rollout.write');
	const fields = parse(painPointTriageForm, input);
	return db().transaction((tx) => {
		exists(tx, processMap, fields.processMapId, 'processMapId');
		exists(tx, goal, fields.goalId, 'goalId');
		exists(tx, changeRequest, fields.changeRequestId, 'changeRequestId');
		return updateRecord(tx, actor, painPointObject, find(tx, painPointObject, id), fields, baseVersion);
	});
}

/** What a pain point can be linked to, for the triage form. */
export function linkTargets() {
	return {
		maps: db()
			.select({ id: processMap.id, title: processMap.title, kind: processMap.kind })
			.from(processMap)
			.all(),
		goals: db().select({ id: goal.id, title: goal.title }).from(goal).all(),
		changes: db().select({ id: changeRequest.id, title: changeRequest.title }).from(changeRequest).all()
	};
}
