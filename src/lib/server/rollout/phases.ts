import { error } from '@sveltejs/kit';
import { and, asc, eq, inArray, max, ne } from 'drizzle-orm';
import { criterionForm, milestoneForm, phaseForm } from '$lib/schemas/rollout';
import { authorize, can } from '../access/policy';
import { adoptionByDay, daysAtTarget, teamPeople, type DayAdoption } from '../adoption/sources';
import { recordChange } from '../audit/record';
import type { Restorable } from '../audit/restorable';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { phaseBlocked } from '../notifications/events';
import { reconcileTeams } from '../training/assignment';
import { blockers, phaseTraining, trainingMet } from '../training/gate';
import { InvalidInput, Refused, parse } from '../validation';
import { daysBetween, today } from './dates';
import { find, insertRecord, updateRecord, type RolloutObject } from './records';

/**
 * The phased rollout plan: phases in order with their teams, CRM modules, entry and exit criteria,
 * milestones and adoption target; a gantt of the plan; warnings where phases overlap or follow each
 * other without a gap; and the exit gate (a phase closes when its exit criteria are checked, or by a
 * steering decision with a recorded reason).
 */

const { phase, phaseTeam, phaseCriterion, milestone, team } = schema;
export type Phase = typeof phase.$inferSelect;
const MODULE = 'rollout.phases';

export const phaseObject: RolloutObject<typeof phase, Phase> = {
	entity: 'phase',
	module: MODULE,
	noun: 'phase',
	table: phase,
	id: phase.id,
	describe: (p) => p.name
};

function teamIdsChecked(conn: Conn, ids: number[]): number[] {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return [];
	const found = conn.select({ id: team.id }).from(team).where(inArray(team.id, unique)).all();
	if (found.length !== unique.length) throw new InvalidInput({ teamIds: 'Choose teams from the list.' });
	return unique;
}

function phaseFields(conn: Conn, input: unknown) {
	const { teamIds, ...fields } = parse(phaseForm, input);
	if (fields.status === 'closed')
		throw new InvalidInput({
			status: 'Close a phase with its Close button: its exit criteria are checked first.'
		});
	return { fields, teamIds: teamIdsChecked(conn, teamIds) };
}

/** Sets a phase's teams; a change is audited with the teams before and after (the phase row has none). */
function setTeams(tx: Conn, actor: Actor, phaseId: number, teamIds: number[]) {
	const before = teamsOf(tx, phaseId);
	const after = [...teamIds].sort((a, b) => a - b);
	if (before.join() === after.join()) return;
	recordChange(tx, actor, {
		module: MODULE,
		action: 'update',
		entity: 'phase_team',
		entityId: phaseId,
		before: { teamIds: before },
		after: { teamIds: after },
		summary: `Set the teams of phase #${phaseId}`
	});
	tx.delete(phaseTeam).where(eq(phaseTeam.phaseId, phaseId)).run();
	if (teamIds.length)
		tx.insert(phaseTeam)
			.values(teamIds.map((teamId) => ({ phaseId, teamId })))
			.run();
	reconcileTeams(tx, actor, [...before, ...after], 'a change of a phase’s teams');
}

/** The teams of a phase as its audit rows hold them (`phase_team` entries), for rollback. */
type PhaseTeams = { id: number; version: number; teamIds: number[]; before?: number[] };

function teamsOf(conn: Conn, phaseId: number): number[] {
	return conn
		.select({ id: phaseTeam.teamId })
		.from(phaseTeam)
		.where(eq(phaseTeam.phaseId, phaseId))
		.all()
		.map((t) => t.id)
		.sort((a, b) => a - b);
}

/**
 * How audit rollback restores a phase's teams: an entry is undone while the phase still has the teams
 * it left (team sets carry no version of their own).
 */
