// Engagement budgets (issue 14), on a database of its own: awarding points adds < 0.2 ms to the write it
// follows; leaderboards over a year of points for 2,000 users p95 < 50 ms server time (boards, contest
// standings, a person's own points). Run by bench/run.ts (`npm run bench -- engagement`); never in `npm test`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../db/seed/random';
import { recordChange } from '../src/lib/server/audit/record';
import { utcDay } from '../src/lib/server/audit/usage';
import type { Actor, AuthUser } from '../src/lib/server/auth/actor';
import { ensureBuiltInRoles } from '../src/lib/server/auth/bootstrap';
import { closeDatabase, db, refreshStatistics } from '../src/lib/server/db';
import { improvedBoard, myPoints, peopleBoard, teamBoard } from '../src/lib/server/engagement/boards';
import { createContest, getContest, standings } from '../src/lib/server/engagement/contests';
import { rebuildPointsRollups } from '../src/lib/server/engagement/points';
import { fold } from '../src/lib/text';
import { measure, type Result } from './measure';

export const ENGAGEMENT_SCALE = { users: 2_000, teams: 10, days: 365 };
const DAY = 86_400_000;
/** Awards a working person earns on a working day, by action (about 6 a day). */
const DAILY = [
	['activity.logged', 2, 3],
	['contact.created', 2, 1],
	['deal.created', 10, 1],
	['deal.advanced', 5, 1],
	['quality.fixed', 1, 1]
] as const;

function actorOf(userId: number, roleName: string): Actor {
	const role = db()
		.$client.prepare('SELECT id, label, permissions, scope, can_export AS canExport FROM role WHERE name = ?')
		.get(roleName) as {
		id: number;
		label: string;
		permissions: string;
		scope: AuthUser['scope'];
		canExport: number;
	};
	const u = db()
		.$client.prepare('SELECT email, name, team_id AS teamId FROM user WHERE id = ?')
		.get(userId) as {
		email: string;
		name: string;
		teamId: number | null;
	};
	const user: AuthUser = {
		id: userId,
		email: u.email,
		name: u.name,
		teamId: u.teamId,
		active: true,
		roleId: role.id,
		roleName,
		roleLabel: role.label,
		permissions: JSON.parse(role.permissions),
		scope: role.scope,
		canExport: Boolean(role.canExport),
		teamName: null,
		locale: 'en'
	};
	return { user, requestId: 'bench', ip: '127.0.0.1' };
}

/** 2,000 people in 10 teams and a year of points: ledger rows by raw statements, then the rollups rebuilt. */
function load(): { admin: number; rep: number; teams: number[]; ledger: number; seconds: number } {
	const started = Date.now();
	const client = db().$client;
	ensureBuiltInRoles(db());
	const roleId = (name: string) =>
		client.prepare('SELECT id FROM role WHERE name = ?').pluck().get(name) as number;
	const random = seededRandom(14);
	const teams: number[] = [];
	const people: { id: number; team: number; zeal: number }[] = [];
	let ledger = 0;
	client.transaction(() => {
		for (let t = 1; t <= ENGAGEMENT_SCALE.teams; t++)
			teams.push(
				Number(client.prepare('INSERT INTO team (name) VALUES (?)').run(`Team ${t}`).lastInsertRowid)
			);
		const insertUser = client.prepare(
			'INSERT INTO user (email, name, name_key, password_hash, role_id, team_id) VALUES (?, ?, ?, ?, ?, ?)'
		);
		const add = (n: number, role: string, team: number | null) => {
			const name = `${role} ${n}`;
			return Number(
				insertUser.run(`p${n}@bench.example`, name, fold(name), 'x', roleId(role), team).lastInsertRowid
			);
		};
		add(0, 'admin', null);
		for (let i = 1; i < ENGAGEMENT_SCALE.users; i++) {
			const team = teams[i % teams.length];
			const id = add(i, i % 20 === 0 ? 'manager' : 'rep', team);
			people.push({ id, team, zeal: random.next() });
		}
		const insert = client.prepare(
			`INSERT INTO points_ledger (at, day, user_id, team_id, action, entity, entity_id, points, counted, reason)
			 VALUES (?, ?, ?, ?, ?, 'activity', ?, ?, 1, 'bench')`
		);
		const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
		for (let d = ENGAGEMENT_SCALE.days - 1; d >= 0; d--) {
			const at = today - d * DAY + 10 * 3_600_000;
			const weekday = new Date(at).getUTCDay();
			if (weekday === 0 || weekday === 6) continue;
			const day = utcDay(at);
			for (const p of people) {
				if (random.next() > 0.3 + p.zeal * 0.6) continue;
				for (const [action, points, times] of DAILY)
					for (let k = 0; k < times; k++) {
						insert.run(at, day, p.id, p.team, action, String(++ledger), points);
					}
			}
		}
	})();
	client.transaction(() => rebuildPointsRollups(client))();
	refreshStatistics(client);
	return {
		admin: 1,
		rep: people[7].id,
		teams,
		ledger,
		seconds: (Date.now() - started) / 1000
	};
}

