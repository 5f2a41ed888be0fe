import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { ChartData } from '$lib/charts';
import { formatPercent } from '$lib/format';
import { authorize } from '../access/policy';
import { utcDay } from '../audit/usage';
import { schema, type Conn } from '../db';
import { groups, type AdoptionContext } from './overview';
import {
	combine,
	DEFAULT_STALE_DAYS,
	ensureTodaySnapshot,
	QUALITY_ENTITIES,
	QUALITY_FIELD_CHOICES,
	qualityByOwner,
	qualityFields,
	qualityTrend,
	reasons,
	type OwnerQuality
} from './quality';

/**
 * What the data-quality page shows, for a viewer and the filters in the URL: each team's score
 * (records owned by the people in view, as of now) with its reasons and trend, beside the team's
 * use of the CRM in the 7 days to the range's end, so that a team that is busy but careless and one
 * that is careful but absent both stand out; and, where the small-group rule allows, the owners.
 */

/** A score from here up is careful. */
export const CAREFUL_SCORE = 80;
/** A 7-day adoption rate from here up is active, whatever the phase's target. */
export const ACTIVE_RATE = 0.6;
/** The owners listed, worst first. */
export const OWNER_LIMIT = 25;

export type Quadrant = 'active-careless' | 'careful-inactive' | 'active-careful' | 'inactive-careless';

export const QUADRANT_LABELS: Record<Quadrant, string> = {
	'active-careless': 'Active but careless',
	'careful-inactive': 'Careful but inactive',
	'active-careful': 'Active and careful',
	'inactive-careless': 'Inactive and careless'
};

export interface TeamQuality {
	id: number | null;
	label: string;
	people: number;
	records: number;
	score: number | null;
	/** The three largest problems as sentences. */
	reasons: string[];
	/** Active and working in the last 7 days ÷ licensed (0–1); the phase's target (0–1). */
	rate: number | null;
	workingRate: number | null;
	target: number | null;
	quadrant: Quadrant;
	/** The quadrant as the page names it ("Active but careless"). */
	quadrantLabel: string;
	/** Where the team stands, as a sentence with its main reason where it is careless. */
	sentence: string;
	/** Active but careless, or careful but inactive: the two the page is there to show. */
	standsOut: boolean;
}

export interface OwnerRow {
	id: number;
	name: string;
	team: string;
	records: number;
	score: number | null;
	reason: string | null;
}

export interface QualityView {
	/** The day the scores are as of (UTC) and the last day of the usage window. */
	asOf: string;
	usageTo: string;
	staleDays: number;
	/** The bars the quadrants are drawn at. */
	careful: number;
	active: number;
	/** Everyone in view together. */
	total: { records: number; score: number | null; reasons: string[] };
	/** Teams whose people own records, by name. */
	teams: TeamQuality[];
	/** Teams in view whose people own no records. */
	teamsWithoutRecords: string[];
	/** Each object's key fields as a sentence names them ("contacts: email, phone, company"). */
	keyFields: string[];
	byTeam: { data: ChartData; summary: string };
	trend: { data: ChartData; summary: string; days: number };
	/** Owners in teams the viewer may see by name, worst first (at most OWNER_LIMIT). */
	owners: OwnerRow[];
	ownersTotal: number;
	/** Teams whose owners are not named (fewer than 5 people in view, for a viewer not an admin). */
	withheld: string[];
}

const one = (n: number | null) => (n === null ? '—' : n.toLocaleString('en', { maximumFractionDigits: 1 }));

/** Which of the four a team is in: its score against CAREFUL_SCORE, its use against the bar. */
export function quadrantOf(score: number, rate: number | null, target: number | null): Quadrant {
	const r = rate ?? 0;
	const careful = score >= CAREFUL_SCORE;
	if (careful) return r < (target ?? ACTIVE_RATE) ? 'careful-inactive' : 'active-careful';
	return r >= ACTIVE_RATE || (target !== null && r >= target) ? 'active-careless' : 'inactive-careless';
}

function sentenceOf(t: Omit<TeamQuality, 'sentence' | 'quadrantLabel' | 'standsOut'>): string {
	const active = `${formatPercent(t.rate)} active in the last 7 days`;
	const bar =
		t.target === null ? `the ${formatPercent(ACTIVE_RATE)} bar` : `a ${formatPercent(t.target)} target`;
	const why = t.reasons[0] ? ` — ${t.reasons[0]}` : '';
	switch (t.quadrant) {
		case 'active-careless':
			return `${t.label} is active but careless: ${active}, score ${one(t.score)}${why}.`;
		case 'careful-inactive':
			return `${t.label} is careful but inactive: score ${one(t.score)}, yet ${active} against ${bar}.`;
		case 'active-careful':
			return `${t.label} is active and careful: ${active}, score ${one(t.score)}.`;
		case 'inactive-careless':
			return `${t.label} is inactive and careless: ${active} against ${bar}, score ${one(t.score)}${why}.`;
	}
}

