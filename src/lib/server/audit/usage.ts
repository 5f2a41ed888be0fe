import type Database from 'better-sqlite3';
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
}

// Prepared once per connection: this runs on every signed-in request, so it stays two cached statements.
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

/**
 * Appends a usage event and keeps the daily rollup current. Synchronous: called inside a domain
 * write's transaction it commits or rolls back with the change; called alone it is its own
 * (tiny) transaction.
 */
export function recordUsage(event: UsageEvent): void {
	const client = db().$client;
	const s = statements(client);
	const at = event.at ?? Date.now();
	const team = event.teamId ?? 0;
	const write = () => {
		s.insertEvent.run(
			at,
			event.userId,
			team,
			event.module,
			event.action,
			event.entity ?? '',
			String(event.entityId ?? '')
		);
		s.bumpDaily.run(utcDay(at), event.userId, team, event.module, event.action);
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
