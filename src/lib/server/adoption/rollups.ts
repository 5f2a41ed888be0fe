import type Database from 'better-sqlite3';
import { CHANGE_MODULES, CORE_ACTION_KINDS, CRM_MODULE_NAMES, changesColumn, moduleBit } from '$lib/adoption';
import { MODULES_UNION } from './metrics';
import { rawEventsFrom } from './raw-events';

/**
 * The adoption rollups rebuilt from the raw usage events (the append-only truth): `usage_daily`,
 * `usage_user_day`, `usage_user_week` and `usage_user`. recordUsage keeps them current event by
 * event; this recomputes them, for everyone (`npm run rollups`) or for some people (their role
 * changed, or their role's core actions did: "core" always means the core actions of the person's
 * current role). A test holds the rebuilt rollups equal to the live ones.
 */

/** The core-action test over a usage_daily row `d` (its user's current role). */
const CORE = `(d.action <> 'view' AND EXISTS (SELECT 1 FROM core_action ca JOIN user u ON u.role_id = ca.role_id
	WHERE u.id = d.user_id AND ca.module = d.module AND ca.action = d.action))`;

/** A usage_daily row's CRM module bit (moduleBit); distinct bits summed are their union. */
const MODULE_BIT = `CASE d.module ${CRM_MODULE_NAMES.map((m) => `WHEN '${m}' THEN ${moduleBit(m)}`).join(' ')} END`;

const CHANGES = CHANGE_MODULES.map(changesColumn);
const CHANGE_ACTIONS = Object.keys(CORE_ACTION_KINDS)
	.map((a) => `'${a}'`)
	.join(', ');
/** A day's changes per module, summed from usage_daily rows `d`, in CHANGES order. */
const DAY_CHANGES = CHANGE_MODULES.map(
	(m) => `sum(CASE WHEN d.module = '${m}' AND d.action IN (${CHANGE_ACTIONS}) THEN d.count ELSE 0 END)`
).join(', ');

/** The people a rebuild covers: everyone, or those in the temp table `rollup_users`. */
function among(column: string, some: boolean) {
	return some ? `WHERE ${column} IN (SELECT id FROM temp.rollup_users)` : '';
}

function withUsers<T>(
	client: Database.Database,
	userIds: number[] | undefined,
	work: (some: boolean) => T
): T {
	if (!userIds) return work(false);
	client.exec('CREATE TEMP TABLE IF NOT EXISTS rollup_users (id INTEGER PRIMARY KEY)');
	client.exec('DELETE FROM temp.rollup_users');
	const add = client.prepare('INSERT OR IGNORE INTO temp.rollup_users (id) VALUES (?)');
	for (const id of userIds) add.run(id);
	try {
		return work(true);
	} finally {
		client.exec('DELETE FROM temp.rollup_users');
	}
}

/**
 * Recomputes the per-user rollups (day, week, first and last use) of `userIds` (all when omitted)
 * from `usage_daily` and the raw events. Call inside the transaction of the change that made them
 * stale.
 */
