// Training budgets (issue 12) with 5,000 users and 50 courses, on a database of their own: the completion
// matrix p95 < 50 ms; a role change that reconciles 50 courses' assignments < 20 ms; an audience change
// reaching 2,000 people < 1 s. Run by bench/run.ts (`npm run bench -- training`); never part of `npm test`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../db/seed/random';
import { update as updateUser } from '../src/lib/server/admin/users';
import type { Actor, AuthUser } from '../src/lib/server/auth/actor';
import { ensureBuiltInRoles } from '../src/lib/server/auth/bootstrap';
import { closeDatabase, db, refreshStatistics } from '../src/lib/server/db';
import { addDays, today } from '../src/lib/server/rollout/dates';
import { reconcileLearners } from '../src/lib/server/training/assignment';
import * as courses from '../src/lib/server/training/courses';
import { completionMatrix, matrixPeople } from '../src/lib/server/training/matrix';
import { fold } from '../src/lib/text';
import { measure, type Result } from './measure';

export const TRAINING_SCALE = { users: 5_000, teams: 20, courses: 50 };
const TEAM_SIZE = { rep: 175, manager: 25, viewer: 35, trainer: 5 };
const CENTRAL = { admin: 20, project_manager: 100, steering_member: 80 };

/** Stats of samples in µs, as measure() gives them (for writes, whose runs each need fresh input). */
function stats(name: string, samples: number[], budgetUs?: number): Result {
	const s = Float64Array.from(samples).sort();
	const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		name,
		runs: s.length,
		meanUs: round(s.reduce((a, b) => a + b, 0) / s.length),
		p50Us: round(at(0.5)),
		p95Us: round(at(0.95)),
		p99Us: round(at(0.99)),
		budgetUs
	};
}

function time(fn: () => void): number {
	const t = process.hrtime.bigint();
	fn();
	return Number(process.hrtime.bigint() - t) / 1000;
}

function actorOf(userId: number): Actor {
	const row = db()
		.$client.prepare(
			`SELECT u.id, u.email, u.name, u.team_id AS teamId, u.role_id AS roleId, r.name AS roleName, r.label AS roleLabel,
				r.permissions, r.scope, r.can_export AS canExport
			 FROM user u JOIN role r ON r.id = u.role_id WHERE u.id = ?`
		)
		.get(userId) as Record<string, unknown>;
	const user: AuthUser = {
		id: row.id as number,
		email: row.email as string,
		name: row.name as string,
		teamId: row.teamId as number | null,
		active: true,
		roleId: row.roleId as number,
		roleName: row.roleName as string,
		roleLabel: row.roleLabel as string,
		permissions: JSON.parse(row.permissions as string),
		scope: row.scope as AuthUser['scope'],
		canExport: Boolean(row.canExport),
		teamName: null,
		locale: 'en'
	};
	return { user, requestId: 'bench', ip: '127.0.0.1' };
}

interface Loaded {
	roles: Record<string, number>;
	teams: number[];
	phases: number[];
	byRole: Record<string, number[]>;
	seconds: number;
}

