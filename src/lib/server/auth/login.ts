import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { db, schema } from '../db';
import { decoyHash, verifyPassword } from './password';
import { createSession, generateSessionToken, type Session } from './session';

/** After this many failed sign-ins within the window, per email and per IP, sign-in is refused. */
export const THROTTLE = { maxFailures: 10, windowMinutes: 15 } as const;
const WINDOW_MS = THROTTLE.windowMinutes * 60_000;

export interface Client {
	ip: string;
	userAgent: string;
}

export type SignInResult =
	| { ok: true; token: string; session: Session; userId: number }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterMinutes: number };

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/**
 * When the earliest of the recent failures leaves the window: the time at which fewer than the
 * maximum remain. Null when not throttled.
 */
function unblockedAt(where: ReturnType<typeof and>, now: number): number | null {
	const tenth = db()
		.select({ at: schema.loginAttempt.at })
		.from(schema.loginAttempt)
		.where(
			and(where, eq(schema.loginAttempt.outcome, 'invalid'), gt(schema.loginAttempt.at, now - WINDOW_MS))
		)
		.orderBy(desc(schema.loginAttempt.at))
		.limit(1)
		.offset(THROTTLE.maxFailures - 1)
		.get();
	return tenth ? tenth.at + WINDOW_MS : null;
}

/** Whether sign-in is throttled for this email or address; the throttle lives in the database, so it survives restarts. */
export function throttle(email: string, ip: string, now = Date.now()): { retryAfterMinutes: number } | null {
	const { loginAttempt } = schema;
	// A success for the email clears its count; the address keeps counting (it may be trying many emails).
	const lastSuccess = db()
		.select({ at: sql<number>`max(${loginAttempt.at})` })
		.from(loginAttempt)
		.where(and(eq(loginAttempt.email, email), eq(loginAttempt.outcome, 'success')))
		.get()?.at;
	const byEmail = unblockedAt(and(eq(loginAttempt.email, email), gt(loginAttempt.at, lastSuccess ?? 0)), now);
	const byIp = unblockedAt(and(eq(loginAttempt.ip, ip)), now);
	const until = Math.max(byEmail ?? 0, byIp ?? 0);
	return until > now ? { retryAfterMinutes: Math.max(1, Math.ceil((until - now) / 60_000)) } : null;
}

function logAttempt(
	email: string,
	client: Client,
	outcome: 'success' | 'invalid' | 'throttled',
	userId: number | null,
	at: number
) {
	db()
		.insert(schema.loginAttempt)
		.values({ at, email: email.slice(0, 320), ip: client.ip, outcome, userId })
		.run();
}

/**
 * Checks the throttle and the password, logs the attempt whatever its outcome, and on success
 * opens a new session with a new token. An unknown email and a wrong password are indistinguishable,
 * in the answer and (by hashing a decoy) in time.
 */
export async function signIn(rawEmail: string, password: string, client: Client): Promise<SignInResult> {
	const email = normaliseEmail(rawEmail);
	const started = Date.now();
	const throttled = throttle(email, client.ip, started);
	if (throttled) {
		logAttempt(email, client, 'throttled', null, started);
		return { ok: false, reason: 'throttled', ...throttled };
	}
	const user = db()
		.select({ id: schema.user.id, passwordHash: schema.user.passwordHash, active: schema.user.active })
		.from(schema.user)
		.where(eq(schema.user.email, email))
		.get();
	const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
	const now = Date.now();
	if (!user || !valid || !user.active) {
		logAttempt(email, client, 'invalid', user?.id ?? null, now);
		return { ok: false, reason: 'invalid' };
	}
	const token = generateSessionToken();
	const session = createSession(token, user.id, client, now);
	logAttempt(email, client, 'success', user.id, now);
	return { ok: true, token, session, userId: user.id };
}
