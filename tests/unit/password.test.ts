import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '$lib/server/auth/password';

describe('passwords', () => {
	it('are hashed with argon2id at OWASP parameters or stronger, and verify', async () => {
		const hash = await hashPassword('a long enough passphrase');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'a long enough passphrase')).toBe(true);
		expect(await verifyPassword(hash, 'a long enough passphrasE')).toBe(false);
	});

	it('salt every hash', async () => {
		expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
	});

	it('treat a malformed stored hash as a failed check, not a crash', async () => {
		expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
	});

	it('must have 10 to 256 characters, counted as characters not bytes', () => {
		expect(passwordProblem('short')).toMatch(/at least 10/);
		expect(passwordProblem('Ngữ-Văn-Đẹp')).toBeNull(); // 11 characters, more bytes
		expect(passwordProblem('x'.repeat(128) + 'Y7!')).toBeNull();
		expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
	});

	it('refuse the most common passwords, whatever their case', () => {
		expect(passwordProblem('qwertyuiop')).toMatch(/most common/);
		expect(passwordProblem('Password123')).toMatch(/most common/);
		expect(passwordProblem('1234567890')).toMatch(/most common/);
	});

	it('refuse the user’s own email', () => {
		expect(passwordProblem('Ann@Example.com', { email: 'ann@example.com' })).toMatch(/email/);
	});
});
