// Adoption budgets (issue 13) with 2,000 users and 10,000,000 usage events over 18 months, on a
// database of their own: every adoption page and the steering dashboard p95 < 50 ms server time, the
// rollup rebuild < 5 minutes, usage logging < 0.2 ms per request with the per-user rollups, and the
// first-load JS of the pages (< 100 KB gzipped with chart.js on a page that draws charts, < 60 KB
// without). Run by bench/run.ts (`npm run bench -- adoption`); never part of `npm test`.
//
// BENCH_ADOPTION_EVENTS changes the number of events (the figures then say so);
// BENCH_ADOPTION_DATABASE_PATH keeps the loaded database at that path, and reuses it on the next run
// when it already holds events (loading and rebuild times are then not measured).
// BENCH_APP_DIR is a directory holding a build of the app (`build/` and `.svelte-kit/output`,
// from `npm run build`); the current directory by default. Without one the JS sizes are skipped.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { seededRandom, type Random } from '../db/seed/random';
import { SERVER_NODE_OPTIONS } from '../scripts/node-options.js';
import { peopleFilters } from '../src/routes/(app)/adoption/people/filters';
import { moduleWork, modulesUsed, use28, weekly } from '../src/lib/server/adoption/metrics';
import {
	adoptionContext,
	completeWeeks,
	filterBar,
	groups,
	overview,
	type GroupBy
} from '../src/lib/server/adoption/overview';
import { kindCounts, namesAllowed, peopleList, PEOPLE_KINDS } from '../src/lib/server/adoption/people';
import { personAdoption, visiblePerson } from '../src/lib/server/adoption/person';
import { rebuildRollups, recomputeUserRollups } from '../src/lib/server/adoption/rollups';
import type { Actor, AuthUser } from '../src/lib/server/auth/actor';
import { ensureBuiltInRoles } from '../src/lib/server/auth/bootstrap';
import { hashPassword } from '../src/lib/server/auth/password';
import { recordUsage, utcDay } from '../src/lib/server/audit/usage';
import { closeDatabase, db, refreshStatistics } from '../src/lib/server/db';
import { listQuery } from '../src/lib/server/lists';
import { addDays, today } from '../src/lib/server/rollout/dates';
import { dashboard } from '../src/lib/server/rollout/dashboard';
import { fold } from '../src/lib/text';
import { measure, type Result } from './measure';

const DAY = 86_400_000;
export const ADOPTION_SCALE = {
	users: 2_000,
	teams: 10,
	events: Number(process.env.BENCH_ADOPTION_EVENTS ?? 10_000_000),
	/** 18 months of days, the last one today. */
	days: 548
};
/** Per team: reps, managers, viewers, trainers (196); then the project office and steering (40). */
const TEAM_SIZE = { rep: 170, manager: 16, viewer: 8, trainer: 2 } as const;
const CENTRAL = { admin: 5, project_manager: 15, steering_member: 20 } as const;
const RUNS = 40;
const PAGE_BUDGET_US = 50_000;
const BENCH_PASSWORD = 'Adoption-bench-2026!';

