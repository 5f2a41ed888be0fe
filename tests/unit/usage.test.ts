import { describe, expect, it } from 'vitest';
import { create as createTeam } from '$lib/server/admin/teams';
import { db, schema } from '$lib/server/db';
import { moduleOfRoute, recordUsage, utcDay } from '$lib/server/audit/usage';
import { makeActor } from './helpers';

const daily = () => db().select().from(schema.usageDaily).all();

describe('usage events', () => {
	it('are appended with the user’s team and keep the daily rollup current', () => {
		const at = Date.UTC(2026, 10, 20, 9, 30);
		recordUsage({ userId: 501, teamId: 7, module: 'crm.contacts', action: 'view', at });
		recordUsage({ userId: 501, teamId: 7, module: 'crm.contacts', action: 'view', at: at + 60_000 });
		recordUsage({ userId: 501, teamId: 7, module: 'crm.deals', action: 'view', at });
		recordUsage({ userId: 502, teamId: null, module: 'crm.contacts', action: 'view', at: at + 86_400_000 });
		const events = db()
			.select()
			.from(schema.usageEvent)
			.all()
			.filter((e) => e.userId >= 501);
		expect(events).toHaveLength(4);
		const rows = daily().filter((r) => r.userId >= 501);
		expect(rows).toEqual(
			expect.arrayContaining([
				{ day: '2026-11-20', userId: 501, teamId: 7, module: 'crm.contacts', action: 'view', count: 2 },
				{ day: '2026-11-20', userId: 501, teamId: 7, module: 'crm.deals', action: 'view', count: 1 },
				{ day: '2026-11-21', userId: 502, teamId: 0, module: 'crm.contacts', action: 'view', count: 1 }
			])
		);
		expect(rows).toHaveLength(3);
	});

	it('of a domain change commit with it, and vanish with it when it fails', () => {
		const admin = makeActor('admin', { teamId: null });
		createTeam(admin, { name: 'Usage team', description: '' });
		expect(
			daily().find((r) => r.userId === admin.user.id && r.module === 'admin.teams' && r.action === 'create')
				?.count
		).toBe(1);
		const before = db().select().from(schema.usageEvent).all().length;
		expect(() => createTeam(admin, { name: 'Usage team', description: '' })).toThrow();
		expect(db().select().from(schema.usageEvent).all().length).toBe(before);
	});

	it('name the module from the route', () => {
		expect(moduleOfRoute('/(app)')).toBe('home');
		expect(moduleOfRoute('/(app)/admin/users/[id]')).toBe('admin.users');
		expect(moduleOfRoute('/(app)/crm/contacts/[id]/edit')).toBe('crm.contacts');
		expect(moduleOfRoute('/(app)/adoption')).toBe('adoption');
	});

	it('are bucketed by UTC day', () => {
		expect(utcDay(Date.UTC(2026, 0, 1, 23, 59, 59))).toBe('2026-01-01');
		expect(utcDay(Date.UTC(2026, 0, 2, 0, 0, 0))).toBe('2026-01-02');
	});
});
