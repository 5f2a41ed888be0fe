import { and, eq, gte, inArray, isNotNull, lte, ne, sql } from 'drizzle-orm';
import { adoptionReach, mayNamePeople, type AdoptionReach } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { addDays, today } from '../rollout/dates';
import { weekOf } from '../audit/usage';
import {
	filterOptions,
	readFilters,
	type AdoptionFilters,
	type FilterName,
	type FilterOptions
} from './filters';
import {
	breadth,
	headline,
	modulesUsed,
	population,
	use28,
	weekly,
	weeksBetween,
	type Headline,
	type Person,
	type Use28,
	type WeekFigures
} from './metrics';

/**
 * What the adoption pages show, for a viewer and the filters in the URL: the people in reach (the
 * viewer's scope, then the filters), their headline figures, week-by-week trend, adoption by team,
 * role or phase against the phase's target, and the rollout's events on the time axis. A viewer
 * whose reach is themselves (a rep) gets their own figures and their team's totals, no names.
 */

export type GroupBy = 'team' | 'role' | 'phase';

export interface GroupRow extends Headline {
	id: number | null;
	label: string;
	/** The phase the group is measured against (a team's current phase; a phase itself). */
	phase: { id: number; name: string; startDate: string } | null;
	/** The phase's adoption target, 0–1; null before the phase goes live. */
	target: number | null;
	breadth: number | null;
	/** Required-training completion: completed ÷ assigned (not withdrawn). */
	training: { assigned: number; completed: number; share: number | null };
	/** Whether the viewer may open the group's people. */
	named: boolean;
}

export interface Marker {
	week: string;
	kind: 'golive' | 'training' | 'decision';
	text: string;
}

export interface AdoptionContext {
	conn: Conn;
	actor: Actor;
	reach: AdoptionReach;
	options: FilterOptions;
	filters: AdoptionFilters;
	errors: Partial<Record<FilterName, string>>;
	/** Everyone the viewer's reach and the filters name (for a rep: their team, for totals only). */
	people: Person[];
	/** Roles that have core actions: for the others "working" is not measured. */
	coreRoles: Set<number>;
}

/** The teams a phase holds, and each team's current phase (active, else the latest started, else the next). */
export function teamPhases(options: FilterOptions, day = today()) {
	const byTeam = new Map<number, FilterOptions['phases'][number]>();
	const ranked = [...options.phases].sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
	for (const p of ranked) {
		for (const t of p.teamIds) {
			const held = byTeam.get(t);
			if (!held || (p.startDate <= day && (held.startDate > day || p.startDate >= held.startDate)))
				byTeam.set(t, p);
		}
	}
	return byTeam;
}

/** Reads the viewer's reach and the URL's filters, and the people they name. */
export function adoptionContext(actor: Actor, params: URLSearchParams, now = Date.now()): AdoptionContext {
	const conn = db();
	const reach = adoptionReach(actor.user);
	const options = filterOptions(conn, actor.user, now);
	const { filters, errors } = readFilters(params, options, now);
	const phase = filters.phaseId ? options.phases.find((p) => p.id === filters.phaseId) : undefined;
	let teamIds: number[] | undefined = reach.kind === 'all' ? undefined : reach.teamId ? [reach.teamId] : [];
	if (filters.teamId) teamIds = (teamIds ?? [filters.teamId]).filter((t) => t === filters.teamId);
	if (phase) teamIds = (teamIds ?? phase.teamIds).filter((t) => phase.teamIds.includes(t));
	const people =
		reach.kind === 'self' && reach.teamId === null
			? population(conn, { userIds: [actor.user.id] })
			: population(conn, { teamIds, roleIds: filters.roleId ? [filters.roleId] : undefined });
	const coreRoles = new Set(
		conn
			.selectDistinct({ roleId: schema.coreAction.roleId })
			.from(schema.coreAction)
			.all()
			.map((r) => r.roleId)
	);
	return { conn, actor, reach, options, filters, errors, people, coreRoles };
}

