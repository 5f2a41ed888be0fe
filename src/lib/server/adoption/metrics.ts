import { and, eq, gte, inArray, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { CHANGE_MODULES, CRM_MODULE_NAMES, changesColumn, moduleBit, modulesOfBits } from '$lib/adoption';
import { weekOf } from '../audit/usage';
import { schema, type Conn } from '../db';
import { addDays, daysBetween, today } from '../rollout/dates';

/**
 * The adoption metrics, each defined once (DESIGN.md, "Adoption metrics"). Everything is read from
 * the rollups (`usage_user_day`, `usage_user_week`, `usage_user`, `usage_daily`), never the raw
 * events. A population is a set of licensed people (active accounts) chosen by the caller, who
 * has applied the viewer's scope (adoption/scope.ts); groups are the people's current team, role
 * and phase. Days and weeks are UTC; a week starts on Monday.
 *
 * - active in a window: at least one usage event (page view or change) in it; working: at least one
 *   core action of the person's current role (adoption/core.ts) in it.
 * - DAU, WAU, MAU: people active on the day, in the 7 days, in the 28 days that end on the day.
 * - stickiness: the average DAU over the 28 days ÷ MAU; and WAU ÷ MAU.
 * - adoption rate: active in the last 7 days ÷ licensed; working rate: working in them ÷ licensed.
 * - depth: core actions per working person per week.
 * - breadth: CRM modules used in the 7 days ÷ CRM modules in scope of the person's phase (all CRM
 *   modules without a phase), averaged over the active people.
 * - lifecycle of a week: new (first use ever in the week), returning (active this and last week),
 *   resurrected (active this week, not last, not new), dormant (active last week, not this).
 * - retention: people grouped by the week of their first use, or by their phase's go-live week; a cell
 *   is the share of the group active N weeks later.
 * - time to first core action: days from the later of account creation and the phase's start to the
 *   first core action; the median per group.
 */

export interface Person {
	id: number;
	name: string;
	email: string;
	teamId: number | null;
	roleId: number;
	createdAt: number;
}

export interface Filter {
	teamIds?: number[];
	roleIds?: number[];
	userIds?: number[];
}

/** The licensed people (active accounts) a filter names, by name. */
export function population(conn: Conn, filter: Filter = {}): Person[] {
	const { user } = schema;
	return conn
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			teamId: user.teamId,
			roleId: user.roleId,
			createdAt: user.createdAt
		})
		.from(user)
		.where(
			and(
				eq(user.active, true),
				filter.teamIds ? inArray(user.teamId, filter.teamIds) : undefined,
				filter.roleIds ? inArray(user.roleId, filter.roleIds) : undefined,
				filter.userIds ? inArray(user.id, filter.userIds) : undefined
			)
		)
		.orderBy(user.nameKey)
		.all();
}

/** One person's use of the 28 days that end on a day. */
export interface Use28 {
	userId: number;
	/** Days active in the 28. */
	days: number;
	activeDay: boolean;
	activeWeek: boolean;
	workingDay: boolean;
	workingWeek: boolean;
	workingMonth: boolean;
	/** Core actions in the last 7 days. */
	coreWeek: number;
}

/** Each person's use of the 28 days that end on `end`, from the per-user daily rollup (one row each). */
export function use28(conn: Conn, end: string, ids?: number[]): Map<number, Use28> {
	const { usageUserDay: d } = schema;
	const week = addDays(end, -6);
	// Four aggregates, not one per figure: the time goes in aggregating 25,000 rows for everyone.
	const rows = conn
		.select({
			userId: d.userId,
			days: sql<number>`count(*)`,
			lastDay: sql<string>`max(${d.day})`,
			lastCoreDay: sql<string | null>`max(iif(${d.core} > 0, ${d.day}, NULL))`,
			coreWeek: sql<number>`sum(iif(${d.day} >= ${week}, ${d.core}, 0))`
		})
		.from(d)
		.where(and(gte(d.day, addDays(end, -27)), lte(d.day, end), ids ? inIds(d.userId, ids) : undefined))
		.groupBy(d.userId)
		.all();
	const out = new Map<number, Use28>();
	for (const r of rows)
		out.set(r.userId, {
			userId: r.userId,
			days: r.days,
			activeDay: r.lastDay === end,
			activeWeek: r.lastDay >= week,
			workingDay: r.lastCoreDay === end,
			workingWeek: r.lastCoreDay !== null && r.lastCoreDay >= week,
			workingMonth: r.lastCoreDay !== null,
			coreWeek: r.coreWeek
		});
	return out;
}