export const restorablePhaseTeams: Restorable<PhaseTeams> = {
	module: MODULE,
	fields: ['teamIds'],
	load: (conn, id) =>
		conn.select({ id: phase.id }).from(phase).where(eq(phase.id, id)).get()
			? { id, version: 0, teamIds: teamsOf(conn, id) }
			: undefined,
	unchangedSince: (current, after) =>
		current.teamIds.join() === [...((after.teamIds as number[]) ?? [])].sort((a, b) => a - b).join(),
	write: (tx, current, values) => {
		const teamIds = teamIdsChecked(tx, values.teamIds ?? []);
		tx.delete(phaseTeam).where(eq(phaseTeam.phaseId, current.id)).run();
		if (teamIds.length)
			tx.insert(phaseTeam)
				.values(teamIds.map((teamId) => ({ phaseId: current.id, teamId })))
				.run();
		return { ...current, teamIds: teamsOf(tx, current.id), before: current.teamIds } as PhaseTeams;
	},
	afterRestore: (tx, actor, restored) =>
		void reconcileTeams(
			tx,
			actor,
			[...restored.teamIds, ...(restored.before ?? [])],
			'a change of a phase’s teams'
		),
	insert: () => {
		throw new Refused('A phase’s teams come back with the phase: restore the phase first.');
	}
};

export function create(actor: Actor, input: unknown): Phase {
	authorize(actor.user, 'rollout.write');
	return db().transaction((tx) => {
		const { fields, teamIds } = phaseFields(tx, input);
		const last =
			tx
				.select({ p: max(phase.position) })
				.from(phase)
				.get()?.p ?? 0;
		const created = insertRecord(tx, actor, phaseObject, { ...fields, position: last + 1 });
		setTeams(tx, actor, created.id, teamIds);
		return created;
	});
}

export function update(actor: Actor, id: number, input: unknown, baseVersion: unknown): Phase {
	authorize(actor.user, 'rollout.write');
	return db().transaction((tx) => {
		const before = find(tx, phaseObject, id);
		if (before.status === 'closed') throw new Refused('This phase is closed; it can no longer be changed.');
		const { fields, teamIds } = phaseFields(tx, input);
		const after = updateRecord(tx, actor, phaseObject, before, fields, baseVersion);
		setTeams(tx, actor, id, teamIds);
		return after;
	});
}

export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => {
		const before = find(tx, phaseObject, id);
		if (before.status !== 'planned') throw new Refused('Only a planned phase can be deleted.');
		const teams = teamsOf(tx, id);
		tx.delete(phase).where(eq(phase.id, id)).run();
		reconcileTeams(tx, actor, teams, 'a phase was deleted');
		recordChange(tx, actor, {
			module: MODULE,
			action: 'delete',
			entity: 'phase',
			entityId: id,
			before,
			summary: `Deleted phase ${before.name}`
		});
	});
}

/** Moves a phase one place earlier (-1) or later (+1) in the plan. */
export function move(actor: Actor, id: number, by: -1 | 1): void {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => {
		const all = tx.select().from(phase).orderBy(asc(phase.position), asc(phase.id)).all();
		const from = all.findIndex((p) => p.id === id);
		if (from < 0) error(404, 'Not found');
		const to = from + by;
		if (to < 0 || to >= all.length) return;
		[all[from], all[to]] = [all[to], all[from]];
		all.forEach((p, i) => {
			if (p.position !== i + 1)
				tx.update(phase)
					.set({ position: i + 1 })
					.where(eq(phase.id, p.id))
					.run();
		});
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'phase',
			entityId: id,
			before: { position: from + 1 },
			after: { position: to + 1 },
			summary: `Moved phase ${all[to].name} ${by < 0 ? 'earlier' : 'later'}`
		});
	});
}

export type PlanWarning = { phaseId: number; message: string };

/**
 * What is wrong with the plan's dates, phase after phase: overlapping phases, and phases that start
 * the day after the previous one ends (no time to learn from one phase before the next).
 */
export function planWarnings(phases: Pick<Phase, 'id' | 'name' | 'startDate' | 'endDate'>[]): PlanWarning[] {
	const warnings: PlanWarning[] = [];
	for (let i = 1; i < phases.length; i++) {
		const [prev, next] = [phases[i - 1], phases[i]];
		const gap = daysBetween(prev.endDate, next.startDate);
		if (gap <= 0)
			warnings.push({
				phaseId: next.id,
				message: `${next.name} starts on ${next.startDate}, before ${prev.name} ends (${prev.endDate}): the phases overlap.`
			});
		else if (gap === 1)
			warnings.push({
				phaseId: next.id,
				message: `${next.name} starts the day after ${prev.name} ends: leave time between phases to learn from the last one.`
			});
	}
	return warnings;
}

