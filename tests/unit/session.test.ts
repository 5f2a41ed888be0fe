import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	sessionIdOf,
	validateSessionToken
} from '$lib/server/auth/session';
import { db, schema } from '$lib/server/db';
import { makeActor, roleId } from './helpers';

const client = { ip: '192.0.2.1', userAgent: 'vitest' };
const MINUTE = 60_000;

describe('session tokens', () => {
	it('carry at least 20 random bytes and differ every time', () => {
		const tokens = new Set(Array.from({ length: 100 }, generateSessionToken));
		expect(tokens.size).toBe(100);
		for (const t of tokens) expect(t.length * 5).toBeGreaterThanOrEqual(160); // base32: 5 bits a character
	});

	it('are stored only as their SHA-256', () => {
		const { user } = makeActor('rep');
		const token = generateSessionToken();
		createSession(token, user.id, client);
		const rows = db().select().from(schema.session).where(eq(schema.session.userId, user.id)).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(sessionIdOf(token));
		expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(rows)).not.toContain(token);
	});
});

describe('validateSessionToken', () => {
	it('returns the user with role and permissions', () => {
		const { user } = makeActor('manager');
		const token = generateSessionToken();
		createSession(token, user.id, client);
		const result = validateSessionToken(token);
		expect(result.user?.id).toBe(user.id);
		expect(result.user?.roleName).toBe('manager');
		expect(result.user?.permissions).toContain('crm.delete');
		expect(result.user).not.toHaveProperty('passwordHash');
	});

	it('refuses an unknown token', () => {
		expect(validateSessionToken(generateSessionToken()).session).toBeNull();
	});

	it('ends a session idle for longer than the idle timeout (2 hours by default)', () => {
		const { user } = makeActor('rep');
		const token = generateSessionToken();
		const start = Date.now();
		createSession(token, user.id, client, start);
		expect(validateSessionToken(token, start + 119 * MINUTE).session).not.toBeNull();
		// That request slid the window: 119 minutes later the session is still alive.
		expect(validateSessionToken(token, start + 238 * MINUTE).session).not.toBeNull();
		// But not after more than two idle hours.
		expect(validateSessionToken(token, start + 359 * MINUTE).session).toBeNull();
		expect(
			db()
				.select()
				.from(schema.session)
				.where(eq(schema.session.id, sessionIdOf(token)))
				.get()
		).toBeUndefined();
	});

	it('ends any session at its absolute lifetime (12 hours by default), however active', () => {
		const { user } = makeActor('rep');
		const token = generateSessionToken();
		const start = Date.now();
		createSession(token, user.id, client, start);
		for (let m = 60; m < 12 * 60; m += 60)
			expect(validateSessionToken(token, start + m * MINUTE).session).not.toBeNull();
		expect(validateSessionToken(token, start + 12 * 60 * MINUTE).session).toBeNull();
	});

	it('ends the session of a deactivated user at their next request', () => {
		const { user } = makeActor('rep');
		const token = generateSessionToken();
		createSession(token, user.id, client);
		db().update(schema.user).set({ active: false }).where(eq(schema.user.id, user.id)).run();
		expect(validateSessionToken(token).user).toBeNull();
	});

	it('applies a role change at the next request', () => {
		const { user } = makeActor('rep');
		const token = generateSessionToken();
		createSession(token, user.id, client);
		expect(validateSessionToken(token).user?.permissions).not.toContain('admin.users');
		db()
			.update(schema.user)
			.set({ roleId: roleId('admin') })
			.where(eq(schema.user.id, user.id))
			.run();
		expect(validateSessionToken(token).user?.permissions).toContain('admin.users');
	});

	it('is gone after sign-out', () => {
		const { user } = makeActor('rep');
		const token = generateSessionToken();
		const session = createSession(token, user.id, client);
		invalidateSession(session.id);
		expect(validateSessionToken(token).session).toBeNull();
	});
});
