import { asc } from 'drizzle-orm';
import { CONTEST_KPIS, POINT_ACTION_KEYS, POINT_ACTIONS } from '$lib/engagement';
import { GOAL_METRIC_LABELS } from '$lib/rollout';
import { db, schema } from '../db';
import type { FormValues } from '../forms';
import { MAX_SIDES } from './contests';

/** What the contest form offers: metrics, teams, and how many sides it shows. */
export function contestFormOptions() {
	return {
		metrics: [
			{ value: 'points', label: 'Points (by the rules frozen at the start)' },
			...POINT_ACTION_KEYS.map((k) => ({ value: `action:${k}`, label: `${POINT_ACTIONS[k].label} (count)` })),
			...CONTEST_KPIS.map((k) => ({ value: `kpi:${k}`, label: `${GOAL_METRIC_LABELS[k]} (KPI, teams only)` }))
		],
		teams: db()
			.select({ id: schema.team.id, name: schema.team.name })
			.from(schema.team)
			.orderBy(asc(schema.team.name))
			.all(),
		sides: MAX_SIDES
	};
}

/** The sides the form posted (`side.<i>.name`, `side.<i>.teams`), blank ones included (the domain skips them). */
export function sidesFrom(values: FormValues): { name: unknown; teamIds: unknown }[] {
	return Array.from({ length: MAX_SIDES }, (_, i) => {
		const teams = values[`side.${i}.teams`];
		return {
			name: values[`side.${i}.name`] ?? '',
			teamIds: teams === undefined || teams === '' ? [] : Array.isArray(teams) ? teams : [teams]
		};
	});
}
