import { error } from '@sveltejs/kit';
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, max, sql } from 'drizzle-orm';
import { GOAL_METRIC_LABELS, parseScopeKey, type GoalStatus, type MetricScope } from '$lib/rollout';
import { checkinForm, goalForm } from '$lib/schemas/rollout';
import { authorize } from '../access/policy';
import { measure } from '../adoption/sources';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput, parse } from '../validation';
import { daysBetween, today } from './dates';
import { activeUserId, deleteRecord, find, insertRecord, updateRecord, type RolloutObject } from './records';

/**
 * Goals of the rollout in priority order (rank 1 first), each with a KPI, a baseline and a target by a
 * due date. Check-ins record the KPI's value; the trajectory from baseline to target says whether the
 * goal is on track. A KPI measured by a metric (adoption/sources.ts) is also checked in by the system
 * once a day, from its start date to its due date, when the goals are first read that day; days
 * nobody read are not filled in afterwards. Check-ins by hand stay possible.
 */

const { goal, goalCheckin, goalPhase, phase, team, user, auditLog } = schema;
export type Goal = typeof goal.$inferSelect;
const MODULE = 'rollout.goals';

export const goalObject: RolloutObject<typeof goal, Goal> = {
	entity: 'goal',
	module: MODULE,
	noun: 'goal',
	table: goal,
	id: goal.id,
	describe: (g) => g.title
};

export type { GoalStatus };

/**
 * Where the latest check-in stands against the straight line from the baseline (at the start date)
 * to the target (at the due date): at least 90 % of the progress expected by then is on track, at
 * least 60 % at risk, less off track. Works for targets below the baseline too (fewer duplicates).
 */
export function goalStatus(
	g: Pick<Goal, 'baseline' | 'target' | 'startDate' | 'dueDate'>,
	latest: { date: string; value: number } | undefined,
	now = today()
): GoalStatus {
	if (!latest) return 'no_data';
	const span = g.target - g.baseline;
	const done = (latest.value - g.baseline) / span;
	if (done >= 1) return 'achieved';
	const days = Math.max(1, daysBetween(g.startDate, g.dueDate));
	const at = latest.date > now ? now : latest.date;
	const expected = Math.min(1, Math.max(0, daysBetween(g.startDate, at) / days));
	if (now > g.dueDate) return 'off_track';
	if (expected === 0) return done >= 0 ? 'on_track' : 'at_risk';
	const ratio = done / expected;
	return ratio >= 0.9 ? 'on_track' : ratio >= 0.6 ? 'at_risk' : 'off_track';
}

/** A scope naming a team or phase that does not exist: the message beside the scope field. */
function scopeProblem(conn: Conn, input: unknown): Record<string, string> {
	const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	const scope = typeof raw.metricScope === 'string' ? parseScopeKey(raw.metricScope) : null;
	if (!raw.metric || !scope?.id) return {};
	const table = scope.kind === 'team' ? team : phase;
	const found = conn.select({ id: table.id }).from(table).where(eq(table.id, scope.id)).get();
	return found ? {} : { metricScope: `Choose a ${scope.kind} from the list.` };
}

function values(conn: Conn, input: unknown) {
	const { phaseIds, ...fields } = parse(goalForm, input, scopeProblem(conn, input));
	activeUserId(conn, fields.ownerId);
	const unique = [...new Set(phaseIds)];
	if (
		unique.length &&
		conn.select({ id: phase.id }).from(phase).where(inArray(phase.id, unique)).all().length !== unique.length
	)
		throw new InvalidInput({ phaseIds: 'Choose phases from the list.' });
	return { fields, phaseIds: unique };
}

/** Sets the phases that serve a goal; a change is audited with the phases before and after. */
function setPhases(tx: Conn, actor: Actor, goalId: number, phaseIds: number[]) {
	const before = tx
		.select({ id: goalPhase.phaseId })
		.from(goalPhase)
		.where(eq(goalPhase.goalId, goalId))
		.all()
		.map((p) => p.id)
		.sort((a, b) => a - b);
	const after = [...phaseIds].sort((a, b) => a - b);
	if (before.join() === after.join()) return;
	recordChange(tx, actor, {
		module: MODULE,
		action: 'update',
		entity: 'goal_phase',
		entityId: goalId,
		before: { phaseIds: before },
		after: { phaseIds: after },
		summary: `Set the phases of goal #${goalId}`
	});
	tx.delete(goalPhase).where(eq(goalPhase.goalId, goalId)).run();
	if (phaseIds.length)
		tx.insert(goalPhase)
			.values(phaseIds.map((phaseId) => ({ goalId, phaseId })))
			.run();
}