export interface Headline {
	licensed: number;
	dau: number;
	wau: number;
	mau: number;
	dauWorking: number;
	wauWorking: number;
	mauWorking: number;
	/** Average DAU over the 28 days ÷ MAU (null without a MAU). */
	stickiness: number | null;
	wauOverMau: number | null;
	/** Active in the last 7 days ÷ licensed. */
	rate: number | null;
	workingRate: number | null;
	/** Core actions in the last 7 days per working person. */
	depth: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The headline figures of a group of people from their 28-day use. */
export function headline(people: readonly { id: number }[], use: Map<number, Use28>): Headline {
	let dau = 0,
		wau = 0,
		mau = 0,
		dauWorking = 0,
		wauWorking = 0,
		mauWorking = 0,
		activeDays = 0,
		core = 0;
	for (const p of people) {
		const u = use.get(p.id);
		if (!u) continue;
		mau++;
		activeDays += u.days;
		if (u.activeDay) dau++;
		if (u.activeWeek) wau++;
		if (u.workingDay) dauWorking++;
		if (u.workingWeek) wauWorking++;
		if (u.workingMonth) mauWorking++;
		core += u.coreWeek;
	}
	return {
		licensed: people.length,
		dau,
		wau,
		mau,
		dauWorking,
		wauWorking,
		mauWorking,
		stickiness: ratio(activeDays / 28, mau),
		wauOverMau: ratio(wau, mau),
		rate: ratio(wau, people.length),
		workingRate: ratio(wauWorking, people.length),
		depth: ratio(core, wauWorking)
	};
}

/** The Mondays of the weeks from the one holding `from` to the one holding `to`. */
export function weeksBetween(from: string, to: string): string[] {
	const out: string[] = [];
	for (let w = weekOf(from); w <= to; w = addDays(w, 7)) out.push(w);
	return out;
}

export interface WeekFigures {
	week: string;
	wau: number;
	wauWorking: number;
	/** Average people active per day of the week. */
	dauAverage: number;
	/** Active in the 28 days ending on the week's Sunday. */
	mau: number;
	stickiness: number | null;
	wauOverMau: number | null;
	rate: number | null;
	workingRate: number | null;
	depth: number | null;
	lifecycle: { new: number; returning: number; resurrected: number; dormant: number };
}

interface WeekRow {
	userId: number;
	week: string;
}

/** `column` is one of the ids (any number of them: a JSON array the query reads, not a bound list). */
export function inIds(column: SQLWrapper, ids: readonly number[]): SQL {
	return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

function weekRows(conn: Conn, from: string, to: string, ids: readonly number[]): WeekRow[] {
	const { usageUserWeek: w } = schema;
	return conn
		.select({ userId: w.userId, week: w.week })
		.from(w)
		.where(and(gte(w.week, from), lte(w.week, to), inIds(w.userId, ids)))
		.all();
}

/** The week of each person's first use (from `usage_user`). */
export function firstWeeks(conn: Conn, ids?: number[]): Map<number, string> {
	const { usageUser: u } = schema;
	const rows = conn
		.select({ userId: u.userId, firstAt: u.firstAt })
		.from(u)
		.where(ids ? inIds(u.userId, ids) : undefined)
		.all();
	return new Map(rows.map((r) => [r.userId, weekOf(today(r.firstAt))]));
}

/**
 * The people of a group with use in a week, by `gap`, the weeks since their previous week with use
 * (`usage_user_week.gap`): 0 when they had none (their first), 1, 2, 3, and 4 for four or more.
 */
export interface WeekCount {
	week: string;
	gap: 0 | 1 | 2 | 3 | 4;
	people: number;
	/** Their active days, core actions, and how many of them did a core action. */
	days: number;
	core: number;
	working: number;
}

function weekCounts(conn: Conn, from: string, to: string, ids: readonly number[]): WeekCount[] {
	const { usageUserWeek: w } = schema;
	const gap = sql<WeekCount['gap']>`coalesce(min(${w.gap}, 4), 0)`;
	return conn
		.select({
			week: w.week,
			gap,
			people: sql<number>`count(*)`,
			days: sql<number>`sum(${w.days})`,
			core: sql<number>`sum(${w.core})`,
			working: sql<number>`sum(${w.coreDays} > 0)`
		})
		.from(w)
		.where(and(gte(w.week, from), lte(w.week, to), inIds(w.userId, ids)))
		.groupBy(w.week, gap)
		.all();
}

/** Week by week: WAU, average DAU, MAU, stickiness, rates, depth and lifecycle of a group. */
export function weekly(conn: Conn, people: readonly { id: number }[], weeks: string[]): WeekFigures[] {
	if (!weeks.length) return [];
	const ids = people.map((p) => p.id);
	const counts = weekCounts(conn, addDays(weeks[0], -21), weeks[weeks.length - 1], ids);
	return weeklyFrom(counts, people.length, weeks);
}

/**
 * The weekly figures from the counts by gap (pure: the unit tests feed it by hand). With the people
 * of week w by gap g: WAU = all of them; new = g 0, returning = g 1, resurrected = g ≥ 2; dormant =
 * WAU(w−1) − returning(w); MAU(w) counts each person once, in their first week with use of the four
 * weeks w−3 … w: a person of week w−k is that when g = 0 or g > 3 − k.
 */
export function weeklyFrom(counts: readonly WeekCount[], licensed: number, weeks: string[]): WeekFigures[] {
	const byWeek = new Map<string, WeekCount[]>();
	for (const c of counts) {
		const list = byWeek.get(c.week);
		if (list) list.push(c);
		else byWeek.set(c.week, [c]);
	}
	const at = (w: string) => byWeek.get(w) ?? [];
	const people = (w: string, keep: (gap: number) => boolean = () => true) =>
		at(w).reduce((n, c) => (keep(c.gap) ? n + c.people : n), 0);
	return weeks.map((week) => {
		let wau = 0,
			days = 0,
			core = 0,
			working = 0;
		for (const c of at(week)) {
			wau += c.people;
			days += c.days;
			core += c.core;
			working += c.working;
		}
		let mau = 0;
		for (let k = 0; k < 4; k++) mau += people(addDays(week, -7 * k), (g) => g === 0 || g > 3 - k);
		const returning = people(week, (g) => g === 1);
		const lifecycle = {
			new: people(week, (g) => g === 0),
			returning,
			resurrected: people(week, (g) => g >= 2),
			dormant: people(addDays(week, -7)) - returning
		};
		return {
			week,
			wau,
			wauWorking: working,
			dauAverage: days / 7,
			mau,
			stickiness: ratio(days / 7, mau),
			wauOverMau: ratio(wau, mau),
			rate: ratio(wau, licensed),
			workingRate: ratio(working, licensed),
			depth: ratio(core, working),
			lifecycle
		};
	});
}

export interface Cohort {
	/** The week the group starts: their first use, or their phase's go-live. */
	week: string;
	label: string;
	size: number;
	/** Share of the group active N weeks after (index N; 0 is the starting week); null: not yet. */
	shares: (number | null)[];
}

/**
 * Retention cohorts: people grouped by a starting week (`start`), each cell the share of the group
 * active N weeks later, up to `span` weeks and never past `lastWeek`.
 */
export function cohorts(
	conn: Conn,
	start: Map<number, { week: string; label: string }>,
	span: number,
	lastWeek: string
): Cohort[] {
	const ids = [...start.keys()];
	if (!ids.length) return [];
	const earliest = [...start.values()].reduce((a, b) => (b.week < a ? b.week : a), lastWeek);
	return cohortsFrom(weekRows(conn, earliest, lastWeek, ids), start, span, lastWeek);
}

export function cohortsFrom(
	rows: readonly Pick<WeekRow, 'userId' | 'week'>[],
	start: Map<number, { week: string; label: string }>,
	span: number,
	lastWeek: string
): Cohort[] {
	const active = new Set(rows.map((r) => `${r.userId}:${r.week}`));
	const groups = new Map<string, { label: string; ids: number[] }>();
	for (const [id, s] of start) {
		const g = groups.get(s.week) ?? { label: s.label, ids: [] };
		g.ids.push(id);
		groups.set(s.week, g);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([week, g]) => ({
			week,
			label: g.label,
			size: g.ids.length,
			shares: Array.from({ length: span }, (_, n) => {
				const w = addDays(week, 7 * n);
				if (w > lastWeek) return null;
				return g.ids.filter((id) => active.has(`${id}:${w}`)).length / g.ids.length;
			})
		}));
}

/** What a person did in the CRM's modules over some days: the modules used, the changes per module. */
export interface ModuleWork {
	/** The CRM modules used (opened or changed anything in), one bit each (moduleBit). */
	modules: number;
	/** Changes (create, update, delete) per module, in CHANGE_MODULES order. */
	changes: number[];
}

/** The union of rollup rows' module bits (SQLite has no bitwise-or aggregate: one max per bit). */
export const MODULES_UNION = CRM_MODULE_NAMES.map((m) => `max(modules & ${moduleBit(m)})`).join(' + ');
const CHANGES = CHANGE_MODULES.map(changesColumn);

/**
 * Each person's use of the CRM modules in the days from `from` to `to`, from the per-user rollups
 * (workRows); people without use of a CRM module are left out.
 */
export function moduleWork(
	conn: Conn,
	from: string,
	to: string,
	ids: readonly number[]
): Map<number, ModuleWork> {
	const rows = conn.all<Record<string, number>>(
		sql`SELECT user_id, ${sql.raw(MODULES_UNION)} AS modules, ${sql.raw(CHANGES.map((c) => `sum(${c}) AS ${c}`).join(', '))}
			FROM (${workRows(from, to, ids, sql.raw(`user_id, modules, ${CHANGES.join(', ')}`))}) GROUP BY user_id`
	);
	return new Map(
		rows.map((r) => [r.user_id, { modules: r.modules, changes: CHANGES.map((c) => r[c]) }] as const)
	);
}

/**
 * The per-user rollup rows with use of a CRM module in the days from `from` to `to`: a row per
 * person and week for the whole weeks (Monday to Sunday) inside them, a row per person and day for
 * the days before and after those.
 */
function workRows(from: string, to: string, ids: readonly number[], columns: SQL): SQL {
	const firstMonday = weekOf(from) === from ? from : addDays(weekOf(from), 7);
	const lastMonday = addDays(weekOf(addDays(to, 1)), -7);
	const who = sql`user_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
	if (firstMonday > lastMonday)
		return sql`SELECT ${columns} FROM usage_user_day WHERE day >= ${from} AND day <= ${to} AND modules <> 0 AND ${who}`;
	return sql`SELECT ${columns} FROM usage_user_week
			WHERE week >= ${firstMonday} AND week <= ${lastMonday} AND modules <> 0 AND ${who}
		UNION ALL
		SELECT ${columns} FROM usage_user_day
			WHERE ((day >= ${from} AND day < ${firstMonday}) OR (day > ${addDays(lastMonday, 6)} AND day <= ${to}))
				AND modules <> 0 AND ${who}`;
}

/** CRM modules each person used in the days from `from` to `to` (views or changes). */
export function modulesUsed(
	conn: Conn,
	from: string,
	to: string,
	ids: readonly number[]
): Map<number, Set<string>> {
	const rows = conn.all<{ user_id: number; modules: number }>(
		sql`SELECT user_id, ${sql.raw(MODULES_UNION)} AS modules
			FROM (${workRows(from, to, ids, sql.raw('user_id, modules'))}) GROUP BY user_id`
	);
	return new Map(rows.map((r) => [r.user_id, new Set<string>(modulesOfBits(r.modules))]));
}

/** Breadth of a group: the average share of their scope's modules the active people used. */
export function breadth(
	people: readonly { id: number }[],
	used: Map<number, Set<string>>,
	scopeOf: (id: number) => readonly string[]
): number | null {
	let sum = 0,
		n = 0;
	for (const p of people) {
		const u = used.get(p.id);
		if (!u) continue;
		const scope = scopeOf(p.id).filter((m) => (CRM_MODULE_NAMES as readonly string[]).includes(m));
		const modules = scope.length ? scope : CRM_MODULE_NAMES;
		sum += modules.filter((m) => u.has(m)).length / modules.length;
		n++;
	}
	return n ? sum / n : null;
}

export interface UserSpan {
	firstAt: number | null;
	lastAt: number | null;
	firstCoreAt: number | null;
	lastCoreAt: number | null;
}

/** Each person's first and last use and core action (null: never). */
export function spans(conn: Conn, ids?: number[]): Map<number, UserSpan> {
	const { usageUser: u } = schema;
	const rows = conn
		.select()
		.from(u)
		.where(ids ? inIds(u.userId, ids) : undefined)
		.all();
	return new Map(rows.map((r) => [r.userId, r]));
}

/** The median of some numbers (null for none). */
export function median(values: number[]): number | null {
	if (!values.length) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Days from the later of the account's creation and `startOf(person)` (their phase's start, if any)
 * to their first core action; people without one are left out. The median of a group.
 */
export function timeToFirstCore(
	people: readonly Person[],
	span: Map<number, UserSpan>,
	startOf: (p: Person) => string | null
): { median: number | null; reached: number } {
	const days: number[] = [];
	for (const p of people) {
		const first = span.get(p.id)?.firstCoreAt;
		if (first == null) continue;
		const phase = startOf(p);
		const created = today(p.createdAt);
		const from = phase && phase > created ? phase : created;
		days.push(Math.max(0, daysBetween(from, today(first))));
	}
	return { median: median(days), reached: days.length };
}
