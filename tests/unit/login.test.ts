import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signIn, throttle, THROTTLE } from '$lib/server/auth/login';
import { hashPassword } from '$lib/server/auth/password';
import { closeDatabase, db, schema } from '$lib/server/db';
import { makeActor } from './helpers';

async function userWithPassword(password: string, options: { active?: boolean } = {}) {
	const { user } = makeActor('rep', options);
	db()
		.update(schema.user)
		.set({ passwordHash: await hashPassword(password) })
		.where(eq(schema.user.id, user.id))
		.run();
	return user;
}

const PASSWORD = 'correct horse battery';

describe('signIn', () => {
	it('opens a session for the right password, with any capitalisation or spacing of the email', async () => {
		const user = await userWithPassword(PASSWORD);
		const result = await signIn(`  ${user.email.toUpperCase()} `, PASSWORD, {
			ip: '203.0.113.1',
			userAgent: 't'
		});
		expect(result.ok).toBe(true);
	});

	it('answers a wrong password and an unknown email alike', async () => {
		const user = await userWithPassword(PASSWORD);
		const wrong = await signIn(user.email, 'wrong password!', { ip: '203.0.113.2', userAgent: 't' });
		const unknown = await signIn('nobody@test.example', PASSWORD, { ip: '203.0.113.2', userAgent: 't' });
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual(wrong);
	});

	it('refuses a deactivated user with the same answer', async () => {
		const user = await userWithPassword(PASSWORD, { active: false });
		expect(await signIn(user.email, PASSWORD, { ip: '203.0.113.3', userAgent: 't' })).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});

	it('logs every attempt, success or failure', async () => {
		const user = await userWithPassword(PASSWORD);
		await signIn(user.email, 'nope nope nope', { ip: '203.0.113.4', userAgent: 't' });
		await signIn(user.email, PASSWORD, { ip: '203.0.113.4', userAgent: 't' });
		const outcomes = db()
			.select({ outcome: schema.loginAttempt.outcome })
			.from(schema.loginAttempt)
			.where(eq(schema.loginAttempt.email, user.email))
			.all()
			.map((r) => r.outcome);
		expect(outcomes).toEqual(['invalid', 'success']);
	});
});

describe('throttle', () => {
	it(`locks an email after ${THROTTLE.maxFailures} failures in ${THROTTLE.windowMinutes} minutes, even with the right password`, async () => {
		const user = await userWithPassword(PASSWORD);
		for (let i = 0; i < THROTTLE.maxFailures; i++) {
			// A different address each time: the per-email count must catch it.
			expect(
				(await signIn(user.email, 'wrong password!', { ip: `198.51.100.${i}`, userAgent: 't' })).ok
			).toBe(false);
		}
		const result = await signIn(user.email, PASSWORD, { ip: '198.51.100.200', userAgent: 't' });
		expect(result).toMatchObject({ ok: false, reason: 'throttled' });
		if (!result.ok && result.reason === 'throttled') {
			expect(result.retryAfterMinutes).toBeGreaterThanOrEqual(1);
			expect(result.retryAfterMinutes).toBeLessThanOrEqual(THROTTLE.windowMinutes);
		}
	});

	it('locks an address trying many emails', async () => {
		for (let i = 0; i < THROTTLE.maxFailures; i++)
			await signIn(`guess${i}@test.example`, 'wrong password!', { ip: '198.51.100.250', userAgent: 't' });
		const user = await userWithPassword(PASSWORD);
		expect(await signIn(user.email, PASSWORD, { ip: '198.51.100.250', userAgent: 't' })).toMatchObject({
			reason: 'throttled'
		});
		expect((await signIn(user.email, PASSWORD, { ip: '198.51.100.251', userAgent: 't' })).ok).toBe(true);
	});

	it('lifts once the failures leave the window', () => {
		const now = Date.now();
		const email = 'window@test.example';
		for (let i = 0; i < THROTTLE.maxFailures; i++)
			db()
				.insert(schema.loginAttempt)
				.values({ at: now - 16 * 60_000 + i, email, ip: '192.0.2.77', outcome: 'invalid' })
				.run();
		expect(throttle(email, '192.0.2.78', now)).toBeNull();
		expect(throttle(email, '192.0.2.78', now - 2 * 60_000)).not.toBeNull();
	});

	it('survives a restart (it lives in the database)', async () => {
		const email = 'restart@test.example';
		for (let i = 0; i < THROTTLE.maxFailures; i++)
			await signIn(email, 'wrong password!', { ip: `192.0.2.${100 + i}`, userAgent: 't' });
		closeDatabase();
		expect(throttle(email, '192.0.2.99')).not.toBeNull();
		const logged = db()
			.select()
			.from(schema.loginAttempt)
			.where(and(eq(schema.loginAttempt.email, email), eq(schema.loginAttempt.outcome, 'invalid')))
			.all();
		expect(logged).toHaveLength(THROTTLE.maxFailures);
	});
});
