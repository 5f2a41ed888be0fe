import { count, eq } from 'drizzle-orm';
import { BUILT_IN_ROLE_DEFINITIONS } from '$lib/permissions';
import { fold } from '$lib/text';
import { seedDemo, type SeedReport } from '../../../../db/seed';
import { ensureCoreActionDefaults } from '../adoption/core';
import { ensureQualityFieldDefaults } from '../adoption/quality';
import { recomputeUserRollups } from '../adoption/rollups';
import { config } from '../config';
import { ensureBadgeDefaults } from '../engagement/badges';
import { db, refreshStatistics, schema, type Db } from '../db';
import { normaliseEmail } from './login';
import { hashPassword, passwordProblem } from './password';

/**
 * Adds any built-in role a database lacks (a fresh one, or one from before a role was added), and
 * gives the administrator role every permission, including ones added since the database was made.
 */
export function ensureBuiltInRoles(conn: Db = db()): void {
	for (const r of BUILT_IN_ROLE_DEFINITIONS) {
		conn
			.insert(schema.role)
			.values({ ...r, builtIn: true })
			.onConflictDoNothing({ target: schema.role.name })
			.run();
	}
	const admin = BUILT_IN_ROLE_DEFINITIONS.find((r) => r.name === 'admin')!;
	conn.update(schema.role).set({ permissions: admin.permissions }).where(eq(schema.role.name, 'admin')).run();
	ensureCoreActionDefaults(conn);
	ensureQualityFieldDefaults(conn);
	ensureBadgeDefaults(conn);
}

export type BootstrapOutcome =
	| { kind: 'existing' }
	| { kind: 'admin'; email: string; demo: SeedReport | null }
	| { kind: 'demo'; demo: SeedReport }
	| { kind: 'empty' };

/**
 * Run at start-up: migrations are applied by db(); on an empty database this creates the first
 * admin from UPTAKE_ADMIN_EMAIL/UPTAKE_ADMIN_PASSWORD and seeds the demo organisation unless
 * UPTAKE_DEMO=0. Never touches a database that has users.
 */
export async function bootstrap(): Promise<BootstrapOutcome> {
	const conn = db();
	ensureBuiltInRoles(conn);
	const users = conn.select({ n: count() }).from(schema.user).get()?.n ?? 0;
	if (users > 0) {
		// A database from before the per-user rollups: build them once from the raw events.
		const rolled = conn.select({ n: count() }).from(schema.usageUser).get()?.n ?? 0;
		if (rolled === 0) conn.$client.transaction(() => recomputeUserRollups(conn.$client))();
		return { kind: 'existing' };
	}

	let admin: { email: string; passwordHash: string } | undefined;
	if (config.adminEmail || config.adminPassword) {
		if (!config.adminEmail || !config.adminPassword)
			throw new Error('Set both UPTAKE_ADMIN_EMAIL and UPTAKE_ADMIN_PASSWORD, or neither.');
		const email = normaliseEmail(config.adminEmail);
		const problem = passwordProblem(config.adminPassword, { email });
		if (problem) throw new Error(`UPTAKE_ADMIN_PASSWORD is not acceptable: ${problem}`);
		admin = { email, passwordHash: await hashPassword(config.adminPassword) };
	}

	const demo = config.demo ? await seedDemo(conn) : null;
	// The statistics taken when the database was opened empty would mislead the planner from here on.
	if (demo) refreshStatistics(conn.$client);
	if (admin) {
		const { email, passwordHash } = admin;
		conn.transaction((tx) => {
			const adminRole = tx
				.select({ id: schema.role.id })
				.from(schema.role)
				.where(eq(schema.role.name, 'admin'))
				.get()!;
			const name = 'Administrator';
			const created = tx
				.insert(schema.user)
				.values({ email, name, nameKey: fold(name), passwordHash, roleId: adminRole.id })
				.onConflictDoUpdate({
					target: schema.user.email,
					set: { passwordHash, roleId: adminRole.id, active: true }
				})
				.returning({ id: schema.user.id })
				.get();
			tx.insert(schema.auditLog)
				.values({
					at: Date.now(),
					action: 'create',
					entity: 'user',
					entityId: String(created.id),
					after: { email, name, roleId: adminRole.id },
					summary: 'First administrator, from UPTAKE_ADMIN_EMAIL'
				})
				.run();
		});
		return { kind: 'admin', email, demo };
	}
	return demo ? { kind: 'demo', demo } : { kind: 'empty' };
}

/** What start-up prints: the sign-in to use, once, when it has just been created. */
export function describeBootstrap(outcome: BootstrapOutcome): string | null {
	switch (outcome.kind) {
		case 'existing':
			return null;
		case 'admin':
			return `Uptake: created administrator ${outcome.email}${outcome.demo ? ` and the demo organisation (${outcome.demo.users} users)` : ''}.`;
		case 'demo':
			return [
				`Uptake: seeded the demo organisation ${outcome.demo.organisation}: ${outcome.demo.teams} teams, ${outcome.demo.users} users, ${outcome.demo.usageEvents.toLocaleString('en')} usage events, ${outcome.demo.companies.toLocaleString('en')} companies, ${outcome.demo.contacts.toLocaleString('en')} contacts, ${outcome.demo.deals.toLocaleString('en')} deals.`,
				`Sign in as ${outcome.demo.adminEmail} with password ${outcome.demo.password} (every demo user has this password).`
			].join('\n');
		case 'empty':
			return 'Uptake: the database has no users. Set UPTAKE_ADMIN_EMAIL and UPTAKE_ADMIN_PASSWORD and restart to create the first administrator.';
	}
}
