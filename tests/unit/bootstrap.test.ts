import { afterEach, describe, expect, it } from 'vitest';
import { bootstrap, describeBootstrap } from '$lib/server/auth/bootstrap';
import { signIn } from '$lib/server/auth/login';
import { db } from '$lib/server/db';

const count = (table: string) =>
	db().$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

afterEach(() => {
	delete process.env.UPTAKE_ADMIN_EMAIL;
	delete process.env.UPTAKE_ADMIN_PASSWORD;
});

// In order: each step starts from what the one before left in this file's database.
describe('start-up on an empty database (UPTAKE_DEMO=0)', () => {
	it('refuses a weak UPTAKE_ADMIN_PASSWORD and creates nothing', async () => {
		process.env.UPTAKE_ADMIN_EMAIL = 'first@test.example';
		process.env.UPTAKE_ADMIN_PASSWORD = 'password1';
		await expect(bootstrap()).rejects.toThrow(/UPTAKE_ADMIN_PASSWORD is not acceptable/);
		expect(count('user')).toBe(0);
	});

	it('without an admin in the environment, says how to create one', async () => {
		const outcome = await bootstrap();
		expect(outcome.kind).toBe('empty');
		expect(describeBootstrap(outcome)).toMatch(/UPTAKE_ADMIN_EMAIL/);
		expect(count('role')).toBe(7);
	});

	it('creates the administrator named by the environment, who can sign in', async () => {
		process.env.UPTAKE_ADMIN_EMAIL = 'First@Test.example';
		process.env.UPTAKE_ADMIN_PASSWORD = 'a good first password';
		expect(await bootstrap()).toMatchObject({ kind: 'admin', email: 'first@test.example', demo: null });
		const result = await signIn('first@test.example', 'a good first password', {
			ip: '192.0.2.9',
			userAgent: 't'
		});
		expect(result.ok).toBe(true);
		const role = db()
			.$client.prepare(
				"SELECT r.name FROM user u JOIN role r ON r.id = u.role_id WHERE u.email = 'first@test.example'"
			)
			.pluck()
			.get();
		expect(role).toBe('admin');
	});

	it('never touches a database that has users', async () => {
		process.env.UPTAKE_ADMIN_EMAIL = 'second@test.example';
		process.env.UPTAKE_ADMIN_PASSWORD = 'another good password';
		expect(await bootstrap()).toEqual({ kind: 'existing' });
		expect(count('user')).toBe(1);
	});
});
