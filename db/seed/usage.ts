import type Database from 'better-sqlite3';
import { DEFAULT_CORE_ACTIONS } from '../../src/lib/adoption';
import { utcDay } from '../../src/lib/server/audit/usage';
import type { Random } from './random';
import type { DemoTeam } from './teams';

/**
 * The demo's usage log: what each person opened and changed, day by day, over the seeded period.
 * Page views are of the areas a person's team (or rollout role) uses; changes are only the ones the
 * app makes (a rep's activities, deals and contacts, an agent's cases, marketing's campaigns, the
 * project office's plan), each after a view of its page. The teams' stories (teams.ts): the early
 * adopters, the laggards who record little, a slump and its recovery, a go-live that lifts a team,
 * people who never signed in, who lapsed, and who look but no longer record their work.
 */

export interface UsagePerson {
	id: number;
	role: string;
	team: DemoTeam | null;
	/** The person's team id in the database (0 for none, as usage events store it). */
	teamId: number;
	/** How much this person uses the CRM compared with the team's curve (0 = never signs in). */
	propensity: number;
}

type Persona = 'never' | 'regular' | 'idle' | 'occasional' | 'lapsed';

interface Plan {
	persona: Persona;
	/** First and last day (indexes before the anchor day, which is 0) the person may use the CRM. */
	from: number;
	until: number;
	/** From this day on an idle person only looks. */
	idleFrom: number;
	/** Chance of using the CRM on a working day. */
	daily: number;
	/** Weeks of the team's slump the person stays away (by week index into the slump and recovery). */
	away: boolean[];
	/** An occasional user's days. */
	visits: Set<number>;
}

type Change = readonly [module: string, action: string, chance: number, max: number];

/**
 * What each kind of CRM work changes on an active day: module, action, chance on a day, at most how
 * many; the first is the work's usual core action.
 */
const REP_WORK: Record<string, Change[]> = {
	sales: [
		['crm.activities', 'create', 0.85, 4],
		['crm.deals', 'update', 0.55, 2],
		['crm.contacts', 'create', 0.25, 1],
		['crm.deals', 'create', 0.15, 1],
		['crm.activities', 'update', 0.35, 2],
		['crm.contacts', 'update', 0.25, 1],
		['crm.companies', 'update', 0.12, 1],
		['crm.companies', 'create', 0.04, 1]
	],
	service: [
		['crm.cases', 'update', 0.85, 4],
		['crm.cases', 'create', 0.5, 2],
		['crm.activities', 'create', 0.35, 2],
		['crm.contacts', 'create', 0.08, 1],
		['crm.contacts', 'update', 0.2, 1],
		['crm.activities', 'update', 0.15, 1]
	],
	marketing: [
		['crm.contacts', 'create', 0.35, 3],
		['crm.activities', 'create', 0.2, 1],
		['crm.campaigns', 'update', 0.5, 2],
		['crm.campaigns', 'create', 0.04, 1],
		['crm.contacts', 'update', 0.3, 2],
		['crm.companies', 'update', 0.1, 1]
	],
	// Credit control logs its calls about overdue invoices.
	finance: [
		['crm.activities', 'create', 0.4, 2],
		['crm.companies', 'update', 0.1, 1]
	]
};

const MANAGER_WORK: Record<string, Change[]> = {
	sales: [
		['crm.deals', 'update', 0.45, 3],
		['crm.activities', 'create', 0.3, 1],
		['crm.companies', 'update', 0.05, 1]
	],
	service: [
		['crm.cases', 'update', 0.5, 2],
		['crm.activities', 'create', 0.2, 1]
	],
	marketing: [
		['crm.activities', 'create', 0.3, 1],
		['crm.campaigns', 'update', 0.4, 1]
	],
	finance: [['crm.activities', 'create', 0.3, 1]]
};

/** The plan keepers: risks reviewed, goals checked in, phases and change requests moved on. */
const PLANNING: Change[] = [
	['rollout.risks', 'update', 0.3, 2],
	['rollout.goals', 'update', 0.15, 1],
	['rollout.phases', 'update', 0.1, 1],
	['rollout.changes', 'update', 0.15, 1],
	['rollout.readiness', 'update', 0.1, 1],
	['rollout.pain-points', 'update', 0.05, 1]
];

