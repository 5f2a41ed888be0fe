import { error } from '@sveltejs/kit';
import { asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
	PUBLIC_TOP,
	POINT_ACTIONS,
	contestMetricLabel,
	isContestKpi,
	isPointAction,
	type ContestKpi,
	type ContestMetric,
	type ContestResult,
	type ContestStanding,
	type FrozenRules
} from '$lib/engagement';
import { contestForm, contestSide, type ContestInput, type ContestSideInput } from '$lib/schemas/engagement';
import { authorize, can } from '../access/policy';
import { measureTeams } from '../adoption/sources';
import { recordChange } from '../audit/record';
import { utcDay } from '../audit/usage';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { registerJob, schedule, cancelJob } from '../jobs';
import { notify } from '../notifications';
import { InvalidInput, Refused } from '../validation';
import { rankBy } from './boards';
import { rules } from './rules';

/**
 * Contests between teams or virtual teams (sides made of real teams), or between the people of those
 * teams, by points (under the rules frozen at the start), one action's count, or — sides only — a KPI
 * of the adoption module (each side's adoption rate, data quality, training completion, …, as a goal's
 * KPI is measured: adoption/sources.ts). A contest's rules — metric, dates, sides, target, prizes, and the points rules themselves —
 * are frozen when it starts: it can no longer be edited, and its standings count each action by the
 * points and daily cap it had at the start (`rules`), whatever the admin sets later. Standings are
 * read live from `points_day`; when the contest ends its final standings are archived (`result`).
 * Starting and ending are jobs (`contest.start:<id>`, `contest.end:<id>`); a contest created to start
 * today starts at once.
 */

const { contest, contestTeam, contestTeamMember, team } = schema;
const DAY = 86_400_000;
export const MAX_SIDES = 4;

export type Contest = typeof contest.$inferSelect;
export type ContestStatus = 'upcoming' | 'running' | 'ended';

export function statusOf(c: Contest): ContestStatus {
	if (c.endedAt) return 'ended';
	return c.startedAt ? 'running' : 'upcoming';
}

export interface Side {
	id: number;
	name: string;
	teams: { id: number; name: string }[];
}

function sidesOf(conn: Conn, contestIds: number[]): Map<number, Side[]> {
	const out = new Map<number, Side[]>();
	if (!contestIds.length) return out;
	const rows = conn
		.select({
			contestId: contestTeam.contestId,
			sideId: contestTeam.id,
			sideName: contestTeam.name,
			teamId: team.id,
			teamName: team.name
		})
		.from(contestTeam)
		.leftJoin(contestTeamMember, eq(contestTeamMember.contestTeamId, contestTeam.id))
		.leftJoin(team, eq(team.id, contestTeamMember.teamId))
		.where(inArray(contestTeam.contestId, contestIds))
		.orderBy(asc(contestTeam.id), asc(team.name))
		.all();
	for (const r of rows) {
		const sides = out.get(r.contestId) ?? [];
		let side = sides.find((s) => s.id === r.sideId);
		if (!side) sides.push((side = { id: r.sideId, name: r.sideName, teams: [] }));
		if (r.teamId !== null && r.teamName !== null) side.teams.push({ id: r.teamId, name: r.teamName });
		out.set(r.contestId, sides);
	}
	return out;
}

/** Every contest, running first, then upcoming, then ended (newest first): contests are everyone's to see. */
export function listContests() {
	const conn = db();
	const rows = conn.select().from(contest).orderBy(desc(contest.startsOn), desc(contest.id)).all();
	const sides = sidesOf(
		conn,
		rows.map((r) => r.id)
	);
	const order: Record<ContestStatus, number> = { running: 0, upcoming: 1, ended: 2 };
	return rows
		.map((c) => ({
			...c,
			status: statusOf(c),
			metricLabel: contestMetricLabel(c.metric),
			sides: sides.get(c.id) ?? []
		}))
		.sort((a, b) => order[a.status] - order[b.status]);
}

