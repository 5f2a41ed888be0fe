import type Database from 'better-sqlite3';
import { CHANGE_MODULES, CORE_ACTION_KINDS, changesColumn, moduleBit } from '$lib/adoption';
import { db } from '../db';

export interface UsageEvent {
	userId: number;
	/** The user's team at the time; null for none (stored as 0). */
	teamId: number | null;
	/** Area and page or object, e.g. `admin.users`, `crm.contacts`. */
	module: string;
	/** `view` for a page view; `create`, `update`, `delete`, … for mutations. */
	action: string;
	entity?: string;
	entityId?: string | number;
	/** Epoch ms; defaults to now. */
	at?: number;
}

interface Statements {
	insertEvent: Database.Statement;
	bumpDaily: Database.Statement;
	isCore: Database.Statement;
	bumpUserDay: Database.Statement;
	bumpUserWeek: Database.Statement;
	gapOfWeek: Database.Statement;
	gapOfNextWeek: Database.Statement;
	bumpUser: Database.Statement;
}

/** Whether (module, action) is a core action of the user's role (adoption/core.ts configures them). */
export const IS_CORE_SQL = `EXISTS (SELECT 1 FROM core_action ca JOIN user u ON u.role_id = ca.role_id
	WHERE u.id = ? AND ca.module = ? AND ca.action = ?)`;

const CHANGES = CHANGE_MODULES.map(changesColumn);
const CHANGES_INSERT = CHANGES.join(', ');
const CHANGES_VALUES = CHANGES.map(() => '?').join(', ');
const CHANGES_BUMP = CHANGES.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
/** Weeks from the Monday `earlier` to the Monday `later`. */
const WEEKS = (later: string, earlier: string) =>
	`CAST(round((julianday(${later}) - julianday(${earlier})) / 7) AS INTEGER)`;

/** The 1 in the column of a change's module (none for a page view or another module), in CHANGES order. */
function changeCounts(module: string, action: string): number[] {
	const change = action in CORE_ACTION_KINDS;
	return CHANGE_MODULES.map((m) => (change && m === module ? 1 : 0));
}

// Prepared once per connection: this runs on every signed-in request, so it stays a few cached statements.
const prepared = new WeakMap<Database.Database, Statements>();

function statements(client: Database.Database): Statements {
	let s = prepared.get(client);
	if (!s) {
		s = {
			insertEvent: client.prepare(
				'INSERT INTO usage_event (at, user_id, team_id, module, action, entity, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?)'
			),
			bumpDaily: client.prepare(
				`INSERT INTO usage_daily (day, user_id, team_id, module, action, count) VALUES (?, ?, ?, ?, ?, 1)
				 ON CONFLICT (day, user_id, team_id, module, action) DO UPDATE SET count = count + 1`
			),
			isCore: client.prepare(`SELECT ${IS_CORE_SQL}`).pluck(),
			bumpUserDay: client.prepare(
				`INSERT INTO usage_user_day (user_id, day, events, views, core, modules, ${CHANGES_INSERT})
				 VALUES (?, ?, 1, ?, ?, ?, ${CHANGES_VALUES})
				 ON CONFLICT (user_id, day) DO UPDATE SET events = events + 1, views = views + excluded.views,
				 core = core + excluded.core, modules = modules | excluded.modules, ${CHANGES_BUMP}
				 RETURNING events, core`
			),
			bumpUserWeek: client.prepare(
				`INSERT INTO usage_user_week (user_id, week, days, events, core, core_days, modules, ${CHANGES_INSERT})
				 VALUES (?, ?, ?, 1, ?, ?, ?, ${CHANGES_VALUES})
				 ON CONFLICT (user_id, week) DO UPDATE SET days = days + excluded.days, events = events + 1,
				 core = core + excluded.core, core_days = core_days + excluded.core_days,
				 modules = modules | excluded.modules, ${CHANGES_BUMP}
				 RETURNING events`
			),
			// A person's first event of a week makes its row: its gap is the weeks since their previous
			// week with use, and the next week's (if this event is back-dated) is now the weeks since this.
			gapOfWeek: client.prepare(
				`UPDATE usage_user_week SET gap = (SELECT ${WEEKS('@week', 'max(w.week)')} FROM usage_user_week w
				 WHERE w.user_id = @user AND w.week < @week) WHERE user_id = @user AND week = @week`
			),
			gapOfNextWeek: client.prepare(
				`UPDATE usage_user_week SET gap = ${WEEKS('week', '@week')} WHERE user_id = @user
				 AND week = (SELECT min(w.week) FROM usage_user_week w WHERE w.user_id = @user AND w.week > @week)`
			),
			bumpUser: client.prepare(
				`INSERT INTO usage_user (user_id, first_at, last_at, first_core_at, last_core_at) VALUES (?, ?, ?, ?, ?)
				 ON CONFLICT (user_id) DO UPDATE SET first_at = min(first_at, excluded.first_at),
				 last_at = max(last_at, excluded.last_at),
				 first_core_at = coalesce(min(first_core_at, excluded.first_core_at), first_core_at, excluded.first_core_at),
				 last_core_at = coalesce(max(last_core_at, excluded.last_core_at), last_core_at, excluded.last_core_at)`
			)
		};
		prepared.set(client, s);
	}
	return s;
}