const ROLE_CHANGES: Record<string, Change[]> = {
	admin: [['admin.users', 'update', 0.2, 2], ['admin.users', 'create', 0.03, 1], ...PLANNING.slice(0, 2)],
	project_manager: PLANNING,
	trainer: [
		['training.sessions', 'update', 0.3, 2],
		['training.attendance', 'update', 0.15, 3],
		['training.courses', 'update', 0.1, 1],
		['training.sessions', 'create', 0.05, 1]
	],
	steering_member: [['rollout.changes', 'update', 0.04, 1]]
};

/** The project office's people each keep to their own pages. */
const ROLE_PAGES: Record<string, string[]> = {
	admin: [
		'admin.users',
		'admin.users',
		'admin.audit',
		'admin.roles',
		'admin.settings',
		'rollout',
		'adoption',
		'adoption.people',
		'crm.contacts',
		'crm.search'
	],
	project_manager: [
		'rollout',
		'rollout',
		'rollout.phases',
		'rollout.risks',
		'rollout.risks',
		'rollout.goals',
		'rollout.changes',
		'rollout.readiness',
		'rollout.team',
		'adoption',
		'adoption',
		'adoption.people',
		'training',
		'training.matrix'
	],
	trainer: [
		'training',
		'training.courses',
		'training.sessions',
		'training.sessions',
		'training.calendar',
		'training.matrix',
		'training.overdue',
		'adoption.people',
		'rollout'
	]
};

/** Whether a change is a core action of a role, by the defaults the demo database starts with. */
const CORE = new Set(
	Object.entries(DEFAULT_CORE_ACTIONS).flatMap(([role, defs]) =>
		defs.map((d) => `${role}|${d.module}|${d.action}`)
	)
);

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The slump's weeks and the two of recovery after it: the chance a person stays away that week. */
const AWAY = [0.6, 0.6, 0.6, 0.6, 0.35, 0.15];

function shuffled<T>(random: Random, items: T[]): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = random.int(0, i);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** Days from go-live until a person starts: exponential around the team's ramp. */
const ramp = (random: Random, team: DemoTeam) => Math.round(-Math.log(1 - random.next()) * team.rampDays);

/**
 * Who does what: in each team, the lapsers, the idlers, the regular users (the team's plateau) and
 * the occasional ones, who start late and come now and then. Two keen regulars in each team start
 * before go-live (key users testing it); the team's launch share starts in the go-live week.
 */