/** Completed and assigned required-training enrollments per person (withdrawn ones left out). */
function trainingByPerson(conn: Conn, ids: number[]) {
	const { enrollment, course } = schema;
	if (!ids.length) return new Map<number, { assigned: number; completed: number }>();
	const rows = conn
		.select({
			userId: enrollment.userId,
			assigned: sql<number>`count(*)`,
			completed: sql<number>`sum(${enrollment.state} = 'completed')`
		})
		.from(enrollment)
		.innerJoin(course, eq(course.id, enrollment.courseId))
		.where(and(ne(enrollment.state, 'withdrawn'), eq(course.required, true), inArray(enrollment.userId, ids)))
		.groupBy(enrollment.userId)
		.all();
	return new Map(rows.map((r) => [r.userId, r]));
}

/** Adoption of the people grouped by team, role or phase, each against its phase's target. */
export function groups(ctx: AdoptionContext, by: GroupBy, use?: Map<number, Use28>): GroupRow[] {
	const { conn, options, filters, people } = ctx;
	const ids = people.map((p) => p.id);
	use ??= use28(conn, filters.to, ids);
	const used = modulesUsed(conn, addDays(filters.to, -6), filters.to, ids);
	const training = trainingByPerson(conn, ids);
	const phaseOfTeam = teamPhases(options, filters.to);
	const phaseOf = (p: Person) => (p.teamId === null ? undefined : phaseOfTeam.get(p.teamId));
	const buckets = new Map<
		number | null,
		{ label: string; people: Person[]; phase?: FilterOptions['phases'][number] }
	>();
	const put = (key: number | null, label: string, p: Person, phase?: FilterOptions['phases'][number]) => {
		const b = buckets.get(key) ?? { label, people: [], phase };
		b.people.push(p);
		buckets.set(key, b);
	};
	const byId = new Map(people.map((p) => [p.id, p]));
	const teamName = new Map(options.teams.map((t) => [t.id, t.name]));
	const roleLabel = new Map(options.roles.map((r) => [r.id, r.label]));
	for (const p of people) {
		if (by === 'team')
			put(p.teamId, p.teamId === null ? 'No team' : (teamName.get(p.teamId) ?? 'Team'), p, phaseOf(p));
		else if (by === 'role') put(p.roleId, roleLabel.get(p.roleId) ?? 'Role', p);
		else
			for (const ph of options.phases.filter((x) => p.teamId !== null && x.teamIds.includes(p.teamId)))
				put(ph.id, ph.name, p, ph);
	}
	const rows: GroupRow[] = [];
	for (const [id, b] of buckets) {
		let assigned = 0,
			completed = 0;
		for (const p of b.people) {
			const t = training.get(p.id);
			assigned += t?.assigned ?? 0;
			completed += t?.completed ?? 0;
		}
		const figures = headline(b.people, use);
		// Nobody here has core actions (a project office, a steering group): "working" means nothing.
		if (!b.people.some((p) => ctx.coreRoles.has(p.roleId)))
			Object.assign(figures, { workingRate: null, depth: null });
		rows.push({
			id,
			label: b.label,
			...figures,
			phase: b.phase ? { id: b.phase.id, name: b.phase.name, startDate: b.phase.startDate } : null,
			// A phase not live by the range's end sets no target yet: nobody lags against it.
			target: b.phase && b.phase.startDate <= filters.to ? b.phase.target / 100 : null,
			breadth: breadth(b.people, used, (uid) => {
				const p = byId.get(uid);
				return (p && phaseOf(p)?.modules) ?? [];
			}),
			training: { assigned, completed, share: assigned ? completed / assigned : null },
			named: mayNamePeople(ctx.actor.user, b.people.length)
		});
	}
	return rows.sort((a, b) => a.label.localeCompare(b.label, 'en'));
}