export function getContest(id: number) {
	const c = db().select().from(contest).where(eq(contest.id, id)).get();
	if (!c) error(404, 'Not found');
	return {
		...c,
		status: statusOf(c),
		metricLabel: contestMetricLabel(c.metric),
		sides: sidesOf(db(), [id]).get(id) ?? []
	};
}

const validMetric = (metric: string): metric is ContestMetric =>
	metric === 'points' ||
	(metric.startsWith('action:') && isPointAction(metric.slice(7))) ||
	(metric.startsWith('kpi:') && isContestKpi(metric.slice(4)));

/** Validates a contest and its sides together: field errors keyed as the form names them. */
function validate(
	conn: Conn,
	values: Record<string, unknown>,
	rawSides: { name: unknown; teamIds: unknown }[],
	today: string,
	startsAlready?: string
): { input: ContestInput; sides: ContestSideInput[] } {
	const errors: Record<string, string> = {};
	const parsed = contestForm.safeParse(values);
	if (!parsed.success)
		for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
	const input = parsed.success ? parsed.data : undefined;
	if (input && !validMetric(input.metric))
		errors.metric = 'Choose points, one of the listed actions or a KPI.';
	else if (input?.metric.startsWith('kpi:') && input.kind !== 'team')
		errors.metric =
			'A KPI measures a side as a whole: choose teams against each other, or points or an action.';
	if (input && input.startsOn < today && input.startsOn !== startsAlready)
		errors.startsOn = 'A contest starts today or later.';
	const sides: ContestSideInput[] = [];
	const teamNames = new Map(
		conn
			.select({ id: team.id, name: team.name })
			.from(team)
			.all()
			.map((t) => [t.id, t.name])
	);
	const seen = new Map<number, string>();
	rawSides.forEach((raw, i) => {
		const empty = !String(raw.name ?? '').trim() && !(Array.isArray(raw.teamIds) && raw.teamIds.length);
		if (empty) return;
		const side = contestSide.safeParse(raw);
		if (!side.success) {
			for (const issue of side.error.issues)
				errors[`side.${i}.${issue.path[0] === 'name' ? 'name' : 'teams'}`] ??= issue.message;
			return;
		}
		for (const id of side.data.teamIds) {
			const name = teamNames.get(id);
			if (!name) errors[`side.${i}.teams`] = 'Choose teams from the list.';
			else if (seen.has(id))
				errors[`side.${i}.teams`] = `${name} is already in “${seen.get(id)}”: a team plays on one side only.`;
			else seen.set(id, side.data.name);
		}
		if (sides.some((s) => s.name.toLowerCase() === side.data.name.toLowerCase()))
			errors[`side.${i}.name`] = 'Two sides cannot have the same name.';
		sides.push(side.data);
	});
	const needed = input?.kind === 'individual' ? 1 : 2;
	if (sides.length < needed && !Object.keys(errors).some((k) => k.startsWith('side.')))
		errors['side.0.name'] =
			needed === 1 ? 'Choose the teams whose people take part.' : 'A team contest needs at least two sides.';
	if (Object.keys(errors).length || !input) throw new InvalidInput(errors);
	return { input, sides };
}

function writeSides(tx: Conn, contestId: number, sides: ContestSideInput[]): void {
	tx.delete(contestTeam).where(eq(contestTeam.contestId, contestId)).run();
	for (const s of sides) {
		const side = tx
			.insert(contestTeam)
			.values({ contestId, name: s.name })
			.returning({ id: contestTeam.id })
			.get();
		for (const teamId of s.teamIds)
			tx.insert(contestTeamMember).values({ contestId, contestTeamId: side.id, teamId }).run();
	}
}

function startAt(day: string): number {
	return Date.parse(`${day}T00:00:00Z`);
}