function seconds(since: number): number {
	return (performance.now() - since) / 1000;
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

// ---------------------------------------------------------------------------------------------------
// The organisation and its usage.

type Work = 'sales' | 'service';
type Weighted = readonly (readonly [module: string, weight: number])[];

/** What each kind of person opens (module weights; `home` is every day's first page). */
const OPENS: Record<string, Weighted> = {
	sales: [
		['crm.contacts', 22],
		['crm.deals', 22],
		['crm.activities', 25],
		['crm.companies', 12],
		['crm.search', 8],
		['crm.campaigns', 2],
		['training', 3],
		['home', 4],
		['rollout', 2]
	],
	service: [
		['crm.cases', 40],
		['crm.contacts', 15],
		['crm.activities', 15],
		['crm.companies', 8],
		['crm.search', 12],
		['training', 4],
		['home', 6]
	],
	viewer: [
		['crm.contacts', 35],
		['crm.companies', 30],
		['crm.deals', 20],
		['crm.search', 10],
		['home', 5]
	],
	trainer: [
		['training', 40],
		['training.sessions', 20],
		['adoption', 10],
		['crm.contacts', 15],
		['home', 15]
	],
	central: [
		['rollout', 20],
		['rollout.risks', 10],
		['rollout.goals', 8],
		['rollout.changes', 8],
		['adoption', 15],
		['adoption.groups', 5],
		['adoption.people', 5],
		['admin.users', 4],
		['crm.contacts', 10],
		['crm.deals', 10],
		['home', 5]
	]
};
/** Where a change is recorded, as what (CRM modules only; search changes nothing). */
const ENTITY: Record<string, string> = {
	'crm.contacts': 'contact',
	'crm.companies': 'company',
	'crm.deals': 'deal',
	'crm.activities': 'activity',
	'crm.cases': 'case',
	'crm.campaigns': 'campaign'
};

function picker(weights: Weighted) {
	const total = weights.reduce((t, [, w]) => t + w, 0);
	let sum = 0;
	const cumulative = weights.map(([, w]) => (sum += w) / total);
	return (r: Random) => {
		const x = r.next();
		for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return weights[i][0];
		return weights[weights.length - 1][0];
	};
}

interface BenchPerson {
	id: number;
	role: string;
	teamId: number;
	opens: (r: Random) => string;
	/** Records their work in the CRM (reps and managers). */
	changes: boolean;
	/** First and last day index (0 = the first of the 548) the person may use the CRM; -1: never. */
	from: number;
	until: number;
	/** Chance of using it on a working day once ramped up, and how much they do on a day. */
	daily: number;
	intensity: number;
}

interface Organisation {
	roles: Record<string, number>;
	teams: number[];
	phases: { id: number; name: string; teams: number[]; startIndex: number }[];
	people: BenchPerson[];
	byRole: Record<string, number[]>;
}

/**
 * Ten teams (seven in sales, three in service) over the built-in roles and four phases: the first
 * three teams went live 18 months ago, the next three a year ago, three service teams four months
 * ago, and the last team goes live in three weeks (its managers and a few reps pilot already).
 */
function loadOrganisation(firstDay: string): Organisation {
	const client = db().$client;
	ensureBuiltInRoles(db());
	const roles = Object.fromEntries(
		(client.prepare('SELECT name, id FROM role').all() as { name: string; id: number }[]).map((r) => [
			r.name,
			r.id
		])
	);
	const r = seededRandom(13);
	const insertTeam = client.prepare('INSERT INTO team (name) VALUES (?)');
	const insertUser = client.prepare(
		'INSERT INTO user (email, name, name_key, password_hash, role_id, team_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const insertPhase = client.prepare(
		'INSERT INTO phase (position, name, start_date, end_date, status, modules, adoption_target) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const insertPhaseTeam = client.prepare('INSERT INTO phase_team (phase_id, team_id) VALUES (?, ?)');
	const created = Date.parse(`${firstDay}T00:00:00Z`) - 30 * DAY;
	const teams: number[] = [];
	const people: BenchPerson[] = [];
	const byRole: Record<string, number[]> = {};
	const phases: Organisation['phases'] = [];
	const work = (t: number): Work => (t >= 6 && t <= 8 ? 'service' : 'sales');
	const sales = ['crm.contacts', 'crm.companies', 'crm.deals', 'crm.activities', 'crm.search'];
	const service = ['crm.cases', 'crm.contacts', 'crm.activities', 'crm.search'];
	const plan = [
		{ name: 'Wave 1: sales pilot', teams: [0, 1, 2], start: 5, days: 120, status: 'closed', modules: sales },
		{ name: 'Wave 2: sales', teams: [3, 4, 5], start: 183, days: 120, status: 'closed', modules: sales },
		{ name: 'Wave 3: service', teams: [6, 7, 8], start: 427, days: 90, status: 'active', modules: service },
		{ name: 'Wave 4: key accounts', teams: [9], start: 568, days: 90, status: 'planned', modules: sales }
	];
	client.transaction(() => {
		for (let t = 1; t <= ADOPTION_SCALE.teams; t++)
			teams.push(Number(insertTeam.run(`Team ${String(t).padStart(2, '0')}`).lastInsertRowid));
		plan.forEach((p, i) => {
			const start = addDays(firstDay, p.start);
			const id = Number(
				insertPhase.run(i + 1, p.name, start, addDays(start, p.days), p.status, JSON.stringify(p.modules), 70)
					.lastInsertRowid
			);
			for (const t of p.teams) insertPhaseTeam.run(id, teams[t]);
			phases.push({ id, name: p.name, teams: p.teams.map((t) => teams[t]), startIndex: p.start });
		});
		let n = 0;
		const person = (role: string, teamIndex: number | null) => {
			const name = `${role.replace('_', ' ')} ${++n}`;
			const teamId = teamIndex === null ? null : teams[teamIndex];
			const id = Number(
				insertUser.run(
					`person${n}@bench.example`,
					name,
					fold(name),
					'not-a-real-hash',
					roles[role],
					teamId,
					created
				).lastInsertRowid
			);
			(byRole[role] ??= []).push(id);
			const goLive = teamIndex === null ? 0 : plan.find((p) => p.teams.includes(teamIndex))!.start;
			const propensity = 0.25 + 0.75 * r.next();
			const piloting = goLive > ADOPTION_SCALE.days; // the last team, before its go-live
			let from = goLive + Math.round(-Math.log(1 - r.next()) * 20); // most start in the first weeks
			let until = ADOPTION_SCALE.days - 1;
			if (piloting) from = role === 'manager' || r.chance(0.1) ? 400 + r.int(0, 140) : -1;
			else if (r.chance(0.04))
				from = -1; // never signed in
			else if (r.chance(0.08)) until = from + r.int(20, 300); // lapsed
			const kind =
				role === 'rep' || role === 'manager'
					? work(teamIndex ?? 0)
					: role === 'viewer'
						? 'viewer'
						: role === 'trainer'
							? 'trainer'
							: 'central';
			people.push({
				id,
				role,
				teamId: teamId ?? 0,
				opens: picker(OPENS[kind]),
				changes: role === 'rep' || role === 'manager',
				from: Math.min(from, ADOPTION_SCALE.days),
				until,
				daily: Math.min(0.95, 0.3 + 0.65 * propensity),
				intensity: (role === 'rep' || role === 'manager' ? 1 : 0.5) * (0.5 + propensity)
			});
		};
		for (let t = 0; t < ADOPTION_SCALE.teams; t++)
			for (const [role, size] of Object.entries(TEAM_SIZE)) for (let i = 0; i < size; i++) person(role, t);
		for (const [role, size] of Object.entries(CENTRAL)) for (let i = 0; i < size; i++) person(role, null);
	})();
	return { roles, teams, phases, people, byRole };
}

/**
 * Who uses the CRM on which day and how much, then exactly `events` events spread over those days in
 * proportion, each day's events in time order from the morning (today's stop before now), the first
 * one the home page; reps and managers change records in about a fifth of their CRM page visits.
 * Raw prepared statements in transactions of about a million events, as the demo seed does.
 */
function loadUsage(org: Organisation, firstDay: string, events: number, now: number): number {
	const client = db().$client;
	const r = seededRandom(14);
	const dayOf: number[] = [];
	const personOf: number[] = [];
	const weight: number[] = [];
	const firstMs = Date.parse(`${firstDay}T00:00:00Z`);
	for (let d = 0; d < ADOPTION_SCALE.days; d++) {
		const dayStart = firstMs + d * DAY;
		const weekday = new Date(dayStart).getUTCDay();
		const workday = weekday !== 0 && weekday !== 6;
		// Today counts only the part of its working hours (06:00–18:00 UTC) that has passed.
		const elapsed = Math.max(0, Math.min(1, (now - dayStart - 6 * 3_600_000) / (12 * 3_600_000)));
		org.people.forEach((p, i) => {
			if (p.from < 0 || d < p.from || d > p.until) return;
			const ramp = 1 - Math.exp(-(d - p.from + 1) / 30);
			if (!r.chance(p.daily * ramp * (workday ? 1 : 0.05) * elapsed)) return;
			dayOf.push(d);
			personOf.push(i);
			weight.push(p.intensity * (0.3 + -Math.log(1 - r.next())));
		});
	}
	// Each day's share of the events, rounded down, and the rest one each to days drawn at random.
	const total = weight.reduce((a, b) => a + b, 0);
	const counts = weight.map((w) => Math.floor((events * w) / total));
	for (let rest = events - counts.reduce((a, b) => a + b, 0); rest > 0; rest--)
		counts[r.int(0, counts.length - 1)]++;
	const insert = client.prepare(
		'INSERT INTO usage_event (at, user_id, team_id, module, action, entity, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	let written = 0;
	let k = 0;
	while (k < counts.length) {
		client.transaction(() => {
			let batch = 0;
			for (; k < counts.length && batch < 1_000_000; k++) {
				const p = org.people[personOf[k]];
				const n = counts[k];
				if (n === 0) continue;
				const dayStart = firstMs + dayOf[k] * DAY;
				let at = dayStart + r.int(6, 10) * 3_600_000 + r.int(0, 3_599_999);
				// A day's events stay within it; today's end before now.
				const end = Math.min(dayStart + DAY - 60_000, now - 1_000);
				if (at >= end) at = Math.max(dayStart, end - n * 1_000);
				const step = Math.max(1, Math.min(1_200_000, Math.floor((end - at) / n)));
				for (let e = 0; e < n; e++) {
					const module = e === 0 ? 'home' : p.opens(r);
					const entity = ENTITY[module];
					const change = p.changes && entity !== undefined && r.chance(0.2);
					const action = change ? (r.chance(0.4) ? 'create' : 'update') : 'view';
					insert.run(
						at,
						p.id,
						p.teamId,
						module,
						action,
						change ? entity : '',
						change ? String(r.int(1, 1_000_000)) : ''
					);
					at = Math.min(at + r.int(1, 2 * step - 1), end);
				}
				batch += n;
				written += n;
			}
		})();
	}
	return written;
}

interface Loaded {
	org: Organisation;
	notes: string[];
	results: Result[];
}

function load(): Loaded {
	const client = db().$client;
	const now = Date.now();
	const firstDay = addDays(today(now), -(ADOPTION_SCALE.days - 1));
	const notes: string[] = [];
	const results: Result[] = [];
	const existing = (client.prepare('SELECT count(*) FROM usage_event').pluck().get() as number) > 0;
	let org: Organisation;
	if (existing) {
		org = readOrganisation();
		notes.push('Reused a loaded database (BENCH_ADOPTION_DATABASE_PATH): loading and rebuilds not timed.');
		return { org, notes, results };
	}
	let t = performance.now();
	org = loadOrganisation(firstDay);
	const peopleSeconds = seconds(t);
	t = performance.now();
	const written = loadUsage(org, firstDay, ADOPTION_SCALE.events, now);
	const eventSeconds = seconds(t);
	t = performance.now();
	client.transaction(() =>
		client.exec(`INSERT INTO usage_daily (day, user_id, team_id, module, action, count)
			SELECT date(at / 1000, 'unixepoch'), user_id, team_id, module, action, count(*)
			FROM usage_event GROUP BY 1, 2, 3, 4, 5`)
	)();
	const dailySeconds = seconds(t);
	t = performance.now();
	client.transaction(() => recomputeUserRollups(client))();
	const userSeconds = seconds(t);
	t = performance.now();
	refreshStatistics(client);
	const statsSeconds = seconds(t);
	t = performance.now();
	rebuildRollups(client);
	const rebuildSeconds = seconds(t);
	refreshStatistics(client);
	// The load leaves ~1.6 GB of write-ahead log, which the checkpoint worker would otherwise be copying
	// into the database during the measurements (a server never writes 10M events at once).
	t = performance.now();
	client.pragma('wal_checkpoint(TRUNCATE)');
	const checkpointSeconds = seconds(t);
	const fmt = (s: number) => `${s.toFixed(1)} s`;
	notes.push(
		`Loading: ${org.people.length.toLocaleString('en')} people, teams and phases ${fmt(peopleSeconds)}; ${written.toLocaleString('en')} usage events from ${firstDay} to ${today(now)} ${fmt(eventSeconds)} (${Math.round(written / eventSeconds).toLocaleString('en')} events/s); usage_daily by GROUP BY ${fmt(dailySeconds)}; recomputeUserRollups (day, week, first and last use) ${fmt(userSeconds)}; statistics ${fmt(statsSeconds)}; checkpointing the write-ahead log before measuring ${fmt(checkpointSeconds)}.`,
		`**Rollup rebuild** (rebuildRollups, what \`npm run rollups\` runs: usage_daily and the per-user rollups from the raw events, one transaction): **${fmt(rebuildSeconds)}** (budget < 5 min); its per-user part alone ${fmt(userSeconds)}.`
	);
	results.push(
		{
			name: 'rollup rebuild from raw events (rebuildRollups, one run)',
			runs: 1,
			meanUs: Math.round(rebuildSeconds * 1e6),
			p50Us: Math.round(rebuildSeconds * 1e6),
			p95Us: Math.round(rebuildSeconds * 1e6),
			p99Us: Math.round(rebuildSeconds * 1e6),
			budgetUs: 300_000_000
		},
		{
			name: 'per-user rollups alone (recomputeUserRollups, one run)',
			runs: 1,
			meanUs: Math.round(userSeconds * 1e6),
			p50Us: Math.round(userSeconds * 1e6),
			p95Us: Math.round(userSeconds * 1e6),
			p99Us: Math.round(userSeconds * 1e6)
		}
	);
	return { org, notes, results };
}

/** The organisation of a reused database (ids by role; the usage plans are not needed again). */
function readOrganisation(): Organisation {
	const client = db().$client;
	const rows = client
		.prepare(
			'SELECT u.id, r.name AS role, u.team_id AS teamId FROM user u JOIN role r ON r.id = u.role_id ORDER BY u.id'
		)
		.all() as { id: number; role: string; teamId: number | null }[];
	const byRole: Record<string, number[]> = {};
	for (const row of rows) (byRole[row.role] ??= []).push(row.id);
	const roles = Object.fromEntries(
		(client.prepare('SELECT name, id FROM role').all() as { name: string; id: number }[]).map((r) => [
			r.name,
			r.id
		])
	);
	const teams = client.prepare('SELECT id FROM team ORDER BY id').pluck().all() as number[];
	return { roles, teams, phases: [], people: [], byRole };
}

// ---------------------------------------------------------------------------------------------------
// The pages' server time: each page's load work, called as its route calls it.

function pages(
	org: Organisation,
	extra: {
		modules?: typeof import('../src/lib/server/adoption/modules');
		retention?: typeof import('../src/lib/server/adoption/retention');
		quality?: typeof import('../src/lib/server/adoption/quality-view');
	}
): { name: string; load: (actor: Actor) => void }[] {
	const rep = org.byRole.rep[3]; // a rep of the first team, as the manager's team
	const p = (query = '') => new URLSearchParams(query);
	const list: { name: string; load: (actor: Actor) => void }[] = [
		{
			name: 'overview',
			load: (actor) => {
				const ctx = adoptionContext(actor, p());
				void filterBar(ctx, p());
				void overview(ctx);
			}
		},
		...(['team', 'role', 'phase'] as GroupBy[]).map((by) => ({
			name: `groups by ${by}`,
			load: (actor: Actor) => {
				const params = p(`by=${by}`);
				const ctx = adoptionContext(actor, params);
				void filterBar(ctx, params);
				void groups(ctx, by).filter((r) => r.licensed > 0);
			}
		})),
		...PEOPLE_KINDS.map((kind) => ({
			name: `people to follow up: ${kind}`,
			load: (actor: Actor) => {
				const params = p(`kind=${kind}`);
				const { ctx, filters } = peopleFilters(actor, params);
				const query = listQuery(
					params,
					['name', 'team', 'role', 'lastSeen', 'lastCore', 'firstSeen'] as const,
					{ sort: 'lastSeen', dir: 'desc' }
				);
				const named = namesAllowed(actor, filters);
				void kindCounts(actor, filters);
				void filterBar(ctx, params);
				if (named) void peopleList.view(actor, query, filters);
			}
		})),
		{
			name: "a person's page (a rep of the manager's team)",
			load: (actor) => {
				const person = visiblePerson(actor, rep);
				const ctx = adoptionContext(actor, p());
				void filterBar(ctx, p());
				void personAdoption(person, ctx.filters, ctx.options);
			}
		}
	];
	const { modules, retention, quality } = extra;
	if (modules)
		for (const window of modules.MODULE_WINDOWS)
			list.push({
				name: `modules × teams (${window === 'week' ? 'last 7 days' : 'whole 12-week range'})`,
				load: (actor) => {
					const params = p(`window=${window}`);
					const ctx = adoptionContext(actor, params);
					void filterBar(ctx, params);
					void modules.moduleUse(ctx, modules.readWindow(params).window);
				}
			});
	if (retention)
		for (const by of retention.COHORT_BYS)
			list.push({
				name: `cohorts by ${by === 'first' ? 'first use' : 'phase'}`,
				load: (actor) => {
					const params = p(`by=${by}`);
					const ctx = adoptionContext(actor, params);
					void filterBar(ctx, params);
					void retention.retention(ctx, retention.readCohortBy(params).by);
				}
			});
	if (quality)
		list.push({
			name: 'data quality (no CRM records here: its usage side)',
			load: (actor) => {
				const ctx = adoptionContext(actor, p());
				void filterBar(ctx, p());
				void quality.qualityView(ctx);
			}
		});
	list.push({ name: 'steering dashboard (/rollout)', load: (actor) => void dashboard(actor) });
	return list;
}

async function optional<T>(load: () => Promise<T>, name: string, missing: string[]): Promise<T | undefined> {
	try {
		return await load();
	} catch (e) {
		missing.push(`${name} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------------
// Usage logging with the rollups.

function usageLogging(org: Organisation): { results: Result[]; notes: string[] } {
	const client = db().$client;
	const reps = (org.byRole.rep ?? []).slice(0, 1_000);
	const teamOf = client.prepare('SELECT team_id FROM user WHERE id = ?').pluck();
	const users = reps.map((id) => ({ id, teamId: (teamOf.get(id) as number | null) ?? 0 }));
	const insert = client.prepare(
		'INSERT INTO usage_event (at, user_id, team_id, module, action, entity, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const bumpDaily = client.prepare(
		`INSERT INTO usage_daily (day, user_id, team_id, module, action, count) VALUES (?, ?, ?, ?, ?, 1)
		 ON CONFLICT (day, user_id, team_id, module, action) DO UPDATE SET count = count + 1`
	);
	const bare = client.transaction((u: { id: number; teamId: number }) =>
		insert.run(Date.now(), u.id, u.teamId, 'crm.contacts', 'view', '', '')
	);
	const daily = client.transaction((u: { id: number; teamId: number }) => {
		const at = Date.now();
		insert.run(at, u.id, u.teamId, 'crm.contacts', 'view', '', '');
		bumpDaily.run(utcDay(at), u.id, u.teamId, 'crm.contacts', 'view');
	});
	const runs = 20_000;
	const results = [
		measure('baseline: the bare INSERT of the raw event (own transaction)', runs, (i) =>
			bare(users[i % users.length])
		),
		measure('event + usage_daily only (the logging before the per-user rollups)', runs, (i) =>
			daily(users[i % users.length])
		),
		measure(
			'usage logging: recordUsage, a page view (event + daily, user-day, user-week, user)',
			runs,
			(i) => {
				const u = users[i % users.length];
				recordUsage({ userId: u.id, teamId: u.teamId, module: 'crm.contacts', action: 'view' });
			},
			200
		),
		measure(
			'usage logging: recordUsage, a core action (a rep creates an activity)',
			runs,
			(i) => {
				const u = users[i % users.length];
				recordUsage({
					userId: u.id,
					teamId: u.teamId,
					module: 'crm.activities',
					action: 'create',
					entity: 'activity',
					entityId: i
				});
			},
			200
		)
	];
	const [b, d, view, core] = results;
	const us = (n: number) => `${n.toFixed(1)} µs`;
	return {
		results,
		notes: [
			`Usage logging at ${(client.prepare('SELECT count(*) FROM usage_event').pluck().get() as number).toLocaleString('en')} events: recordUsage of a page view ${us(view.p50Us)} p50 / ${us(view.p95Us)} p95, against ${us(b.p50Us)} / ${us(b.p95Us)} for the bare INSERT of the event and ${us(d.p50Us)} / ${us(d.p95Us)} for the event and usage_daily: the per-user rollups add ${us(view.p50Us - d.p50Us)} p50 per page view and ${us(core.p50Us - d.p50Us)} per core action (which also asks whether the action is one of the role's core actions).`
		]
	};
}

// ---------------------------------------------------------------------------------------------------
// First-load JS: what the pages' HTML loads (modulepreload links and the entry), gzipped as served.

interface Sizes {
	raw: number;
	gzip: number;
	brotli: number;
}

function sizesOf(clientDir: string, files: Iterable<string>): Sizes {
	const out = { raw: 0, gzip: 0, brotli: 0 };
	for (const f of files) {
		const path = join(clientDir, f);
		const body = readFileSync(path);
		out.raw += body.length;
		// adapter-node serves the precompressed files it wrote beside each asset.
		out.gzip += existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : gzipSync(body, { level: 9 }).length;
		out.brotli += existsSync(`${path}.br`) ? statSync(`${path}.br`).size : brotliCompressSync(body).length;
	}
	return out;
}

async function serve(appDir: string, databasePath: string, port: number): Promise<ChildProcess> {
	const server = spawn(process.execPath, [...SERVER_NODE_OPTIONS, 'build/index.js'], {
		cwd: appDir,
		env: {
			...process.env,
			PORT: String(port),
			ORIGIN: `http://localhost:${port}`,
			DATABASE_PATH: databasePath,
			UPTAKE_DEMO: '0'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((ok, fail) => {
		server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Listening') && ok());
		server.on('exit', (code) => fail(new Error(`the server stopped (${code})`)));
	});
	return server;
}

async function firstLoadJs(org: Organisation, databasePath: string): Promise<string[]> {
	const appDir = resolve(process.env.BENCH_APP_DIR ?? '.');
	const clientDir = join(appDir, 'build', 'client');
	const manifestPath = join(appDir, '.svelte-kit', 'output', 'client', '.vite', 'manifest.json');
	if (!existsSync(join(appDir, 'build', 'index.js')) || !existsSync(manifestPath))
		return [`First-load JS skipped: no build in ${appDir} (run \`npm run build\`, or set BENCH_APP_DIR).`];
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<
		string,
		{ file: string; imports?: string[] }
	>;
	// The chart module (chart.js and the drawing code), loaded by ChartFigure after first paint.
	const drawKey = Object.keys(manifest).find((k) => k.endsWith('src/lib/components/charts/draw.ts'));
	const chart = new Set<string>();
	const walk = (key: string) => {
		const entry = manifest[key];
		if (!entry || chart.has(entry.file)) return;
		chart.add(entry.file);
		for (const i of entry.imports ?? []) walk(i);
	};
	if (drawKey) walk(drawKey);
	const drawFile = drawKey ? manifest[drawKey].file.split('/').pop()! : null;

	const admin = org.byRole.admin[0];
	const email = db().$client.prepare('SELECT email FROM user WHERE id = ?').pluck().get(admin) as string;
	db()
		.$client.prepare('UPDATE user SET password_hash = ? WHERE id = ?')
		.run(await hashPassword(BENCH_PASSWORD), admin);
	const port = 4800 + Math.floor(Math.random() * 500);
	const origin = `http://localhost:${port}`;
	const server = await serve(appDir, databasePath, port);
	try {
		const signIn = await fetch(`${origin}/login`, {
			method: 'POST',
			body: new URLSearchParams({ email, password: BENCH_PASSWORD }),
			headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
			redirect: 'manual'
		});
		const cookie = signIn.headers
			.getSetCookie()
			.find((c) => c.includes('session'))
			?.split(';')[0];
		if (!cookie) return [`First-load JS skipped: the bench admin could not sign in (${signIn.status}).`];
		const paths = [
			'/adoption',
			'/adoption/groups',
			'/adoption/modules',
			'/adoption/cohorts',
			'/adoption/quality',
			'/adoption/people',
			`/adoption/people/${org.byRole.rep[3]}`,
			'/rollout',
			'/crm/contacts',
			'/'
		];
		const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
		const rows: string[] = [];
		let overviewFirst: Sizes | null = null;
		let overviewLazy: Sizes | null = null;
		let noChart: { path: string; sizes: Sizes } | null = null;
		let over = 0;
		const chartSizes = sizesOf(clientDir, chart);
		for (const path of paths) {
			const response = await fetch(`${origin}${path}`, { headers: { cookie } });
			const html = await response.text();
			if (response.status !== 200) {
				rows.push(`| ${path} | ${response.status} | — | — | — | — |`);
				continue;
			}
			const files = new Set<string>();
			const url = `${origin}${path}`;
			const add = (href: string) => files.add(decodeURI(new URL(href, url).pathname.slice(1)));
			// SvelteKit sends a page's modulepreloads as a Link header (as <link> tags only when prerendering).
			for (const m of (response.headers.get('link') ?? '').matchAll(/<([^>]+)>;[^,]*rel="modulepreload"/g))
				add(m[1]);
			for (const tag of html.match(/<link[^>]*>/g) ?? []) {
				const href = /href="([^"]+)"/.exec(tag)?.[1];
				if (href && /rel="modulepreload"/.test(tag)) add(href);
			}
			for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) add(m[1]);
			const first = sizesOf(clientDir, files);
			// A page draws charts when its JS holds the dynamic import of the chart module.
			const draws =
				drawFile !== null &&
				[...files].some((f) => readFileSync(join(clientDir, f), 'utf8').includes(drawFile));
			const lazy = draws
				? sizesOf(
						clientDir,
						[...chart].filter((f) => !files.has(f))
					)
				: null;
			const total = first.gzip + (lazy?.gzip ?? 0);
			const budget = draws ? 100 * 1024 : 60 * 1024;
			if (total >= budget) over++;
			if (path === '/adoption') [overviewFirst, overviewLazy] = [first, lazy];
			if (!draws && !noChart && path === '/crm/contacts') noChart = { path, sizes: first };
			rows.push(
				`| ${path} | ${files.size} | ${kb(first.gzip)} (${kb(first.brotli)} br) | ${lazy ? kb(lazy.gzip) : '—'} | ${kb(total)} | < ${kb(budget)}${total >= budget ? ' **over**' : ''} |`
			);
		}
		return [
			`First-load JS (build in ${appDir}; gzip as adapter-node serves it, brotli beside it): the overview's HTML loads ${overviewFirst ? kb(overviewFirst.gzip) : '?'} before first paint, and its charts load ${overviewLazy ? kb(overviewLazy.gzip) : '?'} more after it (chart.js and the drawing code, a dynamic import; ${kb(chartSizes.gzip)} with the shared chunks it imports, which the page holds already); a page without a chart (${noChart?.path ?? '?'}) ${noChart ? kb(noChart.sizes.gzip) : '?'}.${over ? ` ${over} pages over budget.` : ''}`,
			[
				'| page | JS files | first load, gzip | + chart.js after first paint | total | budget |',
				'|---|---|---|---|---|---|',
				...rows
			].join('\n')
		];
	} finally {
		server.kill();
	}
}

// ---------------------------------------------------------------------------------------------------

export async function adoptionBench(): Promise<{ results: Result[]; notes: string[] }> {
	const previous = process.env.DATABASE_PATH;
	closeDatabase();
	const kept = process.env.BENCH_ADOPTION_DATABASE_PATH;
	// A database of its own, 1–3 GB: removed afterwards unless BENCH_ADOPTION_DATABASE_PATH keeps it.
	const dir = kept ? null : mkdtempSync(join(tmpdir(), 'uptake-bench-adoption-'));
	const path = kept || join(dir!, 'adoption.sqlite');
	process.env.DATABASE_PATH = path;
	try {
		return await run(path);
	} finally {
		closeDatabase();
		process.env.DATABASE_PATH = previous;
		if (dir) rmSync(dir, { recursive: true, force: true });
	}
}

async function run(path: string): Promise<{ results: Result[]; notes: string[] }> {
	const loaded = load();
	const { org } = loaded;
	const client = db().$client;
	const count = (q: string) => client.prepare(q).pluck().get() as number;
	const notes = [...loaded.notes];
	const results = [...loaded.results];
	const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
	const wal = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
	notes.unshift(
		`Database: ${count('SELECT count(*) FROM user').toLocaleString('en')} users in ${org.teams.length} teams (per team ${Object.entries(
			TEAM_SIZE
		)
			.map(([r, n]) => `${n} ${r}s`)
			.join(', ')}; ${Object.entries(CENTRAL)
			.map(([r, n]) => `${n} ${r.replace('_', ' ')}s`)
			.join(
				', '
			)} in no team), ${count('SELECT count(*) FROM phase')} phases; ${count('SELECT count(*) FROM usage_event').toLocaleString('en')} usage events, ${count('SELECT count(*) FROM usage_daily').toLocaleString('en')} usage_daily rows, ${count('SELECT count(*) FROM usage_user_day').toLocaleString('en')} user-day, ${count('SELECT count(*) FROM usage_user_week').toLocaleString('en')} user-week and ${count('SELECT count(*) FROM usage_user').toLocaleString('en')} user rows; the database file ${gb(statSync(path).size)} (its write-ahead log ${gb(wal)} more).`
	);

	const missing: string[] = [];
	const extra = {
		modules: await optional(() => import('../src/lib/server/adoption/modules'), 'modules.ts', missing),
		retention: await optional(() => import('../src/lib/server/adoption/retention'), 'retention.ts', missing),
		quality: await optional(
			() => import('../src/lib/server/adoption/quality-view'),
			'quality-view.ts',
			missing
		)
	};
	if (missing.length) notes.push(`Not measured (missing or not importable): ${missing.join('; ')}.`);

	const admin = actorOf(org.byRole.admin[0]);
	const manager = actorOf(org.byRole.manager[0]);
	const rep = actorOf(org.byRole.rep[0]);
	for (const page of pages(org, extra))
		for (const [who, actor] of [
			['admin', admin],
			['manager: own team', manager]
		] as const)
			results.push(measure(`${page.name} (${who})`, RUNS, () => page.load(actor), PAGE_BUDGET_US));
	const keptFrom = client.prepare('SELECT min(day) FROM usage_user_day').pluck().get() as string;
	results.push(
		measure(
			'overview (a rep: their own figures and their team)',
			RUNS,
			() => {
				const ctx = adoptionContext(rep, new URLSearchParams());
				void overview(ctx);
			},
			PAGE_BUDGET_US
		),
		measure(
			`overview over the whole 18 months, from ${keptFrom} (admin)`,
			RUNS,
			() => {
				const params = new URLSearchParams({ from: keptFrom });
				const ctx = adoptionContext(admin, params);
				void filterBar(ctx, params);
				void overview(ctx);
			},
			PAGE_BUDGET_US
		)
	);

	// Where the admin's time goes: the metrics that read per-person rows for everyone (2,000 people).
	const everyone = adoptionContext(admin, new URLSearchParams());
	const ids = everyone.people.map((p) => p.id);
	const { from, to } = everyone.filters;
	const conn = db();
	results.push(
		measure(
			'part: use28 over everyone (the 28 days of usage_user_day)',
			RUNS,
			() => void use28(conn, to, ids)
		),
		measure(
			'part: weekly over everyone (12 weeks of usage_user_week, counted by gap)',
			RUNS,
			() => void weekly(conn, everyone.people, completeWeeks(from, to))
		),
		measure(
			'part: modulesUsed over everyone, last 7 days (usage_user_day)',
			RUNS,
			() => void modulesUsed(conn, addDays(to, -6), to, ids)
		),
		measure(
			'part: moduleWork over everyone, the 84 days (whole weeks of usage_user_week, edge days of usage_user_day)',
			RUNS,
			() => void moduleWork(conn, from, to, ids)
		)
	);

	const logging = usageLogging(org);
	results.push(...logging.results);
	notes.push(...logging.notes);
	notes.push(...(await firstLoadJs(org, path)));
	return { results, notes };
}
