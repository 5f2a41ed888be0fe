/**
 * The permission catalogue: what a role may be granted. Browser-safe (the role editor shows it);
 * the decisions themselves are made only by $lib/server/access/policy.ts.
 */
export const PERMISSIONS = {
	'crm.read': 'See CRM records in the role’s scope',
	'crm.write': 'Create and edit CRM records in the role’s scope',
	'crm.delete': 'Delete CRM records in the role’s scope',
	'crm.import': 'Import legacy data from CSV and Excel, and undo imports',
	'rollout.read': 'See the rollout plan, risks, goals and decisions',
	'rollout.contribute': 'Report pain points, submit and vote on change requests',
	'rollout.write': 'Plan the rollout: goals, phases, process maps, risks',
	'rollout.decide': 'Decide change requests and override phase gates (steering committee)',
	'training.read': 'See courses and one’s own training',
	'training.manage': 'Build courses, schedule sessions, record attendance',
	'adoption.read': 'Read adoption dashboards',
	'engagement.manage': 'Set points, run contests and badges',
	'admin.users': 'Manage users and reset passwords',
	'admin.teams': 'Manage teams',
	'admin.roles': 'Manage roles and their permissions',
	'admin.settings': 'Change system settings',
	'audit.read': 'Read the audit log',
	'audit.rollback': 'Roll back changes from the audit log'
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export const SCOPES = {
	own: 'Own records',
	team: 'Own team’s records',
	all: 'All records'
} as const;
export type Scope = keyof typeof SCOPES;

export const BUILT_IN_ROLES = [
	'admin',
	'project_manager',
	'steering_member',
	'trainer',
	'manager',
	'rep',
	'viewer'
] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export interface RoleDefinition {
	name: BuiltInRole;
	label: string;
	description: string;
	permissions: Permission[];
	scope: Scope;
	canExport: boolean;
}

const readAll: Permission[] = ['crm.read', 'rollout.read', 'training.read'];

/** What a fresh database starts with; the admin may change all of it but the names. */
export const BUILT_IN_ROLE_DEFINITIONS: RoleDefinition[] = [
	{
		name: 'admin',
		label: 'Administrator',
		description: 'Runs the CRM: users, roles, settings, audit and rollback.',
		permissions: [...PERMISSION_NAMES],
		scope: 'all',
		canExport: true
	},
	{
		name: 'project_manager',
		label: 'Project manager',
		description: 'Plans the rollout: goals, phases, process maps, risks, readiness.',
		permissions: [
			...readAll,
			'crm.write',
			'rollout.contribute',
			'rollout.write',
			'adoption.read',
			'engagement.manage',
			'audit.read'
		],
		scope: 'all',
		canExport: true
	},
	{
		name: 'steering_member',
		label: 'Steering committee member',
		description: 'Reviews risks and adoption, decides change requests.',
		permissions: [...readAll, 'rollout.contribute', 'rollout.decide', 'adoption.read'],
		scope: 'all',
		canExport: true
	},
	{
		name: 'trainer',
		label: 'Trainer',
		description: 'Builds role-based courses, schedules sessions, tracks completion.',
		permissions: [...readAll, 'rollout.contribute', 'training.manage', 'adoption.read'],
		scope: 'team',
		canExport: false
	},
	{
		name: 'manager',
		label: 'Sales / service manager',
		description: 'Leads a team: works and reviews the team’s records.',
		permissions: [...readAll, 'crm.write', 'crm.delete', 'rollout.contribute', 'adoption.read'],
		scope: 'team',
		canExport: true
	},
	{
		name: 'rep',
		label: 'Sales / service rep',
		description: 'Works own contacts, deals, activities and cases every day.',
		permissions: [...readAll, 'crm.write', 'rollout.contribute'],
		scope: 'own',
		canExport: false
	},
	{
		name: 'viewer',
		label: 'Viewer',
		description: 'Reads the team’s records; changes nothing.',
		permissions: [...readAll],
		scope: 'team',
		canExport: false
	}
];