export function recomputeUserRollups(client: Database.Database, userIds?: number[]): void {
	withUsers(client, userIds, (some) => {
		client.exec(`DELETE FROM usage_user_day ${among('user_id', some)}`);
		client.exec(`INSERT INTO usage_user_day (user_id, day, events, views, core, modules, ${CHANGES.join(', ')})
			SELECT d.user_id, d.day, sum(d.count), sum(CASE WHEN d.action = 'view' THEN d.count ELSE 0 END),
				sum(CASE WHEN ${CORE} THEN d.count ELSE 0 END), coalesce(sum(DISTINCT ${MODULE_BIT}), 0), ${DAY_CHANGES}
			FROM usage_daily d ${among('d.user_id', some)}
			GROUP BY d.user_id, d.day`);
		client.exec(`DELETE FROM usage_user_week ${among('user_id', some)}`);
		// gap: the weeks since the person's previous week with use (null for their first).
		client.exec(`INSERT INTO usage_user_week
				(user_id, week, days, events, core, core_days, gap, modules, ${CHANGES.join(', ')})
			SELECT user_id, week, days, events, core, core_days,
				CAST(round((julianday(week) - julianday(lag(week) OVER (PARTITION BY user_id ORDER BY week))) / 7) AS INTEGER),
				modules, ${CHANGES.join(', ')}
			FROM (SELECT user_id, date(day, '-6 days', 'weekday 1') AS week, count(*) AS days, sum(events) AS events,
					sum(core) AS core, sum(core > 0) AS core_days, ${MODULES_UNION} AS modules,
					${CHANGES.map((c) => `sum(${c}) AS ${c}`).join(', ')}
				FROM usage_user_day ${among('user_id', some)}
				GROUP BY user_id, date(day, '-6 days', 'weekday 1'))`);
		client.exec(`DELETE FROM usage_user ${among('user_id', some)}`);
		client.exec(`INSERT INTO usage_user (user_id, first_at, last_at)
			SELECT user_id, min(at), max(at) FROM usage_event ${among('user_id', some)} GROUP BY user_id`);
		client.exec(`UPDATE usage_user SET (first_core_at, last_core_at) = (
				SELECT min(e.at), max(e.at) FROM usage_event e
				JOIN user u ON u.id = e.user_id
				JOIN core_action ca ON ca.role_id = u.role_id AND ca.module = e.module AND ca.action = e.action
				WHERE e.user_id = usage_user.user_id AND e.action <> 'view')
			${among('user_id', some)}`);
		// Before the raw events kept (raw-events.ts), first and last use come from the daily rollup, to the day.
		const rawFrom = rawEventsFrom(client);
		if (rawFrom)
			client
				.prepare(
					`INSERT INTO usage_user (user_id, first_at, last_at, first_core_at, last_core_at)
					SELECT d.user_id, unixepoch(min(d.day)) * 1000, unixepoch(max(d.day)) * 1000,
						unixepoch(min(CASE WHEN ${CORE} THEN d.day END)) * 1000, unixepoch(max(CASE WHEN ${CORE} THEN d.day END)) * 1000
					FROM usage_daily d WHERE d.day < ? ${some ? 'AND d.user_id IN (SELECT id FROM temp.rollup_users)' : ''}
					GROUP BY d.user_id
					ON CONFLICT (user_id) DO UPDATE SET first_at = min(first_at, excluded.first_at),
						last_at = max(last_at, excluded.last_at),
						first_core_at = coalesce(min(first_core_at, excluded.first_core_at), first_core_at, excluded.first_core_at),
						last_core_at = coalesce(max(last_core_at, excluded.last_core_at), last_core_at, excluded.last_core_at)`
				)
				.run(rawFrom);
	});
}

/**
 * Rebuilds every rollup from the raw usage events, in one transaction. Returns the events read.
 * Days before the raw events kept (raw-events.ts) keep their `usage_daily` rows: the rest is rebuilt
 * from those and the events.
 */
export function rebuildRollups(client: Database.Database): { events: number } {
	return client.transaction(() => {
		// Everything when no event was ever dropped ('' is before every day, 0 before every event).
		const rawFrom = rawEventsFrom(client);
		client.prepare('DELETE FROM usage_daily WHERE day >= ?').run(rawFrom ?? '');
		client
			.prepare(
				`INSERT INTO usage_daily (day, user_id, team_id, module, action, count)
				SELECT date(at / 1000, 'unixepoch'), user_id, team_id, module, action, count(*)
				FROM usage_event WHERE at >= ? GROUP BY 1, 2, 3, 4, 5`
			)
			.run(rawFrom ? Date.parse(`${rawFrom}T00:00:00Z`) : 0);
		recomputeUserRollups(client);
		return { events: client.prepare('SELECT count(*) FROM usage_event').pluck().get() as number };
	})();
}
