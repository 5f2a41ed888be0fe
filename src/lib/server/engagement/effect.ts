import { getTableColumns } from 'drizzle-orm';
import {
	QUALITY_ENTITIES,
	QUALITY_FIELD_CHOICES,
	qualityFields,
	type QualityEntity
} from '../adoption/quality';
import { utcDay } from '../audit/usage';
import type { Actor } from '../auth/actor';
import { authorize } from '../access/policy';
import { db, schema } from '../db';
import type { Contest } from './contests';

/**
 * Does a contest work? For its participants (active people of its teams) and for everyone else in a
 * team (the comparison), over three windows of the contest's length — before, during, after — the
 * core actions per person and week (`usage_user_day.core`) and the quality of what they entered: the
 * share of key fields filled (adoption's `quality_field`) on the contacts, companies, deals and cases
 * they created in the window — the measure a contest that rewards speed over care would lower. A
 * window still to come is left out; "after" is cut at today.
 */

export interface Window {
	key: 'before' | 'during' | 'after';
	label: string;
	from: string;
	to: string;
	days: number;
}

export interface EffectRow {
	window: Window;
	group: 'participants' | 'others';
	people: number;
	corePerWeek: number | null;
	quality: number | null;
}

const DAY = 86_400_000;
const TABLES = {
	contact: schema.contact,
	company: schema.company,
	deal: schema.deal,
	case: schema.supportCase
};
const TABLE_NAMES: Record<QualityEntity, string> = {
	contact: 'contact',
	company: 'company',
	deal: 'deal',
	case: 'support_case'
};
const shift = (day: string, days: number) => utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY);
const span = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;

export function windowsOf(c: Pick<Contest, 'startsOn' | 'endsOn'>, today = utcDay(Date.now())): Window[] {
	const length = span(c.startsOn, c.endsOn);
	const out: Window[] = [];
	const add = (key: Window['key'], label: string, from: string, to: string) => {
		const end = to > today ? today : to;
		if (from <= end) out.push({ key, label, from, to: end, days: span(from, end) });
	};
	add('before', 'Before', shift(c.startsOn, -length), shift(c.startsOn, -1));
	add('during', 'During', c.startsOn, c.endsOn);
	add('after', 'After', shift(c.endsOn, 1), shift(c.endsOn, length));
	return out;
}

export function contestEffect(actor: Actor, c: Contest): EffectRow[] {
	authorize(actor.user, 'adoption.read');
	const client = db().$client;
	const inContest = `SELECT u.id FROM user u JOIN contest_team_member m ON m.team_id = u.team_id AND m.contest_id = @id
		WHERE u.active = 1`;
	const others = `SELECT u.id FROM user u WHERE u.active = 1 AND u.team_id IS NOT NULL
		AND u.team_id NOT IN (SELECT team_id FROM contest_team_member WHERE contest_id = @id)`;
	const people = {
		participants: client.prepare(`SELECT count(*) FROM (${inContest})`).pluck(),
		others: client.prepare(`SELECT count(*) FROM (${others})`).pluck()
	};
	const core = (group: string) =>
		client
			.prepare(
				`SELECT coalesce(sum(core), 0) FROM usage_user_day WHERE day BETWEEN @from AND @to AND user_id IN (${group})`
			)
			.pluck();
	const keys = qualityFields(db());
	const quality = (group: string) => {
		const parts = QUALITY_ENTITIES.filter((e) => keys[e].length).map((entity) => {
			const columns = getTableColumns(TABLES[entity]) as Record<string, { name: string }>;
			const filled = keys[entity].map((field) => {
				const choice = QUALITY_FIELD_CHOICES[entity].find((c) => c.field === field)!;
				const col = `"${columns[field].name}"`;
				return choice.filled === 'positive'
					? `(${col} > 0)`
					: choice.filled === 'link'
						? `(${col} IS NOT NULL)`
						: `(coalesce(${col}, '') <> '')`;
			});
			return `SELECT count(*) * ${keys[entity].length} AS checks, coalesce(sum(${filled.join(' + ')}), 0) AS filled
				FROM ${TABLE_NAMES[entity]} WHERE created_at >= @fromMs AND created_at < @toMs AND owner_id IN (${group})`;
		});
		return client
			.prepare(
				parts.length
					? `SELECT 100.0 * sum(filled) / nullif(sum(checks), 0) FROM (${parts.join(' UNION ALL ')})`
					: 'SELECT NULL'
			)
			.pluck();
	};
	const q = {
		participants: { core: core(inContest), quality: quality(inContest) },
		others: { core: core(others), quality: quality(others) }
	};
	const rows: EffectRow[] = [];
	for (const window of windowsOf(c))
		for (const group of ['participants', 'others'] as const) {
			const args = {
				id: c.id,
				from: window.from,
				to: window.to,
				fromMs: Date.parse(`${window.from}T00:00:00Z`),
				toMs: Date.parse(`${window.to}T00:00:00Z`) + DAY
			};
			const n = people[group].get({ id: c.id }) as number;
			const actions = q[group].core.get(args) as number;
			const score = q[group].quality.get(args) as number | null;
			rows.push({
				window,
				group,
				people: n,
				corePerWeek: n ? Math.round((actions / n / (window.days / 7)) * 10) / 10 : null,
				quality: score === null ? null : Math.round(score * 10) / 10
			});
		}
	return rows;
}
