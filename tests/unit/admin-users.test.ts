import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { create, list, resetPassword, setActive, update } from '$lib/server/admin/users';
import { createSession, generateSessionToken, validateSessionToken } from '$lib/server/auth/session';
import { db, schema } from '$lib/server/db';
import { InvalidInput, Refused, StaleRecord } from '$lib/server/validation';
import { makeActor, makeTeam, roleId } from './helpers';

const input = (overrides: Record<string, unknown> = {}) => ({
	name: 'Nguyễn Văn Anh',
	email: `anh.${Math.random().toString(36).slice(2)}@test.example`,
	title: 'Account executive',
	roleId: String(roleId('rep')),
	teamId: '',
	locale: 'vi',
	...overrides
});

describe('admin users', () => {
	it('creates a user with an audit row that holds no password hash', async () => {
		const admin = makeActor('admin');
		const user = await create(admin, input(), 'a decent passphrase');
		const audit = db()
			.select()
			.from(schema.auditLog)
			.where(eq(schema.auditLog.entityId, String(user.id)))
			.all();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({
			action: 'create',
			entity: 'user',
			userId: admin.user.id,
			ip: '192.0.2.1'
		});
		expect(JSON.stringify(audit[0])).not.toMatch(/argon2|passwordHash|password_hash/);
	});

	it('refuses bad input field by field and writes nothing', async () => {
		const admin = makeActor('admin');
		const before = db().select().from(schema.user).all().length;
		const error = await create(
			admin,
			input({ email: 'not-an-email', name: '  ', roleId: '999999' }),
			'short'
		).catch((e) => e);
		expect(error).toBeInstanceOf(InvalidInput);
		expect(Object.keys(error.fieldErrors).sort()).toEqual(['email', 'name', 'password']);
		expect(db().select().from(schema.user).all().length).toBe(before);
		await expect(create(admin, input(), 'short')).rejects.toMatchObject({
			fieldErrors: { password: expect.stringMatching(/10/) }
		});
		await expect(create(admin, input({ roleId: '999999' }), 'a decent passphrase')).rejects.toMatchObject({
			fieldErrors: { roleId: expect.any(String) }
		});
	});

	it('refuses a second user with the same email, in any case', async () => {
		const admin = makeActor('admin');
		await create(admin, input({ email: 'same@test.example' }), 'a decent passphrase');
		await expect(
			create(admin, input({ email: 'SAME@test.example' }), 'a decent passphrase')
		).rejects.toMatchObject({
			fieldErrors: { email: expect.stringMatching(/already/) }
		});
	});

	it('is forbidden to anyone without admin.users', async () => {
		for (const role of ['project_manager', 'manager', 'rep', 'viewer']) {
			await expect(create(makeActor(role), input(), 'a decent passphrase')).rejects.toMatchObject({
				status: 403
			});
		}
	});

	it('refuses a stale save and names what changed', async () => {
		const admin = makeActor('admin');
		const user = await create(admin, input(), 'a decent passphrase');
		update(admin, user.id, input({ email: user.email, title: 'Team lead' }), user.version);
		const error = (() => {
			try {
				update(admin, user.id, input({ email: user.email, title: 'Something else' }), user.version);
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(StaleRecord);
		expect((error as StaleRecord).changed.map((c) => c.field)).toContain('title');
		expect(db().select().from(schema.user).where(eq(schema.user.id, user.id)).get()?.title).toBe('Team lead');
	});

	it('finds users by name without diacritics, and by email', async () => {
		const admin = makeActor('admin');
		const team = makeTeam();
		await create(admin, input({ name: 'Đặng Thu Trang', teamId: String(team) }), 'a decent passphrase');
		await create(
			admin,
			input({ name: 'Сергей Иванов', teamId: String(team), email: 'sergey.ivanov@test.example' }),
			'a decent passphrase'
		);
		const q = (text: string) =>
			list(admin, { q: text, sort: 'name', dir: 'asc', page: 1 }, { teamId: team }).rows.map((r) => r.name);
		expect(q('dang thu')).toEqual(['Đặng Thu Trang']);
		expect(q('Серг')).toEqual(['Сергей Иванов']);
		expect(q('sergey.iv')).toEqual(['Сергей Иванов']);
		expect(q('100%_')).toEqual([]);
	});

	it('deactivation ends the user’s sessions at once; nobody deactivates themselves', async () => {
		const admin = makeActor('admin');
		const user = await create(admin, input(), 'a decent passphrase');
		const token = generateSessionToken();
		createSession(token, user.id, { ip: '', userAgent: '' });
		setActive(admin, user.id, false);
		expect(db().select().from(schema.session).where(eq(schema.session.userId, user.id)).all()).toHaveLength(
			0
		);
		expect(validateSessionToken(token).session).toBeNull();
		expect(() => setActive(admin, admin.user.id, false)).toThrow(Refused);
	});

	it('a password reset ends the user’s sessions and keeps the hash out of the log', async () => {
		const admin = makeActor('admin');
		const user = await create(admin, input(), 'a decent passphrase');
		const token = generateSessionToken();
		createSession(token, user.id, { ip: '', userAgent: '' });
		await resetPassword(admin, user.id, 'another decent one');
		expect(validateSessionToken(token).session).toBeNull();
		const log = db()
			.select()
			.from(schema.auditLog)
			.where(eq(schema.auditLog.entityId, String(user.id)))
			.all();
		expect(JSON.stringify(log)).not.toMatch(/argon2/);
	});

	it('never leaves Uptake without an active admin', async () => {
		const first = makeActor('admin');
		// Every other admin is deactivated so that `first` is the last.
		for (const u of db()
			.select()
			.from(schema.user)
			.where(eq(schema.user.roleId, roleId('admin')))
			.all())
			if (u.id !== first.user.id)
				db().update(schema.user).set({ active: false }).where(eq(schema.user.id, u.id)).run();
		const other = makeActor('admin', { active: false });
		const me = first.user;
		const self = db().select().from(schema.user).where(eq(schema.user.id, me.id)).get()!;
		expect(() =>
			update(
				first,
				me.id,
				input({ email: self.email, name: self.name, roleId: String(roleId('rep')) }),
				self.version
			)
		).toThrow(/last active administrator/);
		setActive(first, other.user.id, true);
		expect(() =>
			update(
				first,
				me.id,
				input({ email: self.email, name: self.name, roleId: String(roleId('rep')) }),
				self.version
			)
		).not.toThrow();
	});
});
