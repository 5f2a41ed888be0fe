import { reconcileLearners } from '../training/assignment';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { PROJECT_ROLE_LABELS, PROJECT_ROLES, raciCell, type ProjectRole } from '$lib/rollout';
import { projectRoleForm } from '$lib/schemas/rollout';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { InvalidInput, Refused, parse } from '../validation';

/**
 * The project team: who leads (executive sponsor, project manager, CRM admin), who helps (key users,
 * a champion per team, trainers, consultants) and who decides (the steering committee); the RACI
 * matrix of roles × workstreams; and the gaps to close (no sponsor, a phase's team without champion).
 */

const { projectRole, user, team, phase, phaseTeam, raci } = schema;
const MODULE = 'rollout.team';

/** Workstreams of the RACI matrix besides the phases. */
export const WORKSTREAMS = [
	'Data migration',
	'Integrations',
	'Training',
	'Change management',
	'Reporting'
] as const;

export function members(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	return db()
		.select({
			id: projectRole.id,
			role: projectRole.role,
			responsibilities: projectRole.responsibilities,
			userId: user.id,
			name: user.name,
			teamName: team.name
		})
		.from(projectRole)
		.innerJoin(user, eq(projectRole.userId, user.id))
		.leftJoin(team, eq(projectRole.teamId, team.id))
		.orderBy(asc(projectRole.role), asc(user.nameKey))
		.all();
}

/** What the team lacks: an executive sponsor, a champion for each team of a phase still to finish. */
export function warnings(actor: Actor): string[] {
	authorize(actor.user, 'rollout.read');
	const found: string[] = [];
	const roles = db().select({ role: projectRole.role, teamId: projectRole.teamId }).from(projectRole).all();
	if (!roles.some((r) => r.role === 'executive_sponsor')) found.push('The project has no executive sponsor.');
	if (!roles.some((r) => r.role === 'project_manager')) found.push('The project has no project manager.');
	const championed = new Set(roles.filter((r) => r.role === 'champion').map((r) => r.teamId));
	const open = db()
		.select({ phase: phase.name, teamId: team.id, team: team.name })
		.from(phaseTeam)
		.innerJoin(phase, eq(phaseTeam.phaseId, phase.id))
		.innerJoin(team, eq(phaseTeam.teamId, team.id))
		.where(ne(phase.status, 'closed'))
		.orderBy(asc(phase.position), asc(team.name))
		.all();
	for (const p of open) if (!championed.has(p.teamId)) found.push(`${p.phase}: ${p.team} has no champion.`);
	// Phase names need not be unique (a template applied twice): a gap is said once.
	return [...new Set(found)];
}

export function assign(actor: Actor, input: unknown) {
	authorize(actor.user, 'rollout.write');
	const fields = parse(projectRoleForm, input);
	return db().transaction((tx) => {
		const person = tx
			.select({ active: user.active, name: user.name })
			.from(user)
			.where(eq(user.id, fields.userId))
			.get();
		if (!person?.active) throw new InvalidInput({ userId: 'Choose an active user.' });
		if (
			fields.teamId !== null &&
			!tx.select({ id: team.id }).from(team).where(eq(team.id, fields.teamId)).get()
		)
			throw new InvalidInput({ teamId: 'Choose a team from the list.' });
		const same = tx
			.select({ id: projectRole.id })
			.from(projectRole)
			.where(and(eq(projectRole.userId, fields.userId), eq(projectRole.role, fields.role)))
			.all();
		if (same.length && fields.role !== 'champion')
			throw new Refused(`${person.name} is ${PROJECT_ROLE_LABELS[fields.role].toLowerCase()} already.`);
		const created = tx.insert(projectRole).values(fields).returning().get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'project_role',
			entityId: created.id,
			after: created,
			summary: `${person.name} is now ${PROJECT_ROLE_LABELS[fields.role].toLowerCase()}`
		});
		reconcileLearners(tx, actor, [fields.userId], 'a change of rollout role');
		return created;
	});
}

export function unassign(actor: Actor, id: number): void {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => {
		const before = tx.select().from(projectRole).where(eq(projectRole.id, id)).get();
		if (!before) throw new Refused('That assignment is gone already.');
		tx.delete(projectRole).where(eq(projectRole.id, id)).run();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'delete',
			entity: 'project_role',
			entityId: id,
			before,
			summary: `Removed a ${PROJECT_ROLE_LABELS[before.role].toLowerCase()}`
		});
		reconcileLearners(tx, actor, [before.userId], 'a change of rollout role');
	});
}

/**
 * The RACI matrix: its workstreams (phases in order, then the fixed streams) and letters by role. Cells are
 * kept by workstream name, so phases of one name (or a phase named like a fixed stream) share a column.
 */
export function raciMatrix(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	const phases = db().select({ name: phase.name }).from(phase).orderBy(asc(phase.position)).all();
	const workstreams = [...new Set([...phases.map((p) => p.name), ...WORKSTREAMS])];
	const letters = new Map(
		db()
			.select()
			.from(raci)
			.all()
			.map((r) => [`${r.role}|${r.workstream}`, r.letter])
	);
	return {
		workstreams,
		rows: PROJECT_ROLES.map((role) => ({
			role,
			letters: workstreams.map((w) => letters.get(`${role}|${w}`) ?? '')
		}))
	};
}

/** Saves the whole matrix from its form (a select per cell), as one audited change. */
export function saveRaci(actor: Actor, input: Record<string, unknown>): void {
	authorize(actor.user, 'rollout.write');
	const current = raciMatrix(actor).workstreams;
	// The form names each column's workstream: a phase added or moved since the page was opened must not
	// shift its letters onto another column. Columns whose workstream is gone are left out.
	const named = Object.keys(input).flatMap((key) => {
		const column = /^raci_ws_(\d{1,4})$/.exec(key);
		return column ? [[Number(column[1]), String(input[key])] as const] : [];
	});
	const columns = (named.length ? named : current.map((w, i) => [i, w] as const)).filter(([, w]) =>
		current.includes(w)
	);
	const workstreams = columns.map(([, w]) => w);
	const cells: { role: ProjectRole; workstream: string; letter: 'R' | 'A' | 'C' | 'I' }[] = [];
	const errors: Record<string, string> = {};
	for (const role of PROJECT_ROLES)
		columns.forEach(([i, workstream]) => {
			const value = input[raciCell(role, i)];
			if (value === undefined || value === '') return;
			if (value === 'R' || value === 'A' || value === 'C' || value === 'I')
				cells.push({ role, workstream, letter: value });
			else errors[raciCell(role, i)] = 'Choose R, A, C or I.';
		});
	workstreams.forEach((w) => {
		const accountable = cells.filter((c) => c.workstream === w && c.letter === 'A').length;
		if (accountable > 1) errors.raci = `${w}: only one role can be accountable.`;
	});
	if (Object.keys(errors).length) throw new InvalidInput(errors);
	db().transaction((tx) => {
		const before = tx.select().from(raci).all();
		tx.delete(raci).where(inArray(raci.workstream, workstreams)).run();
		if (cells.length) tx.insert(raci).values(cells).run();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'raci',
			entityId: 'matrix',
			before: { cells: before },
			after: { cells },
			summary: `Saved the RACI matrix (${cells.length} cells)`
		});
	});
}
