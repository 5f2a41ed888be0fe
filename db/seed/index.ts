import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { hashPassword } from '../../src/lib/server/auth/password';
import { utcDay } from '../../src/lib/server/audit/usage';
import { recomputeUserRollups } from '../../src/lib/server/adoption/rollups';
import { fold } from '../../src/lib/text';
import { NAME_POOLS, RUSSIAN_FEMININE } from './names';
import { seededRandom, type Random } from './random';
import { seedCrm, type CrmOwner } from './crm';
import { seedRollout } from './rollout';
import { seedTraining } from './training';
import { DEMO } from './demo';
import { DEMO_TEAMS, type DemoTeam } from './teams';

/**
 * The demo organisation: Northwind Trading, mid-way through its CRM rollout. Deterministic for a
 * given anchor day (the seeded generator fixes who, what and when relative to that day); 180 days
 * of usage in which some teams adopt and some lag.
 */

export { DEMO };

export interface SeedReport {
	organisation: string;
	adminEmail: string;
	password: string;
	teams: number;
	users: number;
	usageEvents: number;
	companies: number;
	contacts: number;
	deals: number;
}

interface DemoUser {
	name: string;
	email: string;
	role: string;
	team: DemoTeam | null;
	title: string;
	locale: string;
	/** How much this person uses the CRM compared with the team's curve (0 = never signs in). */
	propensity: number;
}

const DAY = 86_400_000;

function personName(random: Random, used: Set<string>, languageWeights: [string, number][]) {
	for (;;) {
		let roll = random.next();
		const language = languageWeights.find(([, w]) => (roll -= w) < 0)?.[0] ?? 'en';
		const pool = NAME_POOLS.find((p) => p.language === language)!;
		const [given, givenAscii] = random.pick(pool.given);
		let [family, familyAscii] = random.pick(pool.family);
		if (language === 'ru' && RUSSIAN_FEMININE.has(given)) {
			family += 'а';
			familyAscii += 'a';
		}
		const name = pool.familyFirst
			? `${family}${pool.separator}${given}`
			: `${given}${pool.separator}${family}`;
		const local = `${givenAscii}.${familyAscii}`;
		let email = `${local}@${DEMO.domain}`;
		for (let n = 2; used.has(email); n++) email = `${local}${n}@${DEMO.domain}`;
		if (used.has(name)) continue;
		used.add(email);
		used.add(name);
		return { name, email, locale: language };
	}
}

function demoUsers(random: Random): DemoUser[] {
	const used = new Set<string>([DEMO.adminEmail]);
	const languages: [string, number][] = [
		['en', 0.42],
		['vi', 0.16],
		['ru', 0.16],
		['zh', 0.14],
		['ta', 0.12]
	];
	const users: DemoUser[] = [];
	const add = (
		role: string,
		team: DemoTeam | null,
		title: string,
		propensity = 0.6 + random.next() * 0.6
	) => {
		const person = personName(random, used, languages);
		users.push({ ...person, role, team, title, propensity });
	};
	const byName = (name: string) => DEMO_TEAMS.find((t) => t.name === name)!;

	users.push({
		name: 'Alex Morgan',
		email: DEMO.adminEmail,
		role: 'admin',
		team: byName('Project Office'),
		title: 'CRM administrator',
		locale: 'en',
		propensity: 1.3
	});
	add('admin', byName('Project Office'), 'CRM administrator', 1.1);
	add('project_manager', byName('Project Office'), 'CRM project manager', 1.3);
	add('project_manager', byName('Project Office'), 'Deputy project manager', 1.1);
	for (const title of [
		'Chief executive (executive sponsor)',
		'Sales director',
		'Service director',
		'Finance director',
		'Head of IT'
	])
		add('steering_member', byName('Management'), title, 0.7);
	for (let i = 0; i < 3; i++) add('trainer', byName('Project Office'), 'CRM trainer', 1);
	for (const team of DEMO_TEAMS.filter((t) => t.headcount > 0)) {
		add('manager', team, `${team.name} manager`);
		for (let i = 0; i < team.headcount; i++) {
			// A few people in every team have not signed in at all: adoption is never 100 %.
			add('rep', team, team.repTitle, random.chance(0.06) ? 0 : 0.4 + random.next() * 0.9);
		}
		add('viewer', team, `${team.name} analyst`, 0.5);
	}
	return users;
}

