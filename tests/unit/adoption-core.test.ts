import { describe, expect, it } from 'vitest';
import { recordUsage } from '$lib/server/audit/usage';
import { coreActionsByRole, setCoreActions } from '$lib/server/adoption/core';
import { db } from '$lib/server/db';
import { InvalidInput } from '$lib/server/validation';
import { makeActor, makeTeam, roleId } from './helpers';

const core = (userId: number, day: string) =>
	db()
		.$client.prepare('SELECT core FROM usage_user_day WHERE user_id = ? AND day = ?')
		.pluck()
		.get(userId, day);

describe('core actions', () => {
	it('start with the defaults: a rep logs activities and moves deals; a viewer has none', () => {
		const [rep, viewer] = [roleId('rep'), roleId('viewer')];
		const byRole = coreActionsByRole(db());
		expect(byRole.get(rep)).toEqual(
			expect.arrayContaining([
				{ module: 'crm.activities', action: 'create' },
				{ module: 'crm.deals', action: 'update' }
			])
		);
		expect(byRole.get(viewer)).toBeUndefined();
	});

	it('set by an admin re-measure the role’s past weeks, in one audited change', () => {
		const admin = makeActor('admin');
		const team = makeTeam();
		const viewer = makeActor('viewer', { teamId: team });
		const at = Date.parse('2026-10-07T10:00:00Z');
		recordUsage({ userId: viewer.user.id, teamId: team, module: 'crm.activities', action: 'create', at });
		expect(core(viewer.user.id, '2026-10-07')).toBe(0);

		setCoreActions(admin, roleId('viewer'), ['crm.activities:create']);
		expect(core(viewer.user.id, '2026-10-07')).toBe(1);
		const audit = db()
			.$client.prepare("SELECT summary FROM audit_log WHERE entity = 'core_action' ORDER BY id DESC")
			.pluck()
			.get();
		expect(audit).toBe('Set the core actions of Viewer: creates activities');
		// The same choice again changes nothing and writes nothing.
		expect(setCoreActions(admin, roleId('viewer'), ['crm.activities:create']).changed).toBe(false);
		expect(
			db().$client.prepare("SELECT count(*) FROM audit_log WHERE entity = 'core_action'").pluck().get()
		).toBe(1);
	});

	it('refuse what is not a CRM action, and people who may not change settings', () => {
		const admin = makeActor('admin');
		expect(() => setCoreActions(admin, roleId('rep'), ['crm.search:create', 'rollout:update'])).toThrow(
			InvalidInput
		);
		expect(() => setCoreActions(admin, 999_999, [])).toThrow(InvalidInput);
		expect(() => setCoreActions(makeActor('manager'), roleId('rep'), [])).toThrow();
	});
});
