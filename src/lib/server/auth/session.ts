import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { db, schema, type Conn, type Db } from '../db';
import type { AuthUser } from './actor';
import { sessionPolicy } from './settings';

/**
 * Sessions after the Lucia guide: the cookie holds a random token, the table only its SHA-256.
 * Expiry slides with activity (idle timeout) but never past the absolute lifetime.
 */

export interface Session {
	id: string;
	userId: number;
	createdAt: number;
	expiresAt: number;
}

const MINUTE = 60_000;
// The idle window is extended at most once a minute, so that reading pages does not write every time.
const TOUCH_EVERY = MINUTE;

export function generateSessionToken(): string {
	const bytes = new Uint8Array(25);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdOf(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

function expiryFrom(now: number, createdAt: number): number {
	const policy = sessionPolicy();
	return Math.min(now + policy.idleMinutes * MINUTE, createdAt + policy.absoluteHours * 60 * MINUTE);
}

export function createSession(
	token: string,
	userId: number,
	client: { ip: string; userAgent: string },
	now = Date.now()
): Session {
	const session: Session = {
		id: sessionIdOf(token),
		userId,
		createdAt: now,
		expiresAt: expiryFrom(now, now)
	};
	db()
		.insert(schema.session)
		.values({ ...session, lastSeenAt: now, ip: client.ip, userAgent: client.userAgent.slice(0, 300) })
		.run();
	return session;
}

function prepareLookup(conn: Db) {
	const { session, user, role, team } = schema;
	return conn
		.select({
			session,
			user: {
				id: user.id,
				email: user.email,
				name: user.name,
				active: user.active,
				teamId: user.teamId,
				locale: user.locale,
				roleId: user.roleId
			},
			role: {
				name: role.name,
				label: role.label,
				permissions: role.permissions,
				scope: role.scope,
				canExport: role.canExport
			},
			teamName: team.name
		})
		.from(session)
		.innerJoin(user, eq(session.userId, user.id))
		.innerJoin(role, eq(user.roleId, role.id))
		.leftJoin(team, eq(user.teamId, team.id))
		.where(eq(session.id, sql.placeholder('id')))
		.prepare();
}

// Every request runs this query: it is prepared once per connection.
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();
function sessionLookup(conn: Db) {
	let lookup = lookups.get(conn);
	if (!lookup) lookups.set(conn, (lookup = prepareLookup(conn)));
	return lookup;
}

export type SessionValidation = { session: Session; user: AuthUser } | { session: null; user: null };

/**
 * Looks the token up and returns the session with its user, resolved fresh on every request so that
 * a role change applies at once; ends the session when it has expired or the user is deactivated.
 */
export function validateSessionToken(token: string, now = Date.now()): SessionValidation {
	const id = sessionIdOf(token);
	const row = sessionLookup(db()).get({ id });
	if (!row) return { session: null, user: null };

	const limit = Math.min(
		row.session.expiresAt,
		row.session.createdAt + sessionPolicy().absoluteHours * 60 * MINUTE
	);
	if (now >= limit || !row.user.active) {
		invalidateSession(id);
		return { session: null, user: null };
	}

	let expiresAt = limit;
	if (now - row.session.lastSeenAt >= TOUCH_EVERY) {
		expiresAt = expiryFrom(now, row.session.createdAt);
		db().update(schema.session).set({ lastSeenAt: now, expiresAt }).where(eq(schema.session.id, id)).run();
	}

	return {
		session: { id, userId: row.session.userId, createdAt: row.session.createdAt, expiresAt },
		user: {
			...row.user,
			roleName: row.role.name,
			roleLabel: row.role.label,
			permissions: row.role.permissions,
			scope: row.role.scope,
			canExport: row.role.canExport,
			teamName: row.teamName
		}
	};
}

export function invalidateSession(sessionId: string): void {
	db().delete(schema.session).where(eq(schema.session.id, sessionId)).run();
}

/** Ends every session of a user (deactivation, password reset). */
export function invalidateUserSessions(conn: Conn, userId: number): void {
	conn.delete(schema.session).where(eq(schema.session.userId, userId)).run();
}

/** `__Host-` prefixed under https, as the prefix requires Secure, path `/` and no domain. */
export function sessionCookieName(secure: boolean): string {
	return secure ? '__Host-uptake-session' : 'uptake-session';
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, session: Session): void {
	const secure = url.protocol === 'https:';
	const absolute = session.createdAt + sessionPolicy().absoluteHours * 60 * MINUTE;
	cookies.set(sessionCookieName(secure), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: new Date(absolute)
	});
}

export function readSessionCookie(cookies: Cookies, url: URL): string | undefined {
	return cookies.get(sessionCookieName(url.protocol === 'https:'));
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	const secure = url.protocol === 'https:';
	cookies.delete(sessionCookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'lax' });
}
