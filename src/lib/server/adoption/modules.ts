import { CHANGE_MODULES, CRM_MODULES, CRM_MODULE_NAMES, moduleBit, type CrmModule } from '$lib/adoption';
import { mayNamePeople } from '../access/policy';
import { addDays, today } from '../rollout/dates';
import { moduleWork, type Person } from './metrics';
import { teamPhases, type AdoptionContext } from './overview';

/**
 * Which CRM modules each team uses: per team × module, the share of the team's licensed people who
 * used the module (opened or changed anything in it) in the window, whether the module is in scope
 * of the team's current phase (an in-scope module nobody uses is the signal), and the changes
 * (create, update, delete) per person who used it, so that "opens but never edits" shows.
 * The window is the range's last 7 days or the whole range (`?window=week|range`).
 */

export const MODULE_WINDOWS = ['week', 'range'] as const;
export type ModuleWindow = (typeof MODULE_WINDOWS)[number];
export const MODULE_WINDOW_LABELS: Record<ModuleWindow, string> = {
	week: 'Last 7 days of the range',
	range: 'The whole range'
};

/** The `window` parameter; anything else keeps the default (the last 7 days) and says why. */
export function readWindow(params: URLSearchParams): { window: ModuleWindow; error?: string } {
	const raw = params.get('window');
	if (raw === null || raw === '') return { window: 'week' };
	const known = MODULE_WINDOWS.find((w) => w === raw);
	return known
		? { window: known }
		: { window: 'week', error: 'Choose the last 7 days or the whole range; showing the last 7 days.' };
}

export interface WindowDays {
	kind: ModuleWindow;
	from: string;
	to: string;
	/** As a sentence reads it: "in the last 7 days", "in the 7 days to 2026-11-30", "from … to …". */
	text: string;
}

/** The days a window covers within the filters' range (a range shorter than a week is the range). */
export function windowDays(
	range: { from: string; to: string },
	kind: ModuleWindow,
	now = Date.now()
): WindowDays {
	const weekStart = addDays(range.to, -6);
	if (kind === 'week' && weekStart >= range.from)
		return {
			kind,
			from: weekStart,
			to: range.to,
			text: range.to === today(now) ? 'in the last 7 days' : `in the 7 days to ${range.to}`
		};
	return { kind, from: range.from, to: range.to, text: `from ${range.from} to ${range.to}` };
}

export interface ModuleCell {
	module: CrmModule;
	/** People of the team who used the module in the window. */
	users: number;
	/** users ÷ the team's licensed people (null: nobody licensed). */
	share: number | null;
	/** The module is in scope of the team's current phase. */
	inScope: boolean;
	changes: number;
	/** Changes per person who used the module (null: nobody used it). */
	changesPerUser: number | null;
}

export interface ModuleTeamRow {
	teamId: number | null;
	label: string;
	licensed: number;
	/** People who used any CRM module in the window. */
	active: number;
	/** The team's current phase; `live`: it has gone live by the range's last day. */
	phase: { id: number; name: string; startDate: string; live: boolean } | null;
	/** One cell per CRM module, in CRM_MODULE_NAMES order. */
	cells: ModuleCell[];
	/** Whether the viewer may open the team's people. */
	named: boolean;
}

export interface ModuleUse {
	window: WindowDays;
	modules: { name: CrmModule; label: string }[];
	/** The modules of the changes table: those where records change. */
	changeModules: { name: CrmModule; label: string }[];
	teams: ModuleTeamRow[];
	/** The lowest share among in-scope cells of live phases (the most people first on a tie). */
	weakest: { team: string; module: string; share: number; phase: string } | null;
	/** In-scope cells of live phases nobody used. */
	unusedInScope: number;
	/** Cells whose people used the module without a single change, the most people first (Search aside). */
	viewsOnly: { team: string; module: string; users: number }[];
	/** Somebody used a CRM module in the window. */
	anyUse: boolean;
}

/** The modules × teams figures of the people in the context, for a window of its range. */
export function moduleUse(ctx: AdoptionContext, kind: ModuleWindow, now = Date.now()): ModuleUse {
	const { conn, options, filters, people } = ctx;
	const window = windowDays(filters, kind, now);
	const ids = people.map((p) => p.id);
	const work = moduleWork(conn, window.from, window.to, ids);
	const phaseOfTeam = teamPhases(options, filters.to);
	const teamName = new Map(options.teams.map((t) => [t.id, t.name]));

	const byTeam = new Map<number | null, Person[]>();
	for (const p of people) {
		const members = byTeam.get(p.teamId);
		if (members) members.push(p);
		else byTeam.set(p.teamId, [p]);
	}

	const teams: ModuleTeamRow[] = [];
	for (const [teamId, members] of byTeam) {
		const phase = teamId === null ? undefined : phaseOfTeam.get(teamId);
		const scope = new Set(phase?.modules ?? []);
		const cells = CRM_MODULE_NAMES.map((module): ModuleCell => {
			const bit = moduleBit(module);
			const changed = CHANGE_MODULES.indexOf(module);
			let users = 0,
				n = 0;
			for (const p of members) {
				const w = work.get(p.id);
				if (!w) continue;
				if (w.modules & bit) users++;
				if (changed >= 0) n += w.changes[changed];
			}
			return {
				module,
				users,
				share: members.length ? users / members.length : null,
				inScope: scope.has(module),
				changes: n,
				changesPerUser: users ? n / users : null
			};
		});
		teams.push({
			teamId,
			label: teamId === null ? 'No team' : (teamName.get(teamId) ?? 'Team'),
			licensed: members.length,
			active: members.filter((p) => work.has(p.id)).length,
			phase: phase
				? { id: phase.id, name: phase.name, startDate: phase.startDate, live: phase.startDate <= filters.to }
				: null,
			cells,
			named: teamId !== null && mayNamePeople(ctx.actor.user, members.length)
		});
	}
	teams.sort((a, b) => a.label.localeCompare(b.label, 'en'));

	let weakest: ModuleUse['weakest'] = null;
	let weakestSize = 0;
	let unusedInScope = 0;
	for (const t of teams)
		for (const c of t.cells) {
			// A phase not yet live is not expected to be used: only live phases raise the signal.
			if (!c.inScope || c.share === null || !t.phase?.live) continue;
			if (c.users === 0) unusedInScope++;
			if (!weakest || c.share < weakest.share || (c.share === weakest.share && t.licensed > weakestSize)) {
				weakest = { team: t.label, module: CRM_MODULES[c.module], share: c.share, phase: t.phase.name };
				weakestSize = t.licensed;
			}
		}
	const viewsOnly = teams
		.flatMap((t) =>
			t.cells
				.filter((c) => CHANGE_MODULES.includes(c.module) && c.users > 0 && c.changes === 0)
				.map((c) => ({ team: t.label, module: CRM_MODULES[c.module], users: c.users }))
		)
		.sort((a, b) => b.users - a.users);
	return {
		window,
		modules: CRM_MODULE_NAMES.map((name) => ({ name, label: CRM_MODULES[name] })),
		changeModules: CHANGE_MODULES.map((name) => ({ name, label: CRM_MODULES[name] })),
		teams,
		weakest,
		unusedInScope,
		viewsOnly,
		anyUse: work.size > 0
	};
}
