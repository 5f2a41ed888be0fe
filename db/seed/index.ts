import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { hashPassword } from '../../src/lib/server/auth/password';
import { recomputeUserRollups } from '../../src/lib/server/adoption/rollups';
import { fold } from '../../src/lib/text';
import { NAME_POOLS, RUSSIAN_FEMININE } from './names';
import { seededRandom, type Random } from './random';
import { seedCrm, type CrmOwner } from './crm';
import { seedRollout } from './rollout';
import { seedTraining } from './training';
import { seedUsage } from './usage';
import { seedEngagement } from './engagement';
import { seedNotifications } from './notifications';
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
 * Seeds the demo organisation into an empty database in one transaction: teams, users in every
 * role, project roles, and 180 days of usage events with their daily rollup.
 */
export async function seedDemo(db: Db, anchor = new Date()): Promise<SeedReport> {
	const random = seededRandom(DEMO.seed);
	// One hash for every demo user (all share the printed demo password); hashing 130 times would slow start-up.
	const passwordHash = await hashPassword(DEMO.password);
	const people = demoUsers(random);
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
				? [
						{
							id: userIds[i],
							teamId: teamIds.get(p.team.name)!,
							work: p.team.work,
							gaps: p.team.dataGaps
						}
					]
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

		usageEvents = seedUsage(
			db.$client,
			random,
			people.map((p, i) => ({
				id: userIds[i],
				role: p.role,
				team: p.team,
				teamId: p.team ? teamIds.get(p.team.name)! : 0,
				propensity: p.propensity
			})),
			startDay,
			DEMO.days,
			anchor.getTime()
		);
		// The per-user rollups (days, weeks, first and last use) from the events and usage_daily.
		recomputeUserRollups(db.$client);
		// Points for the season's CRM work, contests finished, running and to come; a few hidden names.
		const hidden = people.flatMap((p, i) => (p.role === 'rep' && i % 17 === 0 ? [userIds[i]] : []));
		seedEngagement(tx, db.$client, teamIds, userIds[0], hidden, anchor.getTime());
		seedNotifications(
			tx,
			seededRandom(DEMO.seed + 6),
			people.map((p, i) => ({ id: userIds[i], role: p.role })),
			anchor.getTime()
		);
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
