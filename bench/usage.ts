// Usage logging (issue 2): what a signed-in request adds, against a budget of 0.2 ms.
import { createSession, generateSessionToken, validateSessionToken } from '../src/lib/server/auth/session';
import { recordUsage } from '../src/lib/server/audit/usage';
import { db } from '../src/lib/server/db';
import { measure, type Result } from './measure';

export function usageBench(): { results: Result[]; notes: string[] } {
	const client = db().$client;
	const events = client.prepare('SELECT count(*) FROM usage_event').pluck().get() as number;
	const users = client.prepare('SELECT id, team_id FROM user WHERE active = 1').all() as {
		id: number;
		team_id: number | null;
	}[];
	const results: Result[] = [
		// The page-view logging every signed-in request does (src/hooks.server.ts → recordUsage).
		measure(
			'usage logging: one page-view event + its rollups (daily, user-day, user-week, user)',
			20_000,
			(i) => {
				const u = users[i % users.length];
				recordUsage({ userId: u.id, teamId: u.team_id, module: 'crm.contacts', action: 'view' });
			},
			200
		)
	];
	// The session look-up every request does, for scale.
	const tokens = users.slice(0, 50).map((u) => {
		const token = generateSessionToken();
		createSession(token, u.id, { ip: '127.0.0.1', userAgent: 'bench' });
		return token;
	});
	results.push(
		measure(
			'session validation (cookie → user, role, team)',
			20_000,
			(i) => void validateSessionToken(tokens[i % tokens.length])
		)
	);
	return { results, notes: [`Demo organisation database with ${events.toLocaleString('en')} usage events.`] };
}