/**
 * The daily score of the chosen owners per their current team, weighted by checks as qualityTrend
 * weighs them: one GROUP BY over the snapshot, whatever the number of teams. The current team
 * (not the one a snapshot row kept) so that a team's line ends at its live score and someone who
 * moved brings no line of another team into a manager's view.
 */
export function qualityTrendByTeam(
	conn: Conn,
	opts: { ownerIds: readonly number[]; since: string; until?: string }
): { day: string; teamId: number | null; score: number | null; records: number }[] {
	if (!opts.ownerIds.length) return [];
	const { qualitySnapshot: q, user } = schema;
	return conn
		.select({
			day: q.day,
			teamId: user.teamId,
			records: sql<number>`sum(${q.records})`.mapWith(Number),
			checks: sql<number>`sum(${q.checks})`.mapWith(Number),
			weighted: sql<number>`sum(${q.score} * ${q.checks})`.mapWith(Number)
		})
		.from(q)
		.innerJoin(user, eq(user.id, q.ownerId))
		.where(
			and(
				gte(q.day, opts.since),
				opts.until ? lte(q.day, opts.until) : undefined,
				inArray(q.ownerId, [...opts.ownerIds])
			)
		)
		.groupBy(q.day, user.teamId)
		.orderBy(asc(q.day))
		.all()
		.map((r) => ({
			day: r.day,
			teamId: r.teamId,
			records: r.records,
			score: r.checks ? Math.round((10 * r.weighted) / r.checks) / 10 : null
		}));
}

function keyFieldSentences(conn: Conn): string[] {
	const fields = qualityFields(conn);
	const nouns = { contact: 'contacts', company: 'companies', deal: 'deals', case: 'cases' };
	return QUALITY_ENTITIES.map((e) => {
		const labels = fields[e].map((f) => QUALITY_FIELD_CHOICES[e].find((c) => c.field === f)!.label);
		return `${nouns[e]}: ${labels.length ? labels.join(', ') : 'none'}`;
	});
}

function byTeamFigure(teams: TeamQuality[]): QualityView['byTeam'] {
	const data: ChartData = {
		labels: teams.map((t) => t.label),
		unit: 'percent',
		series: [
			{
				label: 'Data quality score (0–100 as %)',
				values: teams.map((t) => (t.score === null ? null : Math.round(t.score * 10) / 1000)),
				kind: 'bar'
			},
			{ label: 'Active in the last 7 days', values: teams.map((t) => t.rate), kind: 'bar' },
			{ label: 'Phase target', values: teams.map((t) => t.target), kind: 'target' }
		]
	};
	const ranked = [...teams].sort((a, b) => (a.score ?? 101) - (b.score ?? 101));
	const worst = ranked[0];
	const under = teams.filter((t) => (t.score ?? 100) < CAREFUL_SCORE).length;
	const summary = worst
		? `${worst.label}: score ${one(worst.score)}${worst.reasons[0] ? `, ‘${worst.reasons[0]}’` : ''}; ${formatPercent(worst.rate)} active. ${under} of ${teams.length} ${teams.length === 1 ? 'team scores' : 'teams score'} under ${CAREFUL_SCORE}.`
		: 'No team owns records yet.';
	return { data, summary };
}

function trendFigure(
	teams: TeamQuality[],
	everyone: { day: string; score: number | null }[],
	perTeam: { day: string; teamId: number | null; score: number | null }[]
): QualityView['trend'] {
	const days = [...new Set([...everyone.map((r) => r.day), ...perTeam.map((r) => r.day)])].sort();
	const at = new Map(perTeam.map((r) => [`${r.day}|${r.teamId}`, r.score]));
	const lines = teams.map((t) => ({
		label: t.label,
		values: days.map((d) => at.get(`${d}|${t.id}`) ?? null)
	}));
	const all = new Map(everyone.map((r) => [r.day, r.score]));
	const series =
		teams.length > 1
			? [{ label: 'Everyone in view', values: days.map((d) => all.get(d) ?? null), dashed: true }, ...lines]
			: lines;
	const data: ChartData = { labels: days, unit: 'number', series };
	if (!days.length) return { data, summary: 'No daily scores recorded in this range yet.', days: 0 };
	const first = (v: (number | null)[]) => v.find((x) => x !== null) ?? null;
	const last = (v: (number | null)[]) => v.findLast((x) => x !== null) ?? null;
	const worst = [...lines].sort((a, b) => (last(a.values) ?? 101) - (last(b.values) ?? 101))[0];
	const head = series[0];
	if (days.length === 1) {
		const lowest =
			teams.length > 1 && worst
				? `${worst.label} is lowest at ${one(last(worst.values))}`
				: `${head.label} scores ${one(last(head.values))}`;
		return {
			data,
			summary: `Only ${days[0]} is recorded so far (a point is added each day the CRM is used): ${lowest}.`,
			days: 1
		};
	}
	const move = (v: (number | null)[]) => `from ${one(first(v))} to ${one(last(v))}`;
	const summary =
		teams.length > 1 && worst
			? `${worst.label}, lowest on the last day, went ${move(worst.values)} between ${days[0]} and ${days.at(-1)}; everyone in view ${move(head.values)}.`
			: `${head.label} went ${move(head.values)} between ${days[0]} and ${days.at(-1)}.`;
	return { data, summary, days: days.length };
}