/** The UTC calendar day of an epoch-ms instant, as the rollup keys it. */
export function utcDay(at: number): string {
	return new Date(at).toISOString().slice(0, 10);
}

/** The Monday (YYYY-MM-DD) of the UTC week of a day: the key of the weekly rollup. */
export function weekOf(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
	return d.toISOString().slice(0, 10);
}

/**
 * Appends a usage event and keeps the rollups current: per day × user × module × action, per user
 * and day, per user and week, and each user's first and last use and core action. Synchronous:
 * called inside a domain write's transaction it commits or rolls back with the change; called alone
 * it is its own (tiny) transaction.
 */
export function recordUsage(event: UsageEvent): void {
	const client = db().$client;
	const s = statements(client);
	const at = event.at ?? Date.now();
	const team = event.teamId ?? 0;
	const write = () => {
		const day = utcDay(at);
		const view = event.action === 'view';
		s.insertEvent.run(
			at,
			event.userId,
			team,
			event.module,
			event.action,
			event.entity ?? '',
			String(event.entityId ?? '')
		);
		s.bumpDaily.run(day, event.userId, team, event.module, event.action);
		const core = !view && s.isCore.get(event.userId, event.module, event.action) ? 1 : 0;
		const bit = moduleBit(event.module);
		const changes = changeCounts(event.module, event.action);
		const today = s.bumpUserDay.get(event.userId, day, view ? 1 : 0, core, bit, ...changes) as {
			events: number;
			core: number;
		};
		const firstCoreToday = core === 1 && today.core === 1 ? 1 : 0;
		const week = weekOf(day);
		const thisWeek = s.bumpUserWeek.get(
			event.userId,
			week,
			today.events === 1 ? 1 : 0,
			core,
			firstCoreToday,
			bit,
			...changes
		) as { events: number };
		if (thisWeek.events === 1) {
			s.gapOfWeek.run({ user: event.userId, week });
			s.gapOfNextWeek.run({ user: event.userId, week });
		}
		s.bumpUser.run(event.userId, at, at, core ? at : null, core ? at : null);
	};
	if (client.inTransaction) write();
	else client.transaction(write)();
}

/**
 * Whether a response is a page view, logged as one usage event: a signed-in GET of a page behind
 * sign-in (or of its data, when the browser navigates), or of a file such as an export. A JSON answer
 * of an endpoint (the owner filter's suggestions) is part of the page already counted.
 */
export function isPageView(view: {
	method: string;
	status: number;
	routeId: string | null;
	isDataRequest: boolean;
	contentType: string | null;
}): boolean {
	if (view.method !== 'GET' || view.status !== 200 || !view.routeId?.startsWith('/(app)')) return false;
	return view.isDataRequest || !view.contentType?.startsWith('application/json');
}

/**
 * The module a page belongs to, from its SvelteKit route id: `/(app)/admin/users/[id]` → `admin.users`,
 * `/(app)` → `home`.
 */
export function moduleOfRoute(routeId: string): string {
	const parts = routeId.split('/').filter((p) => p && !p.startsWith('(') && !p.startsWith('['));
	return parts.length ? parts.slice(0, 2).join('.') : 'home';
}