/** Schedules the start and end jobs; a contest whose first day has come starts now. */
function scheduleContest(tx: Conn, c: Contest, today: string): void {
	if (c.startsOn <= today) startContest(tx, c.id);
	else
		schedule(tx, {
			kind: 'contest.start',
			key: `contest.start:${c.id}`,
			runAt: startAt(c.startsOn),
			payload: { id: c.id }
		});
	schedule(tx, {
		kind: 'contest.end',
		key: `contest.end:${c.id}`,
		runAt: startAt(c.endsOn) + DAY,
		payload: { id: c.id }
	});
}

export function createContest(
	actor: Actor,
	values: Record<string, unknown>,
	rawSides: { name: unknown; teamIds: unknown }[]
): Contest {
	authorize(actor.user, 'engagement.manage');
	const today = utcDay(Date.now());
	return db().transaction((tx) => {
		const { input, sides } = validate(tx, values, rawSides, today);
		const c = tx
			.insert(contest)
			.values({ ...input, metric: input.metric as ContestMetric, createdBy: actor.user.id })
			.returning()
			.get();
		writeSides(tx, c.id, sides);
		recordChange(tx, actor, {
			module: 'engagement.contests',
			action: 'create',
			entity: 'contest',
			entityId: c.id,
			after: { ...c, sides },
			summary: `Created contest ${c.name} (${c.startsOn} – ${c.endsOn})`
		});
		scheduleContest(tx, c, today);
		return tx.select().from(contest).where(eq(contest.id, c.id)).get()!;
	});
}

function editable(tx: Conn, id: number, baseVersion: unknown): Contest {
	const c = tx.select().from(contest).where(eq(contest.id, id)).get();
	if (!c) error(404, 'Not found');
	if (c.startedAt)
		throw new Refused('The contest has started: its rules are frozen and shown to everyone as they are.');
	if (baseVersion !== undefined && Number(baseVersion) !== c.version)
		throw new Refused(
			'Someone else changed this contest after you opened it: open it again to see their changes.'
		);
	return c;
}

export function updateContest(
	actor: Actor,
	id: number,
	values: Record<string, unknown>,
	rawSides: { name: unknown; teamIds: unknown }[],
	baseVersion: unknown
): Contest {
	authorize(actor.user, 'engagement.manage');
	const today = utcDay(Date.now());
	return db().transaction((tx) => {
		const before = editable(tx, id, baseVersion);
		const { input, sides } = validate(tx, values, rawSides, today, before.startsOn);
		const after = tx
			.update(contest)
			.set({
				...input,
				metric: input.metric as ContestMetric,
				version: before.version + 1,
				updatedAt: Date.now()
			})
			.where(eq(contest.id, id))
			.returning()
			.get();
		writeSides(tx, id, sides);
		recordChange(tx, actor, {
			module: 'engagement.contests',
			action: 'update',
			entity: 'contest',
			entityId: id,
			before,
			after: { ...after, sides },
			summary: `Edited contest ${after.name}`
		});
		scheduleContest(tx, after, today);
		return tx.select().from(contest).where(eq(contest.id, id)).get()!;
	});
}

export function deleteContest(actor: Actor, id: number, baseVersion: unknown): void {
	authorize(actor.user, 'engagement.manage');
	db().transaction((tx) => {
		const before = editable(tx, id, baseVersion);
		tx.delete(contest).where(eq(contest.id, id)).run();
		cancelJob(tx, `contest.start:${id}`);
		cancelJob(tx, `contest.end:${id}`);
		recordChange(tx, actor, {
			module: 'engagement.contests',
			action: 'delete',
			entity: 'contest',
			entityId: id,
			before,
			summary: `Deleted contest ${before.name} before it started`
		});
	});
}

/** The active people of the contest's teams, with their side. */
function participants(tx: Conn, id: number) {
	return tx.all<{ userId: number; name: string; sideId: number; hidden: number }>(sql`
		SELECT u.id AS userId, u.name AS name, m.contest_team_id AS sideId, coalesce(e.hide_from_boards, 0) AS hidden
		FROM contest_team_member m JOIN user u ON u.team_id = m.team_id AND u.active = 1
		LEFT JOIN engagement_pref e ON e.user_id = u.id WHERE m.contest_id = ${id}`);
}