/**
 * The page's figures. Takes today's snapshot first if there is none (the trend's last point), then
 * the live figures; a constant number of queries whatever the number of teams or owners.
 */
export function qualityView(
	ctx: AdoptionContext,
	opts: { now?: number; staleDays?: number } = {}
): QualityView {
	// People by name and their teams' figures: never for a viewer whose reach is themselves.
	authorize(ctx.actor.user, 'adoption.read');
	const { conn, filters, people } = ctx;
	const now = opts.now ?? Date.now();
	const staleDays = opts.staleDays ?? DEFAULT_STALE_DAYS;
	ensureTodaySnapshot(conn, { now, staleDays });
	const ids = people.map((p) => p.id);
	const personOf = new Map(people.map((p) => [p.id, p]));
	// A viewer who reaches everyone, with no filter that narrows the people: everyone's figures take
	// qualityByOwner's whole-table path (about half the time of an owner list of everyone), less the
	// owners not licensed any more. Otherwise the owners in view, in the query.
	const wholeTable = ctx.reach.kind === 'all' && !filters.teamId && !filters.roleId && !filters.phaseId;
	const rows = wholeTable
		? qualityByOwner(conn, { now, staleDays }).filter((r) => personOf.has(r.ownerId))
		: qualityByOwner(conn, { where: { ownerIds: ids }, now, staleDays });
	const usage = groups(ctx, 'team');
	const byOwner = new Map<number | null, OwnerQuality[]>();
	for (const r of rows) {
		// The team the person is in now, as groups() counts them.
		const team = personOf.get(r.ownerId)?.teamId ?? null;
		const list = byOwner.get(team);
		if (list) list.push(r);
		else byOwner.set(team, [r]);
	}
	const texts = (problems: Record<string, number>) =>
		reasons(problems, staleDays)
			.slice(0, 3)
			.map((r) => r.text);

	const teams: TeamQuality[] = [];
	const teamsWithoutRecords: string[] = [];
	for (const g of usage) {
		const totals = combine(byOwner.get(g.id) ?? []);
		if (totals.score === null) {
			teamsWithoutRecords.push(g.label);
			continue;
		}
		const t = {
			id: g.id,
			label: g.label,
			people: g.licensed,
			records: totals.records,
			score: totals.score,
			reasons: texts(totals.problems),
			rate: g.rate,
			workingRate: g.workingRate,
			target: g.target,
			quadrant: quadrantOf(totals.score, g.rate, g.target)
		};
		teams.push({
			...t,
			quadrantLabel: QUADRANT_LABELS[t.quadrant],
			sentence: sentenceOf(t),
			standsOut: t.quadrant === 'active-careless' || t.quadrant === 'careful-inactive'
		});
	}

	const until = filters.to;
	const everyone = qualityTrend(conn, { ownerIds: ids, since: filters.from }).filter((r) => r.day <= until);
	const perTeam = qualityTrendByTeam(conn, { ownerIds: ids, since: filters.from, until });

	const named = new Map(usage.map((g) => [g.id, g.named]));
	const label = new Map(usage.map((g) => [g.id, g.label]));
	const owners = rows
		.filter((r) => named.get(personOf.get(r.ownerId)?.teamId ?? null))
		.map((r): OwnerRow => {
			const p = personOf.get(r.ownerId)!;
			return {
				id: p.id,
				name: p.name,
				team: label.get(p.teamId) ?? 'No team',
				records: r.records,
				score: r.score,
				reason: reasons(r.problems, staleDays)[0]?.text ?? null
			};
		})
		.sort(
			(a, b) =>
				(a.score ?? 101) - (b.score ?? 101) || b.records - a.records || a.name.localeCompare(b.name, 'en')
		);
	const total = combine(rows);
	return {
		asOf: utcDay(now),
		usageTo: filters.to,
		staleDays,
		careful: CAREFUL_SCORE,
		active: ACTIVE_RATE,
		total: { records: total.records, score: total.score, reasons: texts(total.problems) },
		teams,
		teamsWithoutRecords,
		keyFields: keyFieldSentences(conn),
		byTeam: byTeamFigure(teams),
		trend: trendFigure(teams, everyone, perTeam),
		owners: owners.slice(0, OWNER_LIMIT),
		ownersTotal: owners.length,
		withheld: usage.filter((g) => !g.named && byOwner.has(g.id)).map((g) => g.label)
	};
}