/** The rollout's events on the time axis of the range: phase go-lives, training sessions held, decisions. */
export function markers(ctx: AdoptionContext): Marker[] {
	const { conn, options, filters } = ctx;
	const out: Marker[] = [];
	for (const p of options.phases)
		if (p.startDate >= filters.from && p.startDate <= filters.to)
			out.push({ week: weekOf(p.startDate), kind: 'golive', text: `${p.name} goes live` });
	const from = Date.parse(`${filters.from}T00:00:00Z`);
	const to = Date.parse(`${filters.to}T23:59:59Z`);
	const sessions = conn
		.select({ startsAt: schema.trainingSession.startsAt })
		.from(schema.trainingSession)
		.where(
			and(
				gte(schema.trainingSession.startsAt, from),
				lte(schema.trainingSession.startsAt, to),
				ne(schema.trainingSession.status, 'cancelled')
			)
		)
		.all();
	const perWeek = new Map<string, number>();
	for (const s of sessions) {
		const w = weekOf(today(s.startsAt));
		perWeek.set(w, (perWeek.get(w) ?? 0) + 1);
	}
	for (const [week, n] of perWeek)
		out.push({ week, kind: 'training', text: n === 1 ? '1 training session' : `${n} training sessions` });
	const decided = conn
		.select({
			decidedAt: schema.changeRequest.decidedAt,
			title: schema.changeRequest.title,
			status: schema.changeRequest.status
		})
		.from(schema.changeRequest)
		.where(
			and(
				isNotNull(schema.changeRequest.decidedAt),
				gte(schema.changeRequest.decidedAt, from),
				lte(schema.changeRequest.decidedAt, to)
			)
		)
		.all();
	for (const d of decided)
		out.push({ week: weekOf(today(d.decidedAt!)), kind: 'decision', text: `Decided: ${d.title}` });
	return out.sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
}

export interface Overview {
	headline: Headline;
	trend: WeekFigures[];
	markers: Marker[];
	teams: GroupRow[];
	/** For a viewer whose reach is themselves: their own figures. */
	me: { activeDays: number; workingWeek: boolean; coreWeek: number } | null;
}

/** The weeks of the range that have ended by its last day (a week so far would read as a drop). */
export function completeWeeks(from: string, to: string): string[] {
	return weeksBetween(from, to).filter((w) => addDays(w, 6) <= to);
}

/** The overview page's figures. */
export function overview(ctx: AdoptionContext): Overview {
	const { conn, filters, people, reach, actor } = ctx;
	const ids = people.map((p) => p.id);
	const use = use28(conn, filters.to, ids);
	const mine =
		reach.kind === 'self' ? use28(conn, filters.to, [actor.user.id]).get(actor.user.id) : undefined;
	const me =
		reach.kind === 'self'
			? {
					activeDays: mine?.days ?? 0,
					workingWeek: mine?.workingWeek ?? false,
					coreWeek: mine?.coreWeek ?? 0
				}
			: null;
	return {
		headline: headline(people, use),
		trend: weekly(conn, people, completeWeeks(filters.from, filters.to)),
		markers: markers(ctx),
		teams: groups(ctx, 'team', use),
		me
	};
}

/** What the filter bar of a page needs (AdoptionFilters.svelte): serialisable. */
export function filterBar(ctx: AdoptionContext, params: URLSearchParams) {
	const { options } = ctx;
	return {
		filters: ctx.filters,
		errors: ctx.errors,
		options: {
			teams: options.teams,
			roles: options.roles,
			phases: options.phases.map((p) => ({ id: p.id, name: p.name })),
			modules: options.modules,
			keptFrom: options.keptFrom
		},
		raw: Object.fromEntries(
			Object.keys(ctx.errors).flatMap((k) => {
				const v = params.get(k);
				return v === null ? [] : [[k, v.slice(0, 100)]];
			})
		) as Record<string, string>
	};
}