/** Freezes the points rules and marks the contest started; tells its people. Idempotent. */
export function startContest(tx: Conn, id: number): void {
	const c = tx.select().from(contest).where(eq(contest.id, id)).get();
	if (!c || c.startedAt) return;
	const frozen: FrozenRules = {};
	for (const r of rules(tx)) if (r.enabled) frozen[r.action] = { points: r.points, dailyCap: r.dailyCap };
	tx.update(contest).set({ rules: frozen, startedAt: Date.now() }).where(eq(contest.id, id)).run();
	notify(tx, {
		userIds: participants(tx, id).map((p) => p.userId),
		kind: 'contest.started',
		entity: 'contest',
		entityId: id,
		params: { name: c.name, endsOn: c.endsOn, metric: contestMetricLabel(c.metric) },
		href: `/engagement/contests/${id}`
	});
}

/** Archives the final standings and marks the contest ended; tells its people. Idempotent. */
export function endContest(tx: Conn, id: number): void {
	const c = tx.select().from(contest).where(eq(contest.id, id)).get();
	if (!c || c.endedAt) return;
	if (!c.startedAt) startContest(tx, id);
	const started = tx.select().from(contest).where(eq(contest.id, id)).get()!;
	const result: ContestResult = { standings: computeStandings(tx, started), endedOn: c.endsOn };
	tx.update(contest).set({ result, endedAt: Date.now() }).where(eq(contest.id, id)).run();
	const winner = result.standings[0];
	notify(tx, {
		userIds: participants(tx, id).map((p) => p.userId),
		kind: 'contest.ended',
		entity: 'contest',
		entityId: id,
		params: { name: c.name, winner: winner?.name ?? 'nobody' },
		href: `/engagement/contests/${id}`
	});
}

registerJob('contest.start', (tx, payload) => startContest(tx, Number(payload.id)));
registerJob('contest.end', (tx, payload) => endContest(tx, Number(payload.id)));

/**
 * A person-day-action row's points under frozen rules: its counted actions up to the frozen daily cap,
 * times the frozen points (an action the rules did not have earns nothing). Inlined as a CASE: the
 * keys are the catalogue's and the figures integers, checked here.
 */
function frozenPoints(rules: FrozenRules): SQL {
	const arms = Object.entries(rules)
		.filter(
			([action, r]) =>
				isPointAction(action) && r && Number.isInteger(r.points) && Number.isInteger(r.dailyCap)
		)
		.map(([action, r]) => `WHEN '${action}' THEN min(d.n, ${r!.dailyCap}) * ${r!.points}`);
	return arms.length ? sql.raw(`CASE d.action ${arms.join(' ')} ELSE 0 END`) : sql.raw('0');
}

/**
 * Each participant's score from `points_day` over the contest's days so far, by its frozen rules. The
 * days' range leads (`+user_id` keeps the planner off the per-person index, which would read every
 * participant's whole year).
 */
function scores(tx: Conn, c: Contest): Map<number, number> {
	const to = [c.endsOn, utcDay(Date.now())].sort()[0];
	const people = sql`SELECT u.id FROM contest_team_member m JOIN user u ON u.team_id = m.team_id AND u.active = 1
		WHERE m.contest_id = ${c.id}`;
	const rows =
		c.metric === 'points'
			? tx.all<{ userId: number; score: number }>(sql`
				SELECT d.user_id AS userId, sum(${frozenPoints(c.rules ?? {})}) AS score FROM points_day d
				WHERE d.day BETWEEN ${c.startsOn} AND ${to} AND +d.user_id IN (${people}) GROUP BY d.user_id`)
			: tx.all<{ userId: number; score: number }>(sql`
				SELECT d.user_id AS userId, sum(d.n) AS score FROM points_day d
				WHERE d.action = ${c.metric.slice(7)} AND d.day BETWEEN ${c.startsOn} AND ${to}
				AND +d.user_id IN (${people}) GROUP BY d.user_id`);
	return new Map(rows.map((r) => [r.userId, r.score]));
}