export function create(actor: Actor, input: unknown): Goal {
	authorize(actor.user, 'rollout.write');
	return db().transaction((tx) => {
		const { fields, phaseIds } = values(tx, input);
		const last =
			tx
				.select({ r: max(goal.rank) })
				.from(goal)
				.get()?.r ?? 0;
		const created = insertRecord(tx, actor, goalObject, { ...fields, rank: last + 1 });
		setPhases(tx, actor, created.id, phaseIds);
		return created;
	});
}

export function update(actor: Actor, id: number, input: unknown, baseVersion: unknown): Goal {
	authorize(actor.user, 'rollout.write');
	return db().transaction((tx) => {
		const before = find(tx, goalObject, id);
		const { fields, phaseIds } = values(tx, input);
		const after = updateRecord(tx, actor, goalObject, before, fields, baseVersion);
		setPhases(tx, actor, id, phaseIds);
		return after;
	});
}

export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => {
		deleteRecord(tx, actor, goalObject, find(tx, goalObject, id));
		// Ranks stay 1…n without gaps.
		tx.select()
			.from(goal)
			.orderBy(asc(goal.rank), asc(goal.id))
			.all()
			.forEach(
				(g, i) =>
					g.rank !== i + 1 &&
					tx
						.update(goal)
						.set({ rank: i + 1 })
						.where(eq(goal.id, g.id))
						.run()
			);
	});
}

/**
 * Puts a goal at `rank` (1 = top priority), shifting the others: the drag-and-drop target and, with
 * rank ± 1, the keyboard's earlier / later buttons.
 */
export function rankTo(actor: Actor, id: number, rank: number): void {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => {
		const all = tx.select().from(goal).orderBy(asc(goal.rank), asc(goal.id)).all();
		const from = all.findIndex((g) => g.id === id);
		if (from < 0) error(404, 'Not found');
		const to = Math.min(all.length - 1, Math.max(0, Math.trunc(rank) - 1));
		if (!Number.isFinite(rank) || from === to) return;
		const [moved] = all.splice(from, 1);
		all.splice(to, 0, moved);
		all.forEach(
			(g, i) =>
				g.rank !== i + 1 &&
				tx
					.update(goal)
					.set({ rank: i + 1 })
					.where(eq(goal.id, g.id))
					.run()
		);
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'goal',
			entityId: id,
			before: { rank: from + 1 },
			after: { rank: to + 1 },
			summary: `Moved goal ${moved.title} from priority ${from + 1} to ${to + 1}`
		});
	});
}

export function move(actor: Actor, id: number, by: -1 | 1): void {
	const current =
		db().select({ rank: goal.rank }).from(goal).where(eq(goal.id, id)).get() ?? error(404, 'Not found');
	rankTo(actor, id, current.rank + by);
}

export function checkIn(actor: Actor, goalId: number, input: unknown): void {
	authorize(actor.user, 'rollout.write');
	const fields = parse(checkinForm, input);
	db().transaction((tx) => {
		const g = find(tx, goalObject, goalId);
		const created = tx
			.insert(goalCheckin)
			.values({ goalId, ...fields, userId: actor.user.id })
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'goal_checkin',
			entityId: created.id,
			after: created,
			summary: `Checked in ${g.kpi} = ${fields.value}${g.unit ? ` ${g.unit}` : ''} for ${g.title}`
		});
	});
}

/**
 * Writes today's automatic check-in of every measured goal that lacks one (start date ≤ today ≤ due
 * date): one indexed look-up when all are written, else the figures measured first and the rows
 * written in one transaction, each audited as the system's (no user, as the seed and the first
 * administrator are). A goal with nothing to measure yet (no people in scope) gets none. Returns how
 * many it wrote.
 */