/**
 * When a person starts using the CRM and (in fading teams) stops, as day indexes before the anchor:
 * a team's plateau is the share of its people who ever adopt; they start after go-live with a delay
 * around the team's ramp, and in fading teams some drift back to spreadsheets.
 */
function adoptionWindow(
	random: Random,
	team: DemoTeam | null,
	propensity: number
): { from: number; until: number } {
	const never = { from: Infinity, until: -Infinity };
	if (propensity === 0) return never;
	if (!team) return { from: -DEMO.days, until: 0 };
	if (team.pilot && random.chance(0.3)) return { from: team.goLiveDay - random.int(10, 30), until: 0 };
	if (!random.chance(team.plateau)) return never;
	const from = team.goLiveDay + Math.round(-Math.log(1 - random.next()) * team.rampDays);
	const until = team.fades && random.chance(0.35) ? from + random.int(20, 90) : 0;
	return { from, until };
}

/**
 * Seeds the demo organisation into an empty database in one transaction: teams, users in every
 * role, project roles, and 180 days of usage events with their daily rollup.
 */
export async function seedDemo(db: Db, anchor = new Date()): Promise<SeedReport> {
	const random = seededRandom(DEMO.seed);
	// One hash for every demo user (all share the printed demo password); hashing 130 times would slow start-up.
	const passwordHash = await hashPassword(DEMO.password);
	const people = demoUsers(random);
	const windows = people.map((p) => adoptionWindow(random, p.team, p.propensity));
	const endDay = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate());
	const startDay = endDay - (DEMO.days - 1) * DAY;
	let usageEvents = 0;
	let crm = { companies: 0, contacts: 0, deals: 0 };

	db.transaction((tx) => {
		const roles = new Map(
			tx
				.select({ id: schema.role.id, name: schema.role.name })
				.from(schema.role)
				.all()
				.map((r) => [r.name, r.id])
		);
		const teamIds = new Map<string, number>();
		for (const t of DEMO_TEAMS) {
			const row = tx
				.insert(schema.team)
				.values({ name: t.name, description: t.description })
				.returning({ id: schema.team.id })
				.get();
			teamIds.set(t.name, row.id);
		}
		const userIds: number[] = [];
		for (const p of people) {
			const row = tx
				.insert(schema.user)
				.values({
					email: p.email,
					name: p.name,
					nameKey: fold(p.name),
					passwordHash,
					roleId: roles.get(p.role)!,
					teamId: p.team ? teamIds.get(p.team.name)! : null,
					title: p.title,
					locale: p.locale,
					createdAt: startDay - 30 * DAY
				})
				.returning({ id: schema.user.id })
				.get();
			userIds.push(row.id);
		}

		seedProjectRoles(tx, people, userIds, teamIds);

		const owners: CrmOwner[] = people.flatMap((p, i) =>
			p.team?.work && (p.role === 'rep' || p.role === 'manager') && p.propensity > 0
				? [{ id: userIds[i], teamId: teamIds.get(p.team.name)!, work: p.team.work }]
				: []
		);
		crm = seedCrm(db.$client, seededRandom(DEMO.seed + 1), owners, startDay, anchor.getTime());
		seedRollout(
			db.$client,
			seededRandom(DEMO.seed + 2),
			people.map((p, i) => ({ id: userIds[i], role: p.role, team: p.team?.name ?? null, title: p.title })),
			teamIds,
			anchor.getTime()
		);
		seedTraining(
			tx,
			db.$client,
			seededRandom(DEMO.seed + 3),
			people.map((p, i) => ({
				id: userIds[i],
				role: p.role,
				team: p.team?.name ?? null,
				title: p.title,
				propensity: p.propensity
			})),
			teamIds,
			anchor.getTime()
		);

		// Usage: raw prepared statements, as this is the bulk of the seed (a few hundred thousand rows).
		const client = db.$client;
		const insertEvent = client.prepare(
			'INSERT INTO usage_event (at, user_id, team_id, module, action, entity, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?)'
		);
		const daily = new Map<string, number>();
		for (let d = 0; d < DEMO.days; d++) {
			const dayStart = startDay + d * DAY;
			const weekday = new Date(dayStart).getUTCDay();
			const workday = weekday !== 0 && weekday !== 6;
			const dayIndex = d - DEMO.days + 1; // 0 is the anchor day, negative before it
			people.forEach((p, i) => {
				const { from, until } = windows[i];
				if (dayIndex < from || dayIndex > until) return;
				// Adopters use the CRM on most working days; the keenest on nearly all.
				const chance = Math.min(0.95, 0.45 + 0.4 * p.propensity) * (workday ? 1 : 0.06);
				if (!random.chance(chance)) return;
				const modules = p.team?.modules ?? ['home', 'admin.users', 'admin.audit'];
				const events = random.int(3, 8 + Math.round(20 * Math.min(1, p.propensity)));
				let at = dayStart + random.int(7, 10) * 3_600_000 + random.int(0, 3_599_999);
				const teamId = p.team ? teamIds.get(p.team.name)! : 0;
				for (let e = 0; e < events; e++) {
					const module = e === 0 ? 'home' : random.pick(modules);
					const action =
						module !== 'home' && random.chance(0.18) ? random.pick(['create', 'update', 'update']) : 'view';
					if (at > anchor.getTime()) break; // today's usage stops at the moment of seeding
					insertEvent.run(at, userIds[i], teamId, module, action, '', '');
					const key = `${utcDay(at)}|${userIds[i]}|${teamId}|${module}|${action}`;
					daily.set(key, (daily.get(key) ?? 0) + 1);
					usageEvents++;
					at += random.int(20_000, 1_500_000);
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
		recomputeUserRollups(client);
		tx.insert(schema.auditLog)
			.values({
				at: Date.now(),
				action: 'create',
				entity: 'setting',
				entityId: 'demo',
				after: { organisation: DEMO.organisation, teams: DEMO_TEAMS.length, users: people.length },
				summary: `Seeded the demo organisation ${DEMO.organisation}`
			})
			.run();
	});

	return {
		organisation: DEMO.organisation,
		adminEmail: DEMO.adminEmail,
		password: DEMO.password,
		teams: DEMO_TEAMS.length,
		users: people.length,
		usageEvents,
		...crm
	};
}

function seedProjectRoles(
	tx: Parameters<Parameters<Db['transaction']>[0]>[0],
	people: DemoUser[],
	ids: number[],
	teamIds: Map<string, number>
) {
	const assign = (
		index: number,
		role: (typeof schema.projectRole.$inferInsert)['role'],
		responsibilities: string,
		teamId: number | null = null
	) => tx.insert(schema.projectRole).values({ userId: ids[index], role, responsibilities, teamId }).run();
	const first = (pred: (p: DemoUser) => boolean) => people.findIndex(pred);
	assign(
		first((p) => p.title.startsWith('Chief executive')),
		'executive_sponsor',
		'Owns the business case; chairs the steering committee.'
	);
	assign(
		first((p) => p.title === 'CRM project manager'),
		'project_manager',
		'Runs the plan, phases and readiness; reports to the steering committee.'
	);
	assign(0, 'crm_admin', 'Configures the CRM, users and permissions; owns data quality.');
	people.forEach((p, i) => {
		if (p.role === 'steering_member')
			assign(i, 'steering_member', 'Decides change requests and phase gates.');
		if (p.role === 'trainer') assign(i, 'trainer', 'Runs role-based courses and drop-in clinics.');
	});
	for (const [name, teamId] of teamIds) {
		// Lagging teams have no champion yet: the project team page (a later issue) warns about exactly this.
		const team = DEMO_TEAMS.find((t) => t.name === name)!;
		if (!team.champion) continue;
		const index = first((p) => p.team?.name === name && p.role === 'rep' && p.propensity > 0.9);
		if (index >= 0)
			assign(index, 'champion', `First point of contact for ${name}; collects pain points.`, teamId);
	}
}