type Criterion = typeof phaseCriterion.$inferSelect;

/** A phase's adoption on each of its last `days` days against its target: the criterion's and the dashboard's figure. */
export interface PhaseAdoption {
	/** Today's figures (active in the last 7 days ÷ licensed). */
	licensed: number;
	active: number;
	rate: number | null;
	/** The phase's adoption target, 0–1. */
	target: number;
	days: DayAdoption[];
	/** Days of `days` at or above the target. */
	met: number;
}

/**
 * The adoption of a phase's teams on each of the `days` days that end today (adoption/sources.ts,
 * the headline rate of the people now in its teams), against the phase's target.
 */
export function phaseAdoption(
	conn: Conn,
	p: Pick<Phase, 'id' | 'adoptionTarget'>,
	days = 1,
	end = today()
): PhaseAdoption {
	const people = teamPeople(conn, teamsOf(conn, p.id));
	const series = adoptionByDay(conn, people, days, end);
	const now = series[series.length - 1];
	const target = p.adoptionTarget / 100;
	return {
		licensed: now.licensed,
		active: now.active,
		rate: now.rate,
		target,
		days: series,
		met: daysAtTarget(series, target).met
	};
}

type Progress =
	| { measure: 'training'; pct: number | null; assigned: number; overdue: number }
	| { measure: 'adoption'; rate: number | null; target: number; met: number; days: number; licensed: number };

/**
 * Criteria as they stand: a measured one (training, adoption) is met or not by the live figures,
 * never by a tick; `progress` holds the figures it is checked against.
 */
function measured(conn: Conn, criteria: Criterion[]): (Criterion & { progress: Progress | null })[] {
	const training = criteria.some((c) => c.measure === 'training') ? phaseTraining(conn) : new Map();
	const targets = new Map<number, number>();
	if (criteria.some((c) => c.measure === 'adoption'))
		for (const p of conn.select({ id: phase.id, adoptionTarget: phase.adoptionTarget }).from(phase).all())
			targets.set(p.id, p.adoptionTarget);
	return criteria.map((c) => {
		if (c.measure === 'adoption') {
			const days = Math.min(90, Math.max(1, c.threshold ?? 1));
			const a = phaseAdoption(conn, { id: c.phaseId, adoptionTarget: targets.get(c.phaseId) ?? 100 }, days);
			return {
				...c,
				done: a.licensed > 0 && a.met === days,
				progress: {
					measure: 'adoption',
					rate: a.rate,
					target: a.target,
					met: a.met,
					days,
					licensed: a.licensed
				}
			};
		}
		if (c.measure !== 'training') return { ...c, progress: null };
		const t = training.get(c.phaseId);
		return {
			...c,
			done: trainingMet(t, c.threshold),
			progress: {
				measure: 'training',
				pct: t?.pct ?? null,
				assigned: t?.assigned ?? 0,
				overdue: t?.overdue ?? 0
			}
		};
	});
}

/** The plan: every phase in order with its teams, criteria progress and milestones. */
export function list(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	const phases = db().select().from(phase).orderBy(asc(phase.position), asc(phase.id)).all();
	const teams = db()
		.select({ phaseId: phaseTeam.phaseId, id: team.id, name: team.name })
		.from(phaseTeam)
		.innerJoin(team, eq(phaseTeam.teamId, team.id))
		.orderBy(asc(team.name))
		.all();
	const criteria = measured(db(), db().select().from(phaseCriterion).all());
	const milestones = db().select().from(milestone).orderBy(asc(milestone.dueDate)).all();
	return phases.map((p) => {
		const mine = criteria.filter((c) => c.phaseId === p.id);
		const exit = mine.filter((c) => c.kind === 'exit');
		return {
			...p,
			teams: teams.filter((t) => t.phaseId === p.id).map(({ id, name }) => ({ id, name })),
			exitDone: exit.filter((c) => c.done).length,
			exitTotal: exit.length,
			entryDone: mine.filter((c) => c.kind === 'entry' && c.done).length,
			entryTotal: mine.filter((c) => c.kind === 'entry').length,
			milestones: milestones.filter((m) => m.phaseId === p.id)
		};
	});
}