/** Teams, 5,000 people over the built-in roles, rollout roles and four phases of five teams each. */
function loadPeople(): Omit<Loaded, 'seconds'> {
	const client = db().$client;
	ensureBuiltInRoles(db());
	const roles = Object.fromEntries(
		(client.prepare('SELECT name, id FROM role').all() as { name: string; id: number }[]).map((r) => [
			r.name,
			r.id
		])
	);
	const teams: number[] = [];
	const phases: number[] = [];
	const byRole: Record<string, number[]> = {};
	const insertTeam = client.prepare('INSERT INTO team (name) VALUES (?)');
	const insertUser = client.prepare(
		'INSERT INTO user (email, name, name_key, password_hash, role_id, team_id) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const insertProjectRole = client.prepare(
		'INSERT INTO project_role (user_id, role, team_id) VALUES (?, ?, ?)'
	);
	let n = 0;
	const person = (roleName: string, teamId: number | null) => {
		const name = `${roleName.replace('_', ' ')} ${++n}`;
		const id = Number(
			insertUser.run(`person${n}@bench.example`, name, fold(name), 'not-a-real-hash', roles[roleName], teamId)
				.lastInsertRowid
		);
		(byRole[roleName] ??= []).push(id);
		return id;
	};
	client.transaction(() => {
		for (let t = 1; t <= TRAINING_SCALE.teams; t++)
			teams.push(Number(insertTeam.run(`Team ${String(t).padStart(2, '0')}`).lastInsertRowid));
		for (const teamId of teams)
			for (const [roleName, size] of Object.entries(TEAM_SIZE))
				for (let i = 0; i < size; i++) {
					const id = person(roleName, teamId);
					// Ten key users and five champions per team, among its reps.
					if (roleName === 'rep' && i < 15)
						insertProjectRole.run(id, i < 10 ? 'key_user' : 'champion', teamId);
				}
		for (const [roleName, size] of Object.entries(CENTRAL))
			for (let i = 0; i < size; i++) person(roleName, null);
		const insertPhase = client.prepare(
			"INSERT INTO phase (position, name, start_date, end_date, status) VALUES (?, ?, ?, ?, 'planned')"
		);
		const insertPhaseTeam = client.prepare('INSERT INTO phase_team (phase_id, team_id) VALUES (?, ?)');
		for (let p = 0; p < 4; p++) {
			const start = addDays(today(), 30 * (p + 1));
			const id = Number(insertPhase.run(p + 1, `Wave ${p + 1}`, start, addDays(start, 28)).lastInsertRowid);
			phases.push(id);
			for (const teamId of teams.slice(p * 5, p * 5 + 5)) insertPhaseTeam.run(id, teamId);
		}
	})();
	return { roles, teams, phases, byRole };
}

interface CourseSpec {
	title: string;
	roles?: number[];
	teams?: number[];
	projectRoles?: string[];
	phases?: number[];
}

function courseInput(s: CourseSpec) {
	const phase = !!s.phases?.length;
	return {
		title: s.title,
		format: phase ? 'classroom' : 'self_paced',
		durationMinutes: '60',
		required: 'on',
		roles: (s.roles ?? []).map(String),
		teams: (s.teams ?? []).map(String),
		projectRoles: s.projectRoles ?? [],
		phases: (s.phases ?? []).map(String),
		dueDays: phase ? '' : '30',
		dueBeforePhaseDays: phase ? '14' : ''
	};
}

/** The 50 required courses: by role, by role in some teams, by phase, by team, by rollout role. */
function courseSpecs({ roles: r, teams, phases }: Omit<Loaded, 'seconds' | 'byRole'>): CourseSpec[] {
	const specs: CourseSpec[] = [];
	const add = (title: string, s: Omit<CourseSpec, 'title'>) => specs.push({ title, ...s });
	for (let i = 1; i <= 5; i++) add(`Rep essentials ${i}`, { roles: [r.rep] });
	for (let i = 1; i <= 4; i++) add(`Leading with the CRM ${i}`, { roles: [r.manager] });
	for (let i = 1; i <= 3; i++) add(`Reading the CRM ${i}`, { roles: [r.viewer] });
	for (let i = 1; i <= 2; i++) add(`Train the trainer ${i}`, { roles: [r.trainer] });
	for (let i = 1; i <= 2; i++)
		add(`Steering with adoption data ${i}`, { roles: [r.project_manager, r.steering_member] });
	for (let i = 0; i < 14; i++)
		add(`Regional selling ${i + 1}`, {
			roles: [r.rep, r.manager],
			teams: [0, 7, 13].map((k) => teams[(i + k) % teams.length])
		});
	for (let i = 0; i < 10; i++)
		add(`Go-live ${i + 1}`, { phases: [phases[i % phases.length]], roles: i % 2 ? [] : [r.rep] });
	for (let i = 0; i < 5; i++) add(`Team workshop ${i + 1}`, { teams: teams.slice(i * 4, i * 4 + 4) });
	add('Key user deep dive', { projectRoles: ['key_user'] });
	add('Champion toolkit', { projectRoles: ['champion', 'key_user'] });
	// The three whose audience the bench changes: five champions each to begin with.
	for (let i = 0; i < 3; i++)
		add(`Audience change ${i + 1}`, { projectRoles: ['champion'], teams: [teams[i]] });
	return specs;
}