export function engagementBench(): { results: Result[]; notes: string[] } {
	const previous = process.env.DATABASE_PATH;
	closeDatabase();
	process.env.DATABASE_PATH = join(
		mkdtempSync(join(tmpdir(), 'uptake-bench-engagement-')),
		'engagement.sqlite'
	);
	try {
		const loaded = load();
		const client = db().$client;
		const admin = actorOf(loaded.admin, 'admin');
		const rep = actorOf(loaded.rep, 'rep');
		const counts = client
			.prepare(
				'SELECT (SELECT count(*) FROM points_ledger) AS ledger, (SELECT count(*) FROM points_day) AS days, (SELECT count(*) FROM points_period) AS periods'
			)
			.get() as { ledger: number; days: number; periods: number };
		const start = utcDay(Date.now() - 13 * DAY);
		// Contests that started two weeks ago (created today and back-dated: a contest may not start in the past).
		const team = createContest(
			admin,
			{
				name: 'Team sprint',
				kind: 'team',
				metric: 'points',
				startsOn: utcDay(Date.now()),
				endsOn: utcDay(Date.now() + DAY),
				target: '',
				prizes: ''
			},
			[
				{ name: 'Odd', teamIds: loaded.teams.filter((_, i) => i % 2 === 0).map(String) },
				{ name: 'Even', teamIds: loaded.teams.filter((_, i) => i % 2 === 1).map(String) }
			]
		);
		const individual = createContest(
			admin,
			{
				name: 'Call blitz',
				kind: 'individual',
				metric: 'action:activity.logged',
				startsOn: utcDay(Date.now()),
				endsOn: utcDay(Date.now() + DAY),
				target: '',
				prizes: ''
			},
			[{ name: 'Everyone', teamIds: loaded.teams.map(String) }]
		);
		client.prepare('UPDATE contest SET starts_on = ?').run(start);
		const results: Result[] = [];
		const board = (name: string, fn: () => unknown) => results.push(measure(name, 60, fn, 50_000));
		board('people board, this week (admin: the whole board)', () => peopleBoard(admin, 'week'));
		board('people board, this month (admin)', () => peopleBoard(admin, 'month'));
		board('people board, this month (a rep: top 3 and own place)', () => peopleBoard(rep, 'month'));
		board('people board, this month, the reps’ league', () => peopleBoard(rep, 'month', rep.user.roleId));
		board('most improved, this month against last', () => improvedBoard(rep, 'month'));
		board('team board per head, this month', () => teamBoard(rep, 'month'));
		board('contest standings, 2 virtual teams, 14 days of points (frozen rules)', () =>
			standings(rep, getContest(team.id))
		);
		board('contest standings, 2,000 individuals, 14 days of one action', () =>
			standings(rep, getContest(individual.id))
		);
		board('a person’s own points, badges and ledger', () => myPoints(rep));

		// Awarding: the same audited change (audit row + usage event, its own transaction) for an entity that
		// earns points and for one that does not; the difference is what the award adds to the write.
		const change = (entity: string, i: number) => ({
			module: 'crm.activities',
			action: 'create' as const,
			entity,
			entityId: 10_000_000 + i,
			after: { id: 10_000_000 + i, type: 'call', subject: `Call ${i}`, contactId: 1 }
		});
		const write = (entity: string) => (i: number) =>
			db().transaction((tx) => {
				recordChange(tx, rep, change(entity, i));
			});
		const award: number[] = [];
		const plain: number[] = [];
		const rounds = 5;
		for (let r = 0; r < rounds; r++) {
			const a = measure('with', 2_000, write('activity'));
			const b = measure('without', 2_000, write('bench_unwatched'));
			award.push(a.p50Us, a.p95Us);
			plain.push(b.p50Us, b.p95Us);
			if (r === rounds - 1) {
				results.push({ ...a, name: 'audited write that earns points (activity logged; last round)' });
				results.push({ ...b, name: 'the same write of an entity that earns nothing (last round)' });
			}
		}
		const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
		const p50s = (xs: number[]) => xs.filter((_, i) => i % 2 === 0);
		const p95s = (xs: number[]) => xs.filter((_, i) => i % 2 === 1);
		// Each round's difference, then their median: the rounds drift together with the machine.
		const deltas = (pick: (xs: number[]) => number[]) => pick(award).map((a, i) => a - pick(plain)[i]);
		const round1 = (n: number) => Math.round(n * 10) / 10;
		const addedP50 = round1(median(deltas(p50s)));
		const addedP95 = round1(median(deltas(p95s)));
		results.push({
			name: 'points added to the write (median over 5 alternated rounds of with − without)',
			runs: rounds,
			meanUs: addedP50,
			p50Us: addedP50,
			p95Us: addedP95,
			p99Us: addedP95,
			budgetUs: 200
		});
		return {
			results,
			notes: [
				`Database: ${ENGAGEMENT_SCALE.users.toLocaleString('en')} people in ${ENGAGEMENT_SCALE.teams} teams, a year of points: ${counts.ledger.toLocaleString('en')} ledger rows, ${counts.days.toLocaleString('en')} points_day and ${counts.periods.toLocaleString('en')} points_period rows; loaded and rolled up in ${loaded.seconds.toFixed(1)} s.`,
				`Awarding, p50 per round with / without points (µs): ${p50s(award).join(', ')} / ${p50s(plain).join(', ')}; p95 ${p95s(award).join(', ')} / ${p95s(plain).join(', ')}; added p50 ${deltas(p50s).map(round1).join(', ')}, p95 ${deltas(p95s).map(round1).join(', ')}.`
			]
		};
	} finally {
		closeDatabase();
		process.env.DATABASE_PATH = previous;
	}
}