function plans(random: Random, people: UsagePerson[], workday: (day: number) => boolean): Plan[] {
	const out: Plan[] = people.map(() => ({
		persona: 'regular',
		from: 0,
		until: 0,
		idleFrom: Infinity,
		daily: 0,
		away: [],
		visits: new Set<number>()
	}));
	const byTeam = new Map<DemoTeam | null, number[]>();
	people.forEach((p, i) => {
		const list = byTeam.get(p.team) ?? [];
		list.push(i);
		byTeam.set(p.team, list);
	});
	for (const [team, members] of byTeam) {
		const using = members.filter((i) => people[i].propensity > 0);
		for (const i of members) if (people[i].propensity === 0) out[i].persona = 'never';
		if (!team || !team.headcount) {
			// The project office and the directors: from their go-live (or the start) on, at their pace.
			for (const i of using) {
				const steering = people[i].role === 'steering_member';
				const lead = ['admin', 'project_manager'].includes(people[i].role);
				out[i].from = team ? team.goLiveDay + (lead ? 0 : random.int(0, 10)) : -Infinity;
				out[i].daily = steering ? 0.25 + 0.2 * people[i].propensity : 0.9;
			}
			continue;
		}
		const order = shuffled(random, using);
		const reps = order.filter((i) => people[i].role === 'rep');
		const lapsers = new Set(reps.slice(0, team.lapsers ?? 0));
		const idlers = new Set(reps.slice(team.lapsers ?? 0, (team.lapsers ?? 0) + (team.idlers ?? 0)));
		const rest = order.filter((i) => !lapsers.has(i));
		const regulars = Math.max(idlers.size, Math.round(team.plateau * members.length) - lapsers.size);
		const regular = new Set([
			...idlers,
			...rest.filter((i) => !idlers.has(i)).slice(0, regulars - idlers.size)
		]);
		const keyUsers = new Set(
			[...regular]
				.filter((i) => !idlers.has(i))
				.sort((a, b) => people[b].propensity - people[a].propensity)
				.slice(0, team.pilot ? 4 : 2)
		);
		const lag = team.fades ? 0.7 : 1;
		let occasional = 0;
		for (const i of order) {
			const p = people[i];
			const plan = out[i];
			const pace = Math.min(0.95, 0.45 + 0.4 * p.propensity) * lag * (p.role === 'viewer' ? 0.6 : 1);
			plan.away = AWAY.map((chance) => random.chance(chance));
			if (lapsers.has(i)) {
				plan.persona = 'lapsed';
				// Two weeks of trying at least: a team that went live lately has lapsed since too.
				plan.until = Math.max(team.goLiveDay + 14, -16 - random.int(0, 45));
				plan.from = Math.max(
					team.goLiveDay,
					Math.min(team.goLiveDay + ramp(random, team), plan.until - random.int(25, 60))
				);
				plan.daily = pace;
			} else if (regular.has(i)) {
				plan.persona = idlers.has(i) ? 'idle' : 'regular';
				plan.from = keyUsers.has(i)
					? team.goLiveDay - random.int(7, 21)
					: random.chance(team.launch ?? 0.25)
						? team.goLiveDay + random.int(0, 2)
						: team.goLiveDay + ramp(random, team);
				// Nobody starts in the last weeks: a newcomer's first days would read as "not working".
				plan.from = Math.min(plan.from, -21 - random.int(0, 14));
				plan.daily = idlers.has(i) ? Math.max(0.6, pace) : pace;
				if (idlers.has(i)) plan.idleFrom = -random.int(17, 30);
			} else {
				plan.persona = 'occasional';
				plan.from = Math.min(-14, team.goLiveDay + team.rampDays + random.int(15, 80));
				// Half of them came by in the last week; a third in the lagging teams.
				const lastWeek = occasional++ % (team.fades ? 3 : 2) === 0;
				plan.visits = visits(random, plan.from, workday, lastWeek, Boolean(team.fades));
			}
		}
	}
	return out;
}

/**
 * An occasional user's days, laid out back from the anchor: the last in the final week or the one
 * before (not earlier, or they would have lapsed), each earlier one a week or two before the next
 * (up to three in the lagging teams).
 */
function visits(
	random: Random,
	from: number,
	workday: (day: number) => boolean,
	lastWeek: boolean,
	lagging: boolean
): Set<number> {
	const out = new Set<number>();
	const recent = Array.from({ length: 7 }, (_, k) => (lastWeek ? -k : -7 - k)).filter(workday);
	for (let day = random.pick(recent); day >= from; day -= lagging ? random.int(9, 20) : random.int(6, 16)) {
		while (!workday(day)) day--;
		if (day >= from) out.add(day);
	}
	return out;
}

/**
 * Writes the usage events of the `days` days that end on the anchor's day, and their daily rollup,
 * with raw prepared statements (the bulk of the seed). The per-user rollups are the caller's to
 * rebuild afterwards. Returns the number of events.
 */