/** Completion differing by team (the later teams behind), some in progress, a share of the open ones overdue. */
function progress() {
	const client = db().$client;
	const rows = client
		.prepare(
			"SELECT e.id, u.team_id AS teamId FROM enrollment e JOIN user u ON u.id = e.user_id WHERE e.state = 'assigned'"
		)
		.all() as { id: number; teamId: number | null }[];
	const r = seededRandom(12);
	const complete = client.prepare(
		"UPDATE enrollment SET state = 'completed', completed_at = ?, completed_by = user_id WHERE id = ?"
	);
	const start = client.prepare("UPDATE enrollment SET state = 'in_progress' WHERE id = ?");
	const late = client.prepare('UPDATE enrollment SET due_date = ? WHERE id = ?');
	const now = Date.now();
	client.transaction(() => {
		for (const e of rows) {
			const lag = ((e.teamId ?? 0) % TRAINING_SCALE.teams) * 0.02;
			if (r.chance(0.7 - lag)) complete.run(now - r.int(1, 60) * 86_400_000, e.id);
			else {
				if (r.chance(0.3)) start.run(e.id);
				if (r.chance(0.35)) late.run(addDays(today(), -r.int(1, 20)), e.id);
			}
		}
	})();
}

function load(): Loaded {
	const started = performance.now();
	const people = loadPeople();
	const trainer = actorOf(people.byRole.trainer[0]);
	for (const spec of courseSpecs(people)) courses.create(trainer, courseInput(spec));
	progress();
	refreshStatistics(db().$client);
	return { ...people, seconds: (performance.now() - started) / 1000 };
}

export function trainingBench(): { results: Result[]; notes: string[] } {
	const previous = process.env.DATABASE_PATH;
	closeDatabase();
	process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), 'uptake-bench-training-')), 'training.sqlite');
	try {
		return run();
	} finally {
		closeDatabase();
		process.env.DATABASE_PATH = previous;
	}
}

