import { describe, expect, it } from 'vitest';
import { can, inScope, scopeWhere, type Principal } from '$lib/server/access/policy';
import { BUILT_IN_ROLE_DEFINITIONS, PERMISSION_NAMES, type Permission } from '$lib/permissions';

// What each built-in role may do, written out by hand: the product decision the policy must keep.
// (Not derived from the definitions, so that a change to them shows up here as a failing test.)
const EXPECTED: Record<string, { grants: Permission[]; scope: string; export: boolean }> = {
	admin: { grants: [...PERMISSION_NAMES], scope: 'all', export: true },
	project_manager: {
		grants: [
			'crm.read',
			'crm.write',
			'rollout.read',
			'rollout.contribute',
			'rollout.write',
			'training.read',
			'adoption.read',
			// Project managers run contests and set points (issue 14); admins have every permission.
			'engagement.manage',
			'audit.read'
		],
		scope: 'all',
		export: true
	},
	steering_member: {
		grants: [
			'crm.read',
			'rollout.read',
			'rollout.contribute',
			'rollout.decide',
			'training.read',
			'adoption.read'
		],
		scope: 'all',
		export: true
	},
	trainer: {
		grants: [
			'crm.read',
			'rollout.read',
			'rollout.contribute',
			'training.read',
			'training.manage',
			'adoption.read'
		],
		scope: 'team',
		export: false
	},
	manager: {
		grants: [
			'crm.read',
			'crm.write',
			'crm.delete',
			'rollout.read',
			'rollout.contribute',
			'training.read',
			'adoption.read'
		],
		scope: 'team',
		export: true
	},
	rep: {
		grants: ['crm.read', 'crm.write', 'rollout.read', 'rollout.contribute', 'training.read'],
		scope: 'own',
		export: false
	},
	viewer: { grants: ['crm.read', 'rollout.read', 'training.read'], scope: 'team', export: false }
};

function principal(name: string, overrides: Partial<Principal> = {}): Principal {
	const def = BUILT_IN_ROLE_DEFINITIONS.find((r) => r.name === name)!;
	return {
		id: 10,
		active: true,
		teamId: 1,
		permissions: def.permissions,
		scope: def.scope,
		canExport: def.canExport,
		...overrides
	};
}

describe('built-in roles', () => {
	it('are exactly the seven the product names', () => {
		expect(BUILT_IN_ROLE_DEFINITIONS.map((r) => r.name).sort()).toEqual(Object.keys(EXPECTED).sort());
	});

	for (const [role, expected] of Object.entries(EXPECTED)) {
		for (const permission of PERMISSION_NAMES) {
			const allowed = expected.grants.includes(permission);
			it(`${role} ${allowed ? 'may' : 'may not'} ${permission}`, () => {
				expect(can(principal(role), permission)).toBe(allowed);
			});
		}
		it(`${role} ${expected.export ? 'may' : 'may not'} export, with scope ${expected.scope}`, () => {
			expect(can(principal(role), 'export')).toBe(expected.export);
			expect(principal(role).scope).toBe(expected.scope);
		});
	}
});

describe('record scope', () => {
	const mine = { ownerId: 10, teamId: 1 };
	const teammates = { ownerId: 11, teamId: 1 };
	const otherTeam = { ownerId: 12, teamId: 2 };

	it('own: only records the user owns', () => {
		const rep = principal('rep');
		expect([mine, teammates, otherTeam].map((r) => inScope(rep, r))).toEqual([true, false, false]);
		expect(can(rep, 'crm.write', teammates)).toBe(false);
	});

	it('team: the user’s own and their team’s records', () => {
		const manager = principal('manager');
		expect([mine, teammates, otherTeam].map((r) => inScope(manager, r))).toEqual([true, true, false]);
	});

	it('team without a team: only own records', () => {
		const manager = principal('manager', { teamId: null });
		expect([mine, teammates, { ownerId: 13, teamId: null }].map((r) => inScope(manager, r))).toEqual([
			true,
			false,
			false
		]);
	});

	it('all: every record', () => {
		const pm = principal('project_manager');
		expect([mine, teammates, otherTeam].map((r) => inScope(pm, r))).toEqual([true, true, true]);
		expect(scopeWhere(pm, { ownerId: {} as never, teamId: {} as never })).toBeUndefined();
	});

	it('a permission on a record out of scope is refused even when the permission is held', () => {
		expect(can(principal('manager'), 'crm.delete', otherTeam)).toBe(false);
		expect(can(principal('manager'), 'crm.delete', teammates)).toBe(true);
	});
});

describe('inactive and anonymous users', () => {
	it('may do nothing', () => {
		expect(can(principal('admin', { active: false }), 'admin.users')).toBe(false);
		expect(can(null, 'crm.read')).toBe(false);
		expect(can(undefined, 'export')).toBe(false);
	});
});