export function seedUsage(
	client: Database.Database,
	random: Random,
	people: UsagePerson[],
	startDay: number,
	days: number,
	anchor: number
): number {
	const insertEvent = client.prepare(
		'INSERT INTO usage_event (at, user_id, team_id, module, action, entity, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const daily = new Map<string, number>();
	let events = 0;
	const isWorkday = (day: number) => {
		const weekday = new Date(startDay + (day + days - 1) * DAY).getUTCDay();
		return weekday !== 0 && weekday !== 6;
	};
	const plan = plans(random, people, isWorkday);
	const started = people.map(() => false);
	// Active days in a row without a core action: a rep who works in the CRM records something soon.
	const dry = people.map(() => 0);

	for (let d = 0; d < days; d++) {
		const dayStart = startDay + d * DAY;
		const day = d - days + 1; // 0 is the anchor day, negative before it
		const workday = isWorkday(day);
		people.forEach((p, i) => {
			const pl = plan[i];
			if (pl.persona === 'never' || day < pl.from || (pl.persona === 'lapsed' && day > pl.until)) return;
			const dip = p.team?.dip;
			const slump = dip && day >= dip.from ? Math.floor((day - dip.from) / 7) : -1;
			if (slump >= 0 && slump < pl.away.length && pl.away[slump]) return;
			let visit = false;
			if (pl.persona === 'occasional') {
				if (!pl.visits.has(day)) return;
				visit = true;
			} else {
				const slow = slump >= 0 && slump < 4 ? 0.5 : 1;
				// A person's start is their first working day with the CRM: they sign in that day.
				const starting = workday && !started[i];
				if (!starting && !random.chance(workday ? pl.daily * slow : 0.04)) return;
				started[i] = true;
			}
			const changes = dayChanges(random, p, pl, day, visit, dry, i);
			const pages = ROLE_PAGES[p.role] ?? p.team?.modules ?? ['home'];
			const depth = Math.min(1, p.propensity);
			const views = visit ? random.int(1, 4) : random.int(2, 3 + Math.round(8 * depth));
			// The day's visits: each change after a view of its page, the other views among them.
			const chunks: [string, string][][] = changes.map((c) => [[c[0], 'view'], c]);
			for (let v = 0; v < views; v++) chunks.push([[viewOf(random, p, pages), 'view']]);
			const sequence: [string, string][] = [['home', 'view'], ...shuffled(random, chunks).flat()];
			let at = dayStart + random.int(7, 10) * HOUR + random.int(0, HOUR - 1);
			for (const [module, action] of sequence) {
				if (at > anchor) break; // today's usage stops at the moment of seeding
				insertEvent.run(at, p.id, p.teamId, module, action, '', '');
				const key = `${utcDay(at)}|${p.id}|${p.teamId}|${module}|${action}`;
				daily.set(key, (daily.get(key) ?? 0) + 1);
				events++;
				at += action === 'view' ? random.int(20_000, 1_200_000) : random.int(30_000, 300_000);
			}
		});
	}
	const insertDaily = client.prepare(
		'INSERT INTO usage_daily (day, user_id, team_id, module, action, count) VALUES (?, ?, ?, ?, ?, ?)'
	);
	for (const [key, count] of daily) {
		const [day, userId, teamId, module, action] = key.split('|');
		insertDaily.run(day, Number(userId), Number(teamId), module, action, count);
	}
	return events;
}

function viewOf(random: Random, p: UsagePerson, pages: string[]): string {
	const roll = random.next();
	if (roll < 0.04) return 'training'; // My training
	if (p.role === 'manager' && roll < 0.12) return random.pick(['adoption', 'adoption.people']);
	return random.pick(pages);
}

/** The changes a person makes on an active day (module, action), core actions as their role has them. */
function dayChanges(
	random: Random,
	p: UsagePerson,
	plan: Plan,
	day: number,
	visit: boolean,
	dry: number[],
	i: number
): [string, string][] {
	const out: [string, string][] = [];
	const own = ROLE_CHANGES[p.role];
	if (own) {
		for (const [module, action, chance, max] of own)
			if (random.chance(chance)) for (let n = random.int(1, max); n > 0; n--) out.push([module, action]);
		return out;
	}
	if (p.role !== 'rep' && p.role !== 'manager') return out; // analysts read
	if (day >= plan.idleFrom) return out;
	const work = p.team?.work ?? 'finance';
	const list = (p.role === 'rep' ? REP_WORK : MANAGER_WORK)[work];
	// The lagging teams record less of their work, and the occasional users only what they came for.
	const depth = (p.team?.depth ?? 1) * (visit ? 0.5 : 1);
	let core = 0;
	for (const [module, action, chance, max] of list) {
		if (!random.chance(chance * depth)) continue;
		const n = random.int(1, Math.max(1, Math.round(max * depth)));
		for (let m = 0; m < n; m++) out.push([module, action]);
		if (CORE.has(`${p.role}|${module}|${action}`)) core += n;
	}
	if (core === 0 && (visit || dry[i] >= 2)) {
		out.push([list[0][0], list[0][1]]);
		core = 1;
	}
	dry[i] = core ? 0 : dry[i] + 1;
	return out;
}