function run(): { results: Result[]; notes: string[] } {
	const loaded = load();
	const client = db().$client;
	const count = (q: string) => client.prepare(q).pluck().get() as number;
	const { byRole, roles, teams } = loaded;
	const trainer = actorOf(byRole.trainer[0]);
	const manager = actorOf(byRole.manager[0]);
	const steering = actorOf(byRole.steering_member[0]);
	const admin = actorOf(byRole.admin[0]);
	const results: Result[] = [];

	results.push(
		measure(
			'completion matrix by role (trainer: everyone)',
			50,
			() => void completionMatrix(trainer, 'role'),
			50_000
		),
		measure(
			'completion matrix by team (trainer: everyone)',
			50,
			() => void completionMatrix(trainer, 'team'),
			50_000
		),
		measure(
			'completion matrix by role (steering: adoption.read, all)',
			50,
			() => void completionMatrix(steering, 'role'),
			50_000
		),
		measure(
			'completion matrix by team (manager: own team)',
			50,
			() => void completionMatrix(manager, 'team'),
			50_000
		)
	);
	const repCourse = client
		.prepare("SELECT id FROM course WHERE title = 'Rep essentials 1'")
		.pluck()
		.get() as number;
	results.push(
		measure(
			'drill-down: a cell of 3,500 people, first 100, overdue first (trainer)',
			50,
			() => void matrixPeople(trainer, { courseId: repCourse, roleId: roles.rep }),
			50_000
		)
	);

	// A rep becomes a manager through the admin's user form: the whole update (checks, audit row,
	// reconciling the person against all 50 courses) in its transaction. Each run a different rep.
	const reps = byRole.rep.filter((_, i) => i % 7 === 3);
	const find = client.prepare(
		'SELECT email, name, title, team_id AS teamId, locale, version FROM user WHERE id = ?'
	);
	const promote = (id: number, roleId: number) => {
		const u = find.get(id) as {
			email: string;
			name: string;
			title: string;
			teamId: number;
			locale: string;
			version: number;
		};
		return time(
			() => void updateUser(admin, id, { ...u, roleId, teamId: String(u.teamId) }, String(u.version))
		);
	};
	let next = 0;
	for (let i = 0; i < 5; i++) promote(reps[next++], roles.manager); // warm-up
	const updates: number[] = [];
	const moved: { assigned: number; withdrawn: number }[] = [];
	for (let i = 0; i < 30; i++) {
		const id = reps[next++];
		const before = count(`SELECT count(*) FROM enrollment WHERE user_id = ${id} AND state <> 'withdrawn'`);
		updates.push(promote(id, roles.manager));
		const after = count(`SELECT count(*) FROM enrollment WHERE user_id = ${id} AND state <> 'withdrawn'`);
		moved.push({ assigned: after, withdrawn: before });
	}
	results.push(stats('role change rep → manager: admin user update, whole transaction', updates, 20_000));
	// reconcileLearners alone: the role written directly, then only the reconciliation timed, committed.
	const setRole = client.prepare('UPDATE user SET role_id = ? WHERE id = ?');
	const reconciles: number[] = [];
	for (let i = 0; i < 35; i++) {
		const id = reps[next++];
		db().transaction((tx) => {
			setRole.run(roles.manager, id);
			const t = time(() => void reconcileLearners(tx, admin, [id], 'a change of role or team'));
			if (i >= 5) reconciles.push(t);
		});
	}
	results.push(stats('role change: reconcileLearners alone (50 courses, one person)', reconciles, 20_000));

	// Audience changes reaching 2,000 people: reps and managers of ten teams (10 × 200), from five
	// champions; then back (withdrawing them); then to the 2,000 again (their withdrawn rows reopened).
	const wide = { roles: [roles.rep, roles.manager], teams: teams.slice(10, 20) };
	const assign: number[] = [];
	const withdraw: number[] = [];
	const reopen: number[] = [];
	const previews: number[] = [];
	const reached: string[] = [];
	for (let i = 0; i < 3; i++) {
		const title = `Audience change ${i + 1}`;
		const narrow = { projectRoles: ['champion'], teams: [teams[i]] };
		const save = (spec: Omit<CourseSpec, 'title'>, into: number[]) => {
			const c = client.prepare('SELECT id, version FROM course WHERE title = ?').get(title) as {
				id: number;
				version: number;
			};
			let saved: courses.CourseSaved | undefined;
			into.push(
				time(
					() => (saved = courses.update(trainer, c.id, courseInput({ title, ...spec }), String(c.version)))
				)
			);
			return saved!.reconciled;
		};
		const c = client.prepare('SELECT id FROM course WHERE title = ?').pluck().get(title) as number;
		previews.push(time(() => void courses.preview(trainer, c, courseInput({ title, ...wide }))));
		const a = save(wide, assign);
		const w = save(narrow, withdraw);
		const o = save(wide, reopen);
		reached.push(`${a.assigned}/${w.withdrawn}/${o.assigned}`);
	}
	results.push(
		stats('audience change: preview "assign N, withdraw M" (2,000 people)', previews, 1_000_000),
		stats('audience change assigning 2,000 people (new enrollments)', assign, 1_000_000),
		stats('audience change withdrawing 2,000 people', withdraw, 1_000_000),
		stats('audience change assigning 2,000 people again (withdrawn rows reopened)', reopen, 1_000_000)
	);

	const states = client
		.prepare('SELECT state, count(*) AS n FROM enrollment GROUP BY state ORDER BY state')
		.all() as { state: string; n: number }[];
	const avg = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1);
	return {
		results,
		notes: [
			`Fresh database: ${count('SELECT count(*) FROM user').toLocaleString('en')} users in ${teams.length} teams and 7 built-in roles, ${count('SELECT count(*) FROM course')} required courses (audiences by role, role in teams, phase, team, rollout role), loaded and reconciled through courses.create in ${loaded.seconds.toFixed(1)} s.`,
			`Enrollments before the timed writes: ${states.map((s) => `${s.state} ${s.n.toLocaleString('en')}`).join(', ')}; ${count("SELECT count(*) FROM enrollment WHERE state IN ('assigned','in_progress') AND due_date < date('now')").toLocaleString('en')} overdue.`,
			`Role change: each rep held ${avg(moved.map((m) => m.withdrawn))} open or completed courses before and ${avg(moved.map((m) => m.assigned))} after (rep courses withdrawn, manager courses assigned).`,
			`Audience changes (assigned/withdrawn/assigned again per course): ${reached.join(', ')}.`
		]
	};
}
