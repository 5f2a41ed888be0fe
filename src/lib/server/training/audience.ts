import { inArray } from 'drizzle-orm';
import type { Audience } from '$lib/training';
import { db, schema, type Conn } from '../db';

/**
 * Who a course's audience names. Within one kind the audience is any of the chosen (rep or manager);
 * across kinds all must hold (reps of Sales North); an audience with nothing chosen names nobody, so
 * such a course is assigned by hand only. A phase names the people of its teams.
 */

const { user, projectRole, phaseTeam, phase } = schema;

/** What matching needs to know of a person. */
export interface Learner {
	id: number;
	roleId: number;
	teamId: number | null;
	active: boolean;
	projectRoles: string[];
}

/** Each phase's teams and start date: what phase audiences and phase due dates read. */
export type PhaseTeams = Map<number, { startDate: string; teams: Set<number> }>;

export function phaseTeams(conn: Conn = db()): PhaseTeams {
	const out: PhaseTeams = new Map();
	for (const p of conn.select({ id: phase.id, startDate: phase.startDate }).from(phase).all())
		out.set(p.id, { startDate: p.startDate, teams: new Set() });
	for (const t of conn.select().from(phaseTeam).all()) out.get(t.phaseId)?.teams.add(t.teamId);
	return out;
}

export function isEmptyAudience(a: Audience): boolean {
	return !a.roles.length && !a.teams.length && !a.projectRoles.length && !a.phases.length;
}

export function matches(person: Learner, a: Audience, phases: PhaseTeams): boolean {
	if (!person.active || isEmptyAudience(a)) return false;
	if (a.roles.length && !a.roles.includes(person.roleId)) return false;
	if (a.teams.length && (person.teamId === null || !a.teams.includes(person.teamId))) return false;
	if (a.projectRoles.length && !a.projectRoles.some((r) => person.projectRoles.includes(r))) return false;
	if (a.phases.length && !phaseOf(person, a, phases)) return false;
	return true;
}

/** The earliest-starting of the audience's phases that holds the person's team. */
export function phaseOf(
	person: Pick<Learner, 'teamId'>,
	a: Audience,
	phases: PhaseTeams
): { id: number; startDate: string } | undefined {
	if (person.teamId === null) return undefined;
	let best: { id: number; startDate: string } | undefined;
	for (const id of a.phases) {
		const p = phases.get(id);
		if (p?.teams.has(person.teamId) && (!best || p.startDate < best.startDate))
			best = { id, startDate: p.startDate };
	}
	return best;
}

/** The people to match: everyone (`ids` undefined) or the named ones, active or not. */
export function learners(conn: Conn, ids?: number[]): Learner[] {
	if (ids && !ids.length) return [];
	const rows = conn
		.select({ id: user.id, roleId: user.roleId, teamId: user.teamId, active: user.active })
		.from(user)
		.where(ids ? inArray(user.id, ids) : undefined)
		.all();
	const roles = new Map<number, string[]>();
	for (const r of conn
		.select({ userId: projectRole.userId, role: projectRole.role })
		.from(projectRole)
		.where(ids ? inArray(projectRole.userId, ids) : undefined)
		.all())
		roles.set(r.userId, [...(roles.get(r.userId) ?? []), r.role]);
	return rows.map((r) => ({ ...r, projectRoles: roles.get(r.id) ?? [] }));
}
