/** Everything the server reads from its environment, in one place. */
export const config = {
	get databasePath(): string {
		return process.env.DATABASE_PATH || 'db/uptake.sqlite';
	},
	get migrationsFolder(): string {
		return process.env.UPTAKE_MIGRATIONS || 'db/migrations';
	},
	/** Rollout templates (plans, risk libraries, process maps, readiness, course outlines). */
	get templatesFolder(): string {
		return process.env.UPTAKE_TEMPLATES || 'templates';
	},
	/** The demo organisation is seeded into an empty database unless UPTAKE_DEMO=0. */
	get demo(): boolean {
		return process.env.UPTAKE_DEMO !== '0';
	},
	get adminEmail(): string | undefined {
		return process.env.UPTAKE_ADMIN_EMAIL || undefined;
	},
	get adminPassword(): string | undefined {
		return process.env.UPTAKE_ADMIN_PASSWORD || undefined;
	}
};