/** The phases by name, in plan order, for pickers (`open`: those not closed). */
export function phaseChoices(actor: Actor, { open = false } = {}) {
	authorize(actor.user, 'rollout.read');
	return db()
		.select({ id: phase.id, name: phase.name })
		.from(phase)
		.where(open ? ne(phase.status, 'closed') : undefined)
		.orderBy(asc(phase.position), asc(phase.id))
		.all();
}

/** A phase's page: the phase, its teams, criteria and milestones. */
export function detail(actor: Actor, id: number) {
	authorize(actor.user, 'rollout.read');
	const record = find(db(), phaseObject, id);
	return {
		record,
		teamIds: db()
			.select({ id: phaseTeam.teamId })
			.from(phaseTeam)
			.where(eq(phaseTeam.phaseId, id))
			.all()
			.map((t) => t.id),
		criteria: measured(
			db(),
			db()
				.select()
				.from(phaseCriterion)
				.where(eq(phaseCriterion.phaseId, id))
				.orderBy(asc(phaseCriterion.kind), asc(phaseCriterion.position), asc(phaseCriterion.id))
				.all()
		),
		milestones: db()
			.select()
			.from(milestone)
			.where(eq(milestone.phaseId, id))
			.orderBy(asc(milestone.dueDate))
			.all(),
		mayDecide: can(actor.user, 'rollout.decide'),
		training: phaseTraining(db(), [id]).get(id) ?? null,
		/** Who holds the phase's training back, as the actor may see them (a rep: only themselves). */
		blockers: blockers(actor, id)
	};
}

/** Mermaid can not have `:`, `#` or `;` in a task name; they become spaces. */
const ganttText = (s: string) => s.replace(/[:#;\n\r]+/g, ' ').trim() || '—';

/** The plan as a mermaid gantt: one section per phase, its span and its milestones. */
export function gantt(phases: ReturnType<typeof list>): string {
	const lines = ['gantt', '  dateFormat YYYY-MM-DD', '  axisFormat %d %b'];
	phases.forEach((p, i) => {
		lines.push(`  section ${ganttText(p.name)}`);
		const state = p.status === 'closed' ? 'done, ' : p.status === 'active' ? 'active, ' : '';
		lines.push(`  ${ganttText(p.name)} :${state}p${i + 1}, ${p.startDate}, ${p.endDate}`);
		for (const m of p.milestones)
			lines.push(`  ${ganttText(m.name)} :milestone, ${m.done ? 'done, ' : ''}${m.dueDate}, 0d`);
	});
	return lines.join('\n');
}

function criterionOf(tx: Conn, id: number) {
	return tx.select().from(phaseCriterion).where(eq(phaseCriterion.id, id)).get() ?? error(404, 'Not found');
}

export function addCriterion(actor: Actor, phaseId: number, input: unknown) {
	authorize(actor.user, 'rollout.write');
	const fields = parse(criterionForm, input);
	db().transaction((tx) => {
		const p = find(tx, phaseObject, phaseId);
		const last =
			tx
				.select({ n: max(phaseCriterion.position) })
				.from(phaseCriterion)
				.where(and(eq(phaseCriterion.phaseId, phaseId), eq(phaseCriterion.kind, fields.kind)))
				.get()?.n ?? 0;
		const created = tx
			.insert(phaseCriterion)
			.values({ phaseId, ...fields, position: last + 1 })
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'phase_criterion',
			entityId: created.id,
			after: created,
			summary: `Added an ${fields.kind} criterion to ${p.name}: ${fields.text}`
		});
	});
}

