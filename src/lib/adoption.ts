/**
 * The adoption area's vocabulary, browser-safe: the CRM modules and actions a core action may name,
 * the defaults each built-in role starts with, and the fields data quality may ask for. The figures
 * themselves are computed only by $lib/server/adoption.
 */
import type { BuiltInRole } from './permissions';

/** The CRM modules whose use the adoption pages show (usage module names), with their labels. */
export const CRM_MODULES = {
	'crm.contacts': 'Contacts',
	'crm.companies': 'Companies',
	'crm.deals': 'Deals',
	'crm.activities': 'Activities',
	'crm.cases': 'Cases',
	'crm.campaigns': 'Campaigns',
	'crm.search': 'Search',
	'crm.import': 'Import'
} as const;
export type CrmModule = keyof typeof CRM_MODULES;
export const CRM_MODULE_NAMES = Object.keys(CRM_MODULES) as CrmModule[];

/**
 * A CRM module's bit in `usage_user_day.modules` (its place in CRM_MODULE_NAMES; migration 0016 wrote
 * the same bits); 0 for any other module. The order must never change: append new modules at the end.
 */
export function moduleBit(module: string): number {
	const i = (CRM_MODULE_NAMES as readonly string[]).indexOf(module);
	return i < 0 ? 0 : 1 << i;
}

/** The CRM modules a bit set holds. */
export function modulesOfBits(bits: number): CrmModule[] {
	return CRM_MODULE_NAMES.filter((_, i) => bits & (1 << i));
}

/** The CRM modules where records change (searching changes nothing): their changes are counted per module. */
export const CHANGE_MODULES: readonly CrmModule[] = CRM_MODULE_NAMES.filter((m) => m !== 'crm.search');

/** The per-user rollups' column counting a module's changes: `crm.contacts` → `contacts_changes`. */
export function changesColumn(module: CrmModule): string {
	return `${module.slice('crm.'.length)}_changes`;
}

/** A usage module's name for people: the CRM's, or the area's ("Home", "Rollout · Risks"). */
export function moduleLabel(module: string): string {
	if (module in CRM_MODULES) return CRM_MODULES[module as CrmModule];
	return module
		.split('.')
		.map((part) => part.charAt(0).toUpperCase() + part.slice(1))
		.join(' · ');
}

/** The changes a core action may be: a usage event's action other than a page view. */
export const CORE_ACTION_KINDS = { create: 'creates', update: 'updates', delete: 'deletes' } as const;
export type CoreActionKind = keyof typeof CORE_ACTION_KINDS;

export interface CoreActionDef {
	module: CrmModule;
	action: CoreActionKind;
}

/**
 * What each built-in role is expected to do in the CRM, until the admin says otherwise: a rep logs
 * activities, creates and moves deals, works cases and adds contacts; a manager logs activities and
 * moves the team's deals and cases. The other roles plan, train or read: they have none, and their
 * adoption is measured as activity only.
 */
export const DEFAULT_CORE_ACTIONS: Partial<Record<BuiltInRole, CoreActionDef[]>> = {
	rep: [
		{ module: 'crm.activities', action: 'create' },
		{ module: 'crm.deals', action: 'create' },
		{ module: 'crm.deals', action: 'update' },
		{ module: 'crm.cases', action: 'create' },
		{ module: 'crm.cases', action: 'update' },
		{ module: 'crm.contacts', action: 'create' }
	],
	manager: [
		{ module: 'crm.activities', action: 'create' },
		{ module: 'crm.deals', action: 'update' },
		{ module: 'crm.cases', action: 'update' }
	]
};

/** Describes a core action for people: "creates activities". */
export function describeCoreAction(a: { module: string; action: string }): string {
	const what = CRM_MODULES[a.module as CrmModule] ?? a.module;
	const verb = CORE_ACTION_KINDS[a.action as CoreActionKind] ?? a.action;
	return `${verb} ${what.toLowerCase()}`;
}
