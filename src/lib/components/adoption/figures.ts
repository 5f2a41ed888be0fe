import type { ChartData } from '$lib/charts';
import { formatPercent } from '$lib/format';

/**
 * What the adoption pages draw of a set of groups (teams, roles or phases), written once: the
 * chart of adoption against the phase's target and the sentence that names the group furthest under it.
 */

/** A group's figures as the pages receive them (adoption/overview.ts GroupRow). */
export interface GroupFigures {
	id: number | null;
	label: string;
	licensed: number;
	rate: number | null;
	workingRate: number | null;
	target: number | null;
	depth: number | null;
	breadth: number | null;
	training: { share: number | null };
	phase: { id: number; name: string; startDate: string } | null;
	named: boolean;
}

export function groupChart(rows: readonly GroupFigures[]): ChartData {
	return {
		labels: rows.map((t) => t.label),
		unit: 'percent',
		series: [
			{ label: 'Active in the last 7 days', values: rows.map((t) => t.rate), kind: 'bar' },
			{ label: 'Working in the last 7 days', values: rows.map((t) => t.workingRate), kind: 'bar' },
			{ label: 'Phase target', values: rows.map((t) => t.target), kind: 'target' }
		]
	};
}

/** "Field Service: 21 % active this week, target 70 %; 6 of 10 teams are under their phase’s target." */
export function groupSummary(rows: readonly GroupFigures[], plural: string): string {
	const under = rows
		.filter((t) => t.target !== null && t.rate !== null && t.rate < t.target)
		.sort((a, b) => (a.rate ?? 0) - (a.target ?? 0) - ((b.rate ?? 0) - (b.target ?? 0)));
	if (under.length)
		return `${under[0].label}: ${formatPercent(under[0].rate)} active this week, target ${formatPercent(under[0].target)}; ${under.length} of ${rows.length} ${plural} are under their phase’s target.`;
	return rows.length
		? `Every one of the ${plural} with a phase target meets it this week.`
		: `No ${plural} have licensed people yet.`;
}
