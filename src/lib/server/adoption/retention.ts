import { mayNamePeople } from '../access/policy';
import { weekOf } from '../audit/usage';
import { cohorts, firstWeeks, type Cohort } from './metrics';
import { completeWeeks, teamPhases, type AdoptionContext } from './overview';

/**
 * The retention grid: the people in the context grouped by the week of their first use
 * (`?by=first`, the default) or by their team's phase's go-live week (`?by=phase`), each cell the
 * share of the group active N weeks later, for 12 weeks and never past the last complete week of the
 * range. Only groups whose starting week is a complete week of the range are shown.
 */

export const COHORT_SPAN = 12;
export const COHORT_BYS = ['first', 'phase'] as const;
export type CohortBy = (typeof COHORT_BYS)[number];
export const COHORT_BY_LABELS: Record<CohortBy, string> = {
	first: 'Week of first use',
	phase: 'Their phase’s go-live'
};

/** The `by` parameter; anything else keeps the default (first use) and says why. */
export function readCohortBy(params: URLSearchParams): { by: CohortBy; error?: string } {
	const raw = params.get('by');
	if (raw === null || raw === '') return { by: 'first' };
	const known = COHORT_BYS.find((b) => b === raw);
	return known
		? { by: known }
		: { by: 'first', error: 'Group by first use or by phase; showing the week of first use.' };
}

export interface RetentionCohort extends Cohort {
	/** The phase of a group by phase (its people list is a link when names may be shown). */
	phase: { id: number; name: string; startDate: string } | null;
	/** Whether the viewer may open the group's people (never for a group under 5). */
	named: boolean;
}

export interface Retention {
	by: CohortBy;
	/** The last complete week of the range (null: the range holds none). */
	lastWeek: string | null;
	cohorts: RetentionCohort[];
	/** Share active N weeks after the start, over the groups that reached week N, weighted by size. */
	average: (number | null)[];
	/** People in none of the groups, and why. */
	left: {
		/** By phase: no team, or a team in no phase. */
		noPhase: number;
		/** Their group starts outside the range's complete weeks (before it, or after its last). */
		outside: number;
		/** Never used the CRM (by first use). */
		never: number;
	};
	/** Somebody in the context has ever used the CRM. */
	anyUse: boolean;
}

/** The weighted average curve: Σ size × share ÷ Σ size over the groups with a share at N. */
export function averageCurve(groups: readonly Pick<Cohort, 'size' | 'shares'>[], span = COHORT_SPAN) {
	return Array.from({ length: span }, (_, n) => {
		let active = 0,
			people = 0;
		for (const g of groups) {
			const s = g.shares[n];
			if (s === null || s === undefined) continue;
			active += s * g.size;
			people += g.size;
		}
		return people ? active / people : null;
	});
}

/** The retention grid of the people in the context. */
export function retention(ctx: AdoptionContext, by: CohortBy): Retention {
	const { conn, options, filters, people, actor } = ctx;
	const weeks = completeWeeks(filters.from, filters.to);
	const lastWeek = weeks.at(-1) ?? null;
	const inRange = new Set(weeks);
	const ids = people.map((p) => p.id);
	const first = ids.length ? firstWeeks(conn, ids) : new Map<number, string>();
	const left = { noPhase: 0, outside: 0, never: 0 };
	const result = (list: RetentionCohort[]): Retention => ({
		by,
		lastWeek,
		cohorts: list,
		average: averageCurve(list),
		left,
		anyUse: first.size > 0
	});

	if (by === 'first') {
		const start = new Map<number, { week: string; label: string }>();
		for (const p of people) {
			const week = first.get(p.id);
			if (week === undefined) left.never++;
			else if (!inRange.has(week)) left.outside++;
			else start.set(p.id, { week, label: week });
		}
		if (!lastWeek || !start.size) return result([]);
		return result(
			cohorts(conn, start, COHORT_SPAN, lastWeek).map((c) => ({
				...c,
				phase: null,
				named: mayNamePeople(actor.user, c.size)
			}))
		);
	}

	// By phase: one group per phase (two phases may go live in the same week), each its own query.
	const phaseOfTeam = teamPhases(options, filters.to);
	const members = new Map<number, number[]>();
	for (const p of people) {
		const phase = p.teamId === null ? undefined : phaseOfTeam.get(p.teamId);
		if (!phase) left.noPhase++;
		else if (!inRange.has(weekOf(phase.startDate))) left.outside++;
		else {
			const group = members.get(phase.id);
			if (group) group.push(p.id);
			else members.set(phase.id, [p.id]);
		}
	}
	if (!lastWeek) return result([]);
	const list: RetentionCohort[] = [];
	for (const phase of options.phases) {
		const group = members.get(phase.id);
		if (!group) continue;
		const start = new Map(
			group.map((id) => [id, { week: weekOf(phase.startDate), label: `${phase.name} · ${phase.startDate}` }])
		);
		for (const c of cohorts(conn, start, COHORT_SPAN, lastWeek))
			list.push({
				...c,
				phase: { id: phase.id, name: phase.name, startDate: phase.startDate },
				named: mayNamePeople(actor.user, c.size)
			});
	}
	list.sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : a.label.localeCompare(b.label, 'en')));
	return result(list);
}
