import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { create as createTeam, remove as removeTeam, update as updateTeam } from '$lib/server/admin/teams';
import { update as updateRole } from '$lib/server/admin/roles';
import { list } from '$lib/server/audit/log';
import { rollback } from '$lib/server/audit/rollback';
import {
	create as createContact,
	remove as removeContact,
	update as updateContact
} from '$lib/server/crm/contacts';
import { search } from '$lib/server/crm/search';
import { db, schema } from '$lib/server/db';
import { Refused, StaleRecord } from '$lib/server/validation';
import { makeActor, roleId } from './helpers';

const latestAudit = () => db().select().from(schema.auditLog).orderBy(schema.auditLog.id).all().at(-1)!;

describe('audit log', () => {
	it('records before and after, actor, time, address and request of every change in its transaction', () => {
		const admin = makeActor('admin');
		const team = createTeam(admin, { name: 'Audit A', description: '' });
		updateTeam(admin, team.id, { name: 'Audit B', description: 'renamed' }, team.version);
		const entry = latestAudit();
		expect(entry).toMatchObject({
			action: 'update',
			entity: 'team',
			entityId: String(team.id),
			userId: admin.user.id,
			ip: '192.0.2.1',
			requestId: admin.requestId
		});
		expect(entry.before).toMatchObject({ name: 'Audit A' });
		expect(entry.after).toMatchObject({ name: 'Audit B', description: 'renamed' });
		expect(Math.abs(entry.at - Date.now())).toBeLessThan(5_000);
	});

	it('refuses UPDATE and DELETE of its rows', () => {
		const admin = makeActor('admin');
		createTeam(admin, { name: 'Immutable', description: '' });
		const client = db().$client;
		expect(() => client.prepare('UPDATE audit_log SET summary = ?').run('tampered')).toThrow(/append-only/);
		expect(() => client.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
		expect(() => client.prepare('DELETE FROM usage_event').run()).toThrow(/append-only/);
	});

	it('writes nothing when the change fails', () => {
		const admin = makeActor('admin');
		createTeam(admin, { name: 'Taken', description: '' });
		const count = db().select().from(schema.auditLog).all().length;
		expect(() => createTeam(admin, { name: 'Taken', description: '' })).toThrow();
		expect(db().select().from(schema.auditLog).all().length).toBe(count);
	});

	it('is listed newest first with filters by entity, user and action', () => {
		const admin = makeActor('admin');
		const team = createTeam(admin, { name: 'Listed', description: '' });
		const page = list(admin, {
			page: 1,
			entity: 'team',
			entityId: String(team.id),
			userId: admin.user.id,
			action: 'create'
		});
		expect(page.total).toBe(1);
		expect(page.rows[0]).toMatchObject({ summary: 'Created team Listed', userName: admin.user.name });
		expect(() => list(makeActor('rep'), { page: 1 })).toThrow();
	});
});

describe('rollback', () => {
	it('restores the values before an update as a new, audited change', () => {
		const admin = makeActor('admin');
		const team = createTeam(admin, { name: 'Before', description: 'original' });
		updateTeam(admin, team.id, { name: 'After', description: 'bad edit' }, team.version);
		const bad = latestAudit();
		rollback(admin, bad.id);
		const now = db().select().from(schema.team).where(eq(schema.team.id, team.id)).get()!;
		expect(now).toMatchObject({ name: 'Before', description: 'original', version: 3 });
		expect(latestAudit()).toMatchObject({ action: 'rollback', revertsId: bad.id, entity: 'team' });
	});

	it('refuses, naming the field, when the record changed since', () => {
		const admin = makeActor('admin');
		const team = createTeam(admin, { name: 'One', description: '' });
		const v2 = updateTeam(admin, team.id, { name: 'Two', description: '' }, team.version);
		const entry = latestAudit();
		updateTeam(admin, team.id, { name: 'Three', description: '' }, v2.version);
		const error = (() => {
			try {
				rollback(admin, entry.id);
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(StaleRecord);
		expect((error as StaleRecord).changed).toEqual([{ field: 'name', yours: 'Two', now: 'Three' }]);
		expect(db().select().from(schema.team).where(eq(schema.team.id, team.id)).get()?.name).toBe('Three');
	});

	it('re-creates a deleted record, once', () => {
		const admin = makeActor('admin');
		const team = createTeam(admin, { name: 'Deleted', description: 'was here' });
		removeTeam(admin, team.id);
		const deletion = latestAudit();
		rollback(admin, deletion.id);
		expect(db().select().from(schema.team).where(eq(schema.team.id, team.id)).get()).toMatchObject({
			name: 'Deleted',
			description: 'was here'
		});
		expect(() => rollback(admin, deletion.id)).toThrow(Refused);
	});

	it('restores a role’s permissions', () => {
		const admin = makeActor('admin');
		const viewer = db()
			.select()
			.from(schema.role)
			.where(eq(schema.role.id, roleId('viewer')))
			.get()!;
		updateRole(
			admin,
			viewer.id,
			{ label: viewer.label, description: '', permissions: ['crm.read'], scope: 'own' },
			viewer.version
		);
		rollback(admin, latestAudit().id);
		expect(db().select().from(schema.role).where(eq(schema.role.id, viewer.id)).get()).toMatchObject({
			permissions: viewer.permissions,
			scope: viewer.scope
		});
	});

	it('needs audit.rollback, and refuses what it cannot undo', () => {
		const admin = makeActor('admin');
		const team = createTeam(admin, { name: 'Perm', description: '' });
		const creation = latestAudit();
		expect(() => rollback(makeActor('project_manager'), creation.id)).toThrow(
			expect.objectContaining({ status: 403 })
		);
		expect(() => rollback(admin, creation.id)).toThrow(Refused);
		expect(() => rollback(admin, 99_999_999)).toThrow(expect.objectContaining({ status: 404 }));
		expect(team.id).toBeGreaterThan(0);
	});

	it('restores a CRM record’s edit and re-creates a deleted one, search index included', () => {
		const admin = makeActor('admin');
		const c = createContact(admin, { firstName: 'Ngọc Lan', lastName: 'Phạm', email: 'lan@example.vn' });
		updateContact(admin, c.id, { firstName: 'Wrong', lastName: 'Name', email: 'lan@example.vn' }, c.version);
		rollback(admin, latestAudit().id);
		expect(db().select().from(schema.contact).where(eq(schema.contact.id, c.id)).get()).toMatchObject({
			firstName: 'Ngọc Lan',
			lastName: 'Phạm',
			nameKey: 'pham ngoc lan'
		});
		removeContact(admin, c.id);
		rollback(admin, latestAudit().id);
		expect(search(admin, 'pham ngoc').map((h) => h.id)).toContain(c.id);
	});
});
