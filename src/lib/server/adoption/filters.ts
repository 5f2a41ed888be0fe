import { asc, eq, min } from 'drizzle-orm';
import { CRM_MODULES, type CrmModule } from '$lib/adoption';
import { isIsoDate } from '$lib/dates';
import { adoptionReach, type Principal } from '../access/policy';
import { schema, type Conn } from '../db';
import { addDays, today } from '../rollout/dates';

/**
 * The adoption pages' filters, all in the URL: `from`, `to` (YYYY-MM-DD), `team`, `role`, `phase`,
 * `module`. Bad input never fails a page: the filter keeps its default and a message says why,
 * beside it.
 */

export const FILTER_NAMES = ['from', 'to', 'team', 'role', 'phase', 'module'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export interface AdoptionFilters {
	from: string;
	to: string;
	teamId?: number;
	roleId?: number;
	phaseId?: number;
	module?: CrmModule;
}

export interface FilterOptions {
	teams: { id: number; name: string }[];
	roles: { id: number; label: string }[];
	phases: {
		id: number;
		name: string;
		startDate: string;
		teamIds: number[];
		modules: string[];
		target: number;
	}[];
	modules: { name: CrmModule; label: string }[];
	/** The first day with usage kept: no range may start before it. */
	keptFrom: string;
}

/** The default range: the 12 weeks (84 days) that end today. */
export const DEFAULT_DAYS = 84;

/** What the filters may choose among, for the viewer (a manager's teams are their own team). */
export function filterOptions(conn: Conn, viewer: Principal, now = Date.now()): FilterOptions {
	const reach = adoptionReach(viewer);
	const teams = conn
		.select({ id: schema.team.id, name: schema.team.name })
		.from(schema.team)
		.where(reach.kind === 'all' ? undefined : eq(schema.team.id, reach.teamId ?? -1))
		.orderBy(asc(schema.team.name))
		.all();
	const roles = conn
		.select({ id: schema.role.id, label: schema.role.label })
		.from(schema.role)
		.orderBy(asc(schema.role.label))
		.all();
	const links = conn.select().from(schema.phaseTeam).all();
	const phases = conn
		.select({
			id: schema.phase.id,
			name: schema.phase.name,
			startDate: schema.phase.startDate,
			modules: schema.phase.modules,
			target: schema.phase.adoptionTarget
		})
		.from(schema.phase)
		.orderBy(asc(schema.phase.position))
		.all()
		.map((p) => ({ ...p, teamIds: links.filter((l) => l.phaseId === p.id).map((l) => l.teamId) }));
	const first = conn
		.select({ day: min(schema.usageUserDay.day) })
		.from(schema.usageUserDay)
		.get()?.day;
	return {
		teams,
		roles,
		phases,
		modules: Object.entries(CRM_MODULES).map(([name, label]) => ({ name: name as CrmModule, label })),
		keptFrom: first ?? today(now)
	};
}

/** Reads the filters from the URL; each bad one keeps its default and gets a message. */
export function readFilters(
	params: URLSearchParams,
	options: FilterOptions,
	now = Date.now()
): { filters: AdoptionFilters; errors: Partial<Record<FilterName, string>> } {
	const errors: Partial<Record<FilterName, string>> = {};
	const day = today(now);
	const filters: AdoptionFilters = { from: addDays(day, -(DEFAULT_DAYS - 1)), to: day };
	const rawTo = params.get('to');
	if (rawTo) {
		if (!isIsoDate(rawTo)) errors.to = 'Enter a date as YYYY-MM-DD.';
		else if (rawTo > day) errors.to = 'The range cannot end in the future.';
		else filters.to = rawTo;
	}
	const rawFrom = params.get('from');
	if (rawFrom) {
		if (!isIsoDate(rawFrom)) errors.from = 'Enter a date as YYYY-MM-DD.';
		else if (rawFrom > day) errors.from = 'The range cannot start in the future.';
		else if (rawFrom > filters.to) errors.from = 'The range must start before it ends.';
		else if (rawFrom < options.keptFrom)
			errors.from = `Usage is kept from ${options.keptFrom}; start on or after that day.`;
		else filters.from = rawFrom;
	} else if (filters.to !== day) filters.from = addDays(filters.to, -(DEFAULT_DAYS - 1));
	if (filters.from < options.keptFrom && !rawFrom)
		filters.from = options.keptFrom > filters.to ? filters.to : options.keptFrom;

	const id = (name: 'team' | 'role' | 'phase', known: { id: number }[], message: string) => {
		const raw = params.get(name);
		if (!raw) return undefined;
		const n = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : NaN;
		if (!known.some((k) => k.id === n)) {
			errors[name] = message;
			return undefined;
		}
		return n;
	};
	filters.teamId = id('team', options.teams, 'Choose one of the listed teams.');
	filters.roleId = id('role', options.roles, 'Choose one of the listed roles.');
	filters.phaseId = id('phase', options.phases, 'Choose one of the listed phases.');
	const rawModule = params.get('module');
	if (rawModule) {
		if (rawModule in CRM_MODULES) filters.module = rawModule as CrmModule;
		else errors.module = 'Choose one of the listed modules.';
	}
	return { filters, errors };
}

/** The filters as URL parameters (for links that keep them), leaving out the defaults. */
export function filterParams(f: AdoptionFilters, now = Date.now()): URLSearchParams {
	const p = new URLSearchParams();
	const day = today(now);
	if (f.to !== day) p.set('to', f.to);
	if (f.from !== addDays(f.to, -(DEFAULT_DAYS - 1))) p.set('from', f.from);
	if (f.teamId) p.set('team', String(f.teamId));
	if (f.roleId) p.set('role', String(f.roleId));
	if (f.phaseId) p.set('phase', String(f.phaseId));
	if (f.module) p.set('module', f.module);
	return p;
}