/** A KPI contest: each side's KPI over its teams' people, on the last day so far. */
function kpiStandings(tx: Conn, c: Contest, kpi: ContestKpi): ContestStanding[] {
	const day = [c.endsOn, utcDay(Date.now())].sort()[0];
	const people = participants(tx, c.id);
	const sides = sidesOf(tx, [c.id]).get(c.id) ?? [];
	return rankBy(
		sides.map((s) => {
			const value = measureTeams(
				tx,
				kpi,
				s.teams.map((t) => t.id),
				day
			);
			return {
				id: s.id,
				name: s.name,
				score: value ?? 0,
				heads: people.filter((p) => p.sideId === s.id).length,
				perHead: value ?? 0
			};
		}),
		(r) => r.score
	);
}

function computeStandings(tx: Conn, c: Contest): ContestStanding[] {
	if (!c.startedAt) return [];
	if (c.metric.startsWith('kpi:') && isContestKpi(c.metric.slice(4)))
		return kpiStandings(tx, c, c.metric.slice(4) as ContestKpi);
	const people = participants(tx, c.id);
	const score = scores(tx, c);
	if (c.kind === 'individual')
		return rankBy(
			people.map((p) => ({ id: p.userId, name: p.name, score: score.get(p.userId) ?? 0 })),
			(r) => r.score
		);
	const sides = sidesOf(tx, [c.id]).get(c.id) ?? [];
	return rankBy(
		sides.map((s) => {
			const members = people.filter((p) => p.sideId === s.id);
			const total = members.reduce((sum, p) => sum + (score.get(p.userId) ?? 0), 0);
			return {
				id: s.id,
				name: s.name,
				score: total,
				heads: members.length,
				perHead: members.length ? Math.round((total / members.length) * 10) / 10 : 0
			};
		}),
		(r) => r.perHead ?? 0
	);
}

/**
 * The standings as the actor may see them: live while running, archived once ended. Team standings
 * are the sides' (no names); individual standings show the top PUBLIC_TOP and your own place, the
 * whole list to those who manage engagement, and "Name hidden" for people who chose so.
 */
export function standings(actor: Actor, c: Contest) {
	const all = c.result?.standings ?? computeStandings(db(), c);
	if (c.kind === 'team') return { rows: all.map((r) => ({ ...r, you: false })), yours: null, whole: true };
	const whole = can(actor.user, 'engagement.manage');
	const hidden = new Set(
		participants(db(), c.id)
			.filter((p) => p.hidden)
			.map((p) => p.userId)
	);
	const shown = (r: ContestStanding) => ({
		...r,
		name: hidden.has(r.id) && r.id !== actor.user.id ? 'Name hidden' : r.name,
		you: r.id === actor.user.id
	});
	const rows = (whole ? all : all.slice(0, PUBLIC_TOP)).map(shown);
	const mine = all.find((r) => r.id === actor.user.id);
	return { rows, yours: mine && !rows.some((r) => r.you) ? shown(mine) : null, whole, ranked: all.length };
}

/** The points rules a contest counts by: frozen ones once started, else today's (which it will freeze). */
export function contestRules(c: Contest) {
	if (c.rules)
		return Object.entries(c.rules).map(([action, r]) => ({
			action,
			label: isPointAction(action) ? POINT_ACTIONS[action].label : action,
			points: r.points,
			dailyCap: r.dailyCap
		}));
	return rules()
		.filter((r) => r.enabled)
		.map((r) => ({ action: r.action, label: r.label, points: r.points, dailyCap: r.dailyCap }));
}

/** Whether the actor takes part (their team is on a side). */
export function takesPart(actor: Actor, c: { sides: Side[] }): boolean {
	return c.sides.some((s) => s.teams.some((t) => t.id === actor.user.teamId));
}
