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
	},
	/** Where e-mail goes (smtp://user:pass@host:port or smtps://…); unset: notifications are in-app only. */
	get smtpUrl(): string | undefined {
		return process.env.SMTP_URL || undefined;
	},
	/** The From of Uptake's e-mail. */
	get mailFrom(): string {
		return process.env.SMTP_FROM || `Uptake <no-reply@${this.mailDomain}>`;
	},
	/** The domain of Uptake's Message-IDs and default From: the host of ORIGIN. */
	get mailDomain(): string {
		try {
			return new URL(this.origin).hostname || 'localhost';
		} catch {
			return 'localhost';
		}
	},
	/** The address people reach Uptake at, for links in e-mail (adapter-node reads ORIGIN too). */
	get origin(): string {
		return (process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
	}
};