/** Ticks or unticks a criterion. */
export function setCriterion(actor: Actor, id: number, done: boolean) {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => {
		const before = criterionOf(tx, id);
		if (before.measure)
			throw new Refused(
				`This criterion is checked live from the ${before.measure === 'adoption' ? 'adoption' : 'training'} figures; it cannot be ticked by hand.`
			);
		const after = tx.update(phaseCriterion).set({ done }).where(eq(phaseCriterion.id, id)).returning().get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'phase_criterion',
			entityId: id,
			before,
			after,
			summary: `${done ? 'Checked' : 'Unchecked'} “${before.text}”`
		});
	});
}

export function removeCriterion(actor: Actor, id: number) {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => {
		const before = criterionOf(tx, id);
		tx.delete(phaseCriterion).where(eq(phaseCriterion.id, id)).run();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'delete',
			entity: 'phase_criterion',
			entityId: id,
			before,
			summary: `Removed the criterion “${before.text}”`
		});
	});
}

export function addMilestone(actor: Actor, phaseId: number, input: unknown) {
	authorize(actor.user, 'rollout.write');
	const fields = parse(milestoneForm, input);
	db().transaction((tx) => {
		const p = find(tx, phaseObject, phaseId);
		const created = tx
			.insert(milestone)
			.values({ phaseId, ...fields })
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'milestone',
			entityId: created.id,
			after: created,
			summary: `Added the milestone ${fields.name} to ${p.name}`
		});
	});
}

export function setMilestone(actor: Actor, id: number, done: boolean) {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => {
		const before = tx.select().from(milestone).where(eq(milestone.id, id)).get() ?? error(404, 'Not found');
		const after = tx.update(milestone).set({ done }).where(eq(milestone.id, id)).returning().get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'milestone',
			entityId: id,
			before,
			after,
			summary: `${done ? 'Reached' : 'Reopened'} the milestone ${before.name}`
		});
	});
}

/**
 * Closes a phase. Closing is the planners' act (rollout.write), refused while exit criteria are
 * unchecked, naming them, unless a steering member (rollout.decide) overrides with a reason, which
 * the phase keeps. With every criterion met there is no gate to override: only a planner closes it.
 */
export function close(actor: Actor, id: number, input: { override?: unknown; reason?: unknown } = {}): Phase {
	const override = input.override === 'on' || input.override === 'true';
	if (!can(actor.user, 'rollout.decide')) authorize(actor.user, 'rollout.write');
	const outcome = db().transaction((tx) => {
		const before = find(tx, phaseObject, id);
		if (before.status === 'closed') throw new Refused('This phase is closed already.');
		const open = measured(
			tx,
			tx
				.select()
				.from(phaseCriterion)
				.where(and(eq(phaseCriterion.phaseId, id), eq(phaseCriterion.kind, 'exit')))
				.all()
		).filter((c) => !c.done);
		if (open.length === 0 && !can(actor.user, 'rollout.write'))
			throw new Refused(
				'Every exit criterion is met, so there is no gate to override: the phase is closed by someone who plans the rollout.'
			);
		const reason = typeof input.reason === 'string' ? input.reason.trim().slice(0, 1000) : '';
		// The gate blocks: refused below, after the people who can unblock it are told.
		if (open.length && !override) return { blocked: true as const, phase: before, open };
		// The steering committee may close a phase with criteria unmet; the planners may not.
		if (open.length) authorize(actor.user, 'rollout.decide');
		if (open.length && !reason)
			throw new InvalidInput({ reason: 'Say why the phase closes with exit criteria unmet.' });
		const closed = updateRecord(
			tx,
			actor,
			phaseObject,
			before,
			{ status: 'closed', closedAt: Date.now(), overrideReason: open.length ? reason : null },
			undefined,
			open.length
				? `Closed phase ${before.name} by steering override (${open.length} exit criteria unmet): ${reason}`
				: `Closed phase ${before.name}`
		);
		return { blocked: false as const, phase: closed };
	});
	if (!outcome.blocked) return outcome.phase;
	const { phase: blocked, open } = outcome;
	db().transaction((tx) => phaseBlocked(tx, actor, blocked, open.length));
	throw new Refused(
		`${open.length} exit criteria are not met: ${open.map((c) => `“${c.text}”`).join(', ')}. Check them first${can(actor.user, 'rollout.decide') ? ', or override with a reason' : ', or ask the steering committee to override'}.`
	);
}