export function ensureDailyCheckins(now = Date.now()): number {
	const day = today(now);
	const conn = db();
	const due = conn
		.select({
			id: goal.id,
			title: goal.title,
			kpi: goal.kpi,
			unit: goal.unit,
			metric: goal.metric,
			metricScope: goal.metricScope
		})
		.from(goal)
		.where(
			and(
				isNotNull(goal.metric),
				isNotNull(goal.metricScope),
				lte(goal.startDate, day),
				gte(goal.dueDate, day),
				sql`not exists (select 1 from ${goalCheckin} where ${goalCheckin.goalId} = ${goal.id}
					and ${goalCheckin.date} = ${day} and ${goalCheckin.source} = 'auto')`
			)
		)
		.all();
	if (!due.length) return 0;
	// Measured before the write opens: a data-quality figure reads every record.
	const measured = due
		.map((g) => ({ ...g, value: measure(conn, { metric: g.metric!, scope: g.metricScope! }, day) }))
		.filter((g): g is typeof g & { value: number } => g.value !== null && Number.isFinite(g.value));
	if (!measured.length) return 0;
	return conn.transaction((tx) => {
		let written = 0;
		for (const g of measured) {
			const created = tx
				.insert(goalCheckin)
				.values({ goalId: g.id, date: day, value: g.value, note: '', userId: null, source: 'auto' })
				.onConflictDoNothing()
				.returning()
				.get();
			if (!created) continue; // another request wrote it meanwhile
			tx.insert(auditLog)
				.values({
					at: Date.now(),
					action: 'create',
					entity: 'goal_checkin',
					entityId: String(created.id),
					after: created,
					summary: `Automatic daily check-in: ${g.kpi} = ${g.value}${g.unit ? ` ${g.unit}` : ''} for ${g.title}`
				})
				.run();
			written++;
		}
		return written;
	});
}

/** What measures a goal's KPI, as a sentence fragment: "Adoption rate … · Sales North". */
function sourceLabels(conn: Conn) {
	const teams = new Map(
		conn
			.select({ id: team.id, name: team.name })
			.from(team)
			.all()
			.map((t) => [t.id, t.name])
	);
	const phases = new Map(
		conn
			.select({ id: phase.id, name: phase.name })
			.from(phase)
			.all()
			.map((p) => [p.id, p.name])
	);
	return (g: Pick<Goal, 'metric' | 'metricScope'>): string | null => {
		if (!g.metric) return null;
		const s: MetricScope | null = g.metricScope;
		const whose =
			!s || s.kind === 'all'
				? 'everyone'
				: s.kind === 'team'
					? (teams.get(s.id ?? 0) ?? 'a removed team')
					: `phase ${phases.get(s.id ?? 0) ?? '(removed)'}`;
		return `${GOAL_METRIC_LABELS[g.metric]} · ${whose}`;
	};
}

function checkinsOf(goalIds: number[]) {
	return goalIds.length
		? db()
				.select()
				.from(goalCheckin)
				.where(inArray(goalCheckin.goalId, goalIds))
				.orderBy(asc(goalCheckin.date), asc(goalCheckin.id))
				.all()
		: [];
}

/** Every goal by priority with its owner, phases, check-ins (for the chart) and status. */
export function list(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	ensureDailyCheckins();
	const measuredBy = sourceLabels(db());
	const goals = db()
		.select({ goal, ownerName: user.name })
		.from(goal)
		.leftJoin(user, eq(goal.ownerId, user.id))
		.orderBy(asc(goal.rank), asc(goal.id))
		.all();
	const checkins = checkinsOf(goals.map((g) => g.goal.id));
	const phases = db()
		.select({ goalId: goalPhase.goalId, id: phase.id, name: phase.name })
		.from(goalPhase)
		.innerJoin(phase, eq(goalPhase.phaseId, phase.id))
		.orderBy(asc(phase.position))
		.all();
	return goals.map(({ goal: g, ownerName }) => {
		const points = checkins.filter((c) => c.goalId === g.id).map((c) => ({ date: c.date, value: c.value }));
		return {
			...g,
			ownerName,
			points,
			latest: points.at(-1),
			status: goalStatus(g, points.at(-1)),
			measuredBy: measuredBy(g),
			phases: phases.filter((p) => p.goalId === g.id).map(({ id, name }) => ({ id, name }))
		};
	});
}

/** A goal's page: the goal, its check-ins newest first, its phases and status. */
export function detail(actor: Actor, id: number) {
	authorize(actor.user, 'rollout.read');
	const record = find(db(), goalObject, id);
	ensureDailyCheckins();
	const checkins = db()
		.select({
			id: goalCheckin.id,
			date: goalCheckin.date,
			value: goalCheckin.value,
			note: goalCheckin.note,
			source: goalCheckin.source,
			by: user.name
		})
		.from(goalCheckin)
		.leftJoin(user, eq(goalCheckin.userId, user.id))
		.where(eq(goalCheckin.goalId, id))
		.orderBy(desc(goalCheckin.date), desc(goalCheckin.id))
		.all();
	const phaseIds = db()
		.select({ id: goalPhase.phaseId })
		.from(goalPhase)
		.where(eq(goalPhase.goalId, id))
		.all()
		.map((p) => p.id);
	const points = [...checkins].reverse().map((c) => ({ date: c.date, value: c.value }));
	return {
		record,
		checkins,
		phaseIds,
		points,
		status: goalStatus(record, points.at(-1)),
		measuredBy: sourceLabels(db())(record)
	};
}
