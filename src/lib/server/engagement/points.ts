import type Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { POINT_ACTIONS, type PointActionKey } from '$lib/engagement';
import { QUALITY_FIELD_CHOICES, type QualityEntity } from '../adoption/quality';
import type { Change } from '../audit/record';
import { utcDay, weekOf } from '../audit/usage';
import type { Actor } from '../auth/actor';
import { db, type Conn } from '../db';

/**
 * Points for the CRM work people do, given in the transaction of the change that earns them
 * (`awardForChange`, called by audit/record.ts for every audited change) and taken back the same way.
 *
 * - An action earns its rule's points (points_rule, else POINT_ACTIONS' default) only when the record
 *   passes the data-quality rule: the object's key fields (adoption's `quality_field`) filled. A change
 *   that fails it writes a ledger row of 0 points saying what was missing, so the person sees why.
 * - At most `dailyCap` of an action earn points per person and UTC day; the ones past it are counted
 *   (0 points, "Daily cap reached") so that contests, which count by their own frozen rules, see them.
 * - Once per record: a stage reached, a win, a case closed, a key field filled, a course completed earn
 *   once while the award stands (moving a deal back and forth earns nothing more).
 * - Taken back when the record is deleted, its import undone, the change rolled back, a completion
 *   reopened or a pain point reopened: a reversal row (negative points) names the award it reverses.
 * - `points_day` (per person, day, action), `points_period` (per person and week / month) are kept in the
 *   same transaction; reversals change the award's own day, week and month.
 */

type Client = Database.Database;

interface Rule {
	points: number;
	dailyCap: number;
	enabled: boolean;
}

interface LedgerRow {
	id: number;
	day: string;
	user_id: number;
	team_id: number;
	action: string;
	entity: string;
	entity_id: string;
	points: number;
}

const LEDGER_ROW = 'id, day, user_id, team_id, action, entity, entity_id, points';

interface Statements {
	rule: Database.Statement;
	keyFields: Database.Statement;
	today: Database.Statement;
	standing: Database.Statement;
	insert: Database.Statement;
	bumpDay: Database.Statement;
	bumpPeriod: Database.Statement;
	standingOf: Database.Statement;
	byAudit: Database.Statement;
	markReversed: Database.Statement;
	stage: Database.Statement;
	teamOf: Database.Statement;
	badges: Database.Statement;
	total: Database.Statement;
	awards: Database.Statement;
	awardBadge: Database.Statement;
}

const prepared = new WeakMap<Client, Statements>();

function statements(client: Client): Statements {
	let s = prepared.get(client);
	if (!s) {
		s = {
			rule: client.prepare('SELECT points, daily_cap AS dailyCap, enabled FROM points_rule WHERE action = ?'),
			keyFields: client.prepare('SELECT field FROM quality_field WHERE entity = ?').pluck(),
			today: client
				.prepare('SELECT paid FROM points_day WHERE day = ? AND user_id = ? AND action = ?')
				.pluck(),
			standing: client
				.prepare(
					`SELECT 1 FROM points_ledger WHERE entity = ? AND entity_id = ? AND action = ? AND detail = ?
					 AND counted = 1 AND reversed = 0 LIMIT 1`
				)
				.pluck(),
			insert: client.prepare(
				`INSERT INTO points_ledger (at, day, user_id, team_id, action, entity, entity_id, points, counted,
				 reason, detail, audit_id, reverses_id) VALUES (@at, @day, @userId, @teamId, @action, @entity,
				 @entityId, @points, @counted, @reason, @detail, @auditId, @reversesId)`
			),
			bumpDay: client.prepare(
				`INSERT INTO points_day (day, user_id, action, n, paid, points) VALUES (?, ?, ?, ?, ?, ?)
				 ON CONFLICT (day, user_id, action) DO UPDATE SET n = n + excluded.n, paid = paid + excluded.paid,
				 points = points + excluded.points`
			),
			bumpPeriod: client.prepare(
				`INSERT INTO points_period (period, user_id, points) VALUES (?, ?, ?)
				 ON CONFLICT (period, user_id) DO UPDATE SET points = points + excluded.points`
			),
			standingOf: client.prepare(
				`SELECT ${LEDGER_ROW} FROM points_ledger
				 WHERE entity = ? AND entity_id = ? AND counted = 1 AND reversed = 0 AND (? IS NULL OR action = ?)`
			),
			byAudit: client.prepare(
				`SELECT ${LEDGER_ROW} FROM points_ledger
				 WHERE entity = ? AND entity_id = ? AND audit_id = ? AND counted = 1 AND reversed = 0`
			),
			markReversed: client.prepare('UPDATE points_ledger SET reversed = 1 WHERE id = ?'),
			stage: client.prepare('SELECT position, kind, name FROM pipeline_stage WHERE id = ?'),
			teamOf: client.prepare('SELECT team_id FROM user WHERE id = ?').pluck(),
			badges: client.prepare(
				'SELECT id, name, threshold, repeatable, monthly_cap AS monthlyCap FROM badge WHERE action = ?'
			),
			total: client
				.prepare('SELECT coalesce(sum(n), 0) FROM points_day WHERE user_id = ? AND action = ?')
				.pluck(),
			awards: client.prepare(
				`SELECT count(*) AS ever, coalesce(sum(month = ?), 0) AS thisMonth FROM badge_award
				 WHERE user_id = ? AND badge_id = ?`
			),
			awardBadge: client.prepare(
				'INSERT INTO badge_award (badge_id, user_id, at, month, ledger_id) VALUES (?, ?, ?, ?, ?)'
			)
		};
		prepared.set(client, s);
	}
	return s;
}

/** An action's rule as it stands: the admin's row, else the catalogue's default. */
export function ruleOf(client: Client, action: PointActionKey): Rule {
	const row = statements(client).rule.get(action) as
		{ points: number; dailyCap: number; enabled: number } | undefined;
	if (row) return { points: row.points, dailyCap: row.dailyCap, enabled: row.enabled === 1 };
	const d = POINT_ACTIONS[action];
	return { points: d.points, dailyCap: d.dailyCap, enabled: true };
}

type Values = Record<string, unknown>;

function filled(kind: 'text' | 'link' | 'positive', value: unknown): boolean {
	if (kind === 'positive') return typeof value === 'number' && value > 0;
	if (kind === 'link') return value !== null && value !== undefined;
	return typeof value === 'string' && value.trim() !== '';
}

/** The key fields (as labels) a record of `entity` lacks. */
function missingKeyFields(s: Statements, entity: QualityEntity, record: Values): string[] {
	const keys = new Set(s.keyFields.all(entity) as string[]);
	return QUALITY_FIELD_CHOICES[entity]
		.filter((c) => keys.has(c.field) && !filled(c.filled, record[c.field]))
		.map((c) => c.label);
}

/** Key fields the change filled that were empty before: each may earn `quality.fixed` once per record. */
function fixedKeyFields(s: Statements, entity: QualityEntity, before: Values, after: Values) {
	const keys = new Set(s.keyFields.all(entity) as string[]);
	return QUALITY_FIELD_CHOICES[entity].filter(
		(c) => keys.has(c.field) && !filled(c.filled, before[c.field]) && filled(c.filled, after[c.field])
	);
}

export interface Earned {
	userId: number;
	teamId: number | null;
	action: PointActionKey;
	entity: string;
	entityId: string;
	/** Once per record and detail while the award stands; empty: no such limit. */
	detail: string;
	/** What was done, for the ledger: "Created deal Nordwind renewal". */
	what: string;
	/** Key fields missing: the action earns nothing and the ledger says why. */
	missing: string[];
}

function monthOf(day: string): string {
	return day.slice(0, 7);
}

function bumpPeriods(s: Statements, day: string, userId: number, points: number): void {
	if (points === 0) return;
	s.bumpPeriod.run(`w:${weekOf(day)}`, userId, points);
	s.bumpPeriod.run(`m:${monthOf(day)}`, userId, points);
}

function give(client: Client, s: Statements, e: Earned, auditId: number | null, at: number): void {
	const rule = ruleOf(client, e.action);
	if (!rule.enabled) return;
	if (e.detail && s.standing.get(e.entity, e.entityId, e.action, e.detail)) return;
	const day = utcDay(at);
	const base = {
		at,
		day,
		userId: e.userId,
		teamId: e.teamId ?? 0,
		action: e.action,
		entity: e.entity,
		entityId: e.entityId,
		detail: e.detail,
		auditId,
		reversesId: null
	};
	if (e.missing.length) {
		s.insert.run({
			...base,
			points: 0,
			counted: 0,
			reason: `${e.what}: no points, missing ${e.missing.join(', ')}`
		});
		return;
	}
	const paidToday = (s.today.get(day, e.userId, e.action) as number | undefined) ?? 0;
	const pays = paidToday < rule.dailyCap;
	const points = pays ? rule.points : 0;
	const reason = pays ? e.what : `${e.what}: daily cap of ${rule.dailyCap} reached`;
	const id = Number(s.insert.run({ ...base, points, counted: 1, reason }).lastInsertRowid);
	s.bumpDay.run(day, e.userId, e.action, 1, pays ? 1 : 0, points);
	bumpPeriods(s, day, e.userId, points);
	checkBadges(s, e.userId, e.action, id, at);
}

/** Milestones reached by this counted action: once, or each `threshold` more (at most monthlyCap a month). */
function checkBadges(s: Statements, userId: number, action: string, ledgerId: number, at: number): void {
	const badges = s.badges.all(action) as {
		id: number;
		threshold: number;
		repeatable: number;
		monthlyCap: number;
	}[];
	if (!badges.length) return;
	const month = monthOf(utcDay(at));
	let total: number | undefined;
	for (const b of badges) {
		const { ever, thisMonth } = s.awards.get(month, userId, b.id) as { ever: number; thisMonth: number };
		// A one-off badge already held, or a month's cap reached, needs no count.
		if ((!b.repeatable && ever > 0) || thisMonth >= b.monthlyCap) continue;
		total ??= s.total.get(userId, action) as number;
		if (total >= (ever + 1) * b.threshold) s.awardBadge.run(b.id, userId, at, month, ledgerId);
	}
}

function reverse(s: Statements, rows: LedgerRow[], reason: string, auditId: number | null, at: number) {
	for (const r of rows) {
		s.insert.run({
			at,
			day: r.day,
			userId: r.user_id,
			teamId: r.team_id,
			action: r.action,
			entity: r.entity,
			entityId: r.entity_id,
			points: -r.points,
			counted: -1,
			reason,
			detail: '',
			auditId,
			reversesId: r.id
		});
		s.markReversed.run(r.id);
		s.bumpDay.run(r.day, r.user_id, r.action, -1, r.points > 0 ? -1 : 0, -r.points);
		bumpPeriods(s, r.day, r.user_id, -r.points);
	}
}

const CRM_ENTITIES = new Set(['contact', 'company', 'deal', 'activity', 'case']);
const WATCHED = new Set([...CRM_ENTITIES, 'enrollment', 'pain_point']);
const CLOSED_CASE = new Set(['resolved', 'closed']);

function noun(entity: string): string {
	return entity === 'case' ? 'case' : entity;
}

/** What one audited change earns (none for most changes): see the module comment. */
function earned(s: Statements, actor: Actor, change: Change): Earned[] {
	const before = (change.before ?? {}) as Values;
	const after = (change.after ?? {}) as Values;
	const entityId = String(change.entityId);
	const mine = { userId: actor.user.id, teamId: actor.user.teamId, entity: change.entity, entityId };
	const out: Earned[] = [];
	const fixes = (entity: QualityEntity) => {
		if (change.action !== 'update') return;
		for (const c of fixedKeyFields(s, entity, before, after))
			out.push({
				...mine,
				action: 'quality.fixed',
				detail: c.field,
				what: `Filled the ${c.label} of ${noun(entity)} ${label(after)}`,
				missing: []
			});
	};
	switch (change.entity) {
		case 'activity':
			if (change.action === 'create')
				out.push({
					...mine,
					action: 'activity.logged',
					detail: '',
					what: `Logged ${String(after.type ?? 'an activity')} “${String(after.subject ?? '')}”`,
					missing: unlinkedActivity(after)
				});
			break;
		case 'contact':
			if (change.action === 'create')
				out.push({
					...mine,
					action: 'contact.created',
					detail: '',
					what: `Created contact ${label(after)}`,
					missing: missingKeyFields(s, 'contact', after)
				});
			fixes('contact');
			break;
		case 'company':
			fixes('company');
			break;
		case 'deal': {
			const missing = missingKeyFields(s, 'deal', after);
			if (change.action === 'create')
				out.push({
					...mine,
					action: 'deal.created',
					detail: '',
					what: `Created deal ${label(after)}`,
					missing
				});
			if (change.action === 'update' && before.stageId !== after.stageId) {
				const from = s.stage.get(before.stageId) as { position: number; kind: string } | undefined;
				const to = s.stage.get(after.stageId) as { position: number; kind: string; name: string } | undefined;
				if (from && to && to.kind === 'won' && from.kind !== 'won')
					out.push({ ...mine, action: 'deal.won', detail: 'won', what: `Won deal ${label(after)}`, missing });
				else if (from && to && to.kind === 'open' && from.kind === 'open' && to.position > from.position)
					out.push({
						...mine,
						action: 'deal.advanced',
						detail: `stage:${String(after.stageId)}`,
						what: `Moved deal ${label(after)} to ${to.name}`,
						missing
					});
			}
			fixes('deal');
			break;
		}
		case 'case':
			if (
				change.action === 'update' &&
				CLOSED_CASE.has(String(after.status)) &&
				!CLOSED_CASE.has(String(before.status))
			)
				out.push({
					...mine,
					action: 'case.closed',
					detail: 'closed',
					what: `Resolved case “${String(after.subject ?? '')}”`,
					missing: missingKeyFields(s, 'case', after)
				});
			fixes('case');
			break;
		case 'enrollment':
			if (change.action === 'update' && after.state === 'completed' && before.state !== 'completed') {
				const learner = Number(after.userId);
				out.push({
					userId: learner,
					teamId: (s.teamOf.get(learner) as number | null | undefined) ?? null,
					entity: 'enrollment',
					entityId,
					action: 'course.completed',
					detail: 'completed',
					what: 'Completed a course',
					missing: []
				});
			}
			break;
		case 'pain_point':
			if (change.action === 'update' && after.status === 'addressed' && before.status !== 'addressed') {
				const reporter = Number(after.reportedBy);
				out.push({
					userId: reporter,
					teamId: (s.teamOf.get(reporter) as number | null | undefined) ?? null,
					entity: 'pain_point',
					entityId,
					action: 'pain_point.addressed',
					detail: 'addressed',
					what: 'A pain point you reported was addressed',
					missing: []
				});
			}
			break;
	}
	return out;
}

/** An activity counts when it belongs to a record: what it lacks otherwise. */
export function unlinkedActivity(a: Values): string[] {
	return a.contactId || a.companyId || a.dealId ? [] : ['a linked contact, company or deal'];
}

function label(values: Values): string {
	if (values.name) return String(values.name);
	const person = [values.firstName, values.lastName].filter(Boolean).join(' ');
	return person || `#${String(values.id ?? '')}`;
}

/**
 * Gives and takes back the points of one audited change, in its transaction. Called by recordChange
 * for every change, so it returns at once for the changes that earn nothing.
 */
export function awardForChange(actor: Actor, change: Change, auditId: number): void {
	if (!WATCHED.has(change.entity)) return;
	const client = db().$client;
	const s = statements(client);
	const at = Date.now();
	const entityId = String(change.entityId);
	if (change.action === 'delete' || (change.action === 'rollback' && !change.after)) {
		const why =
			change.action === 'delete' ? `The ${noun(change.entity)} was deleted` : 'Its creation was rolled back';
		reverse(s, s.standingOf.all(change.entity, entityId, null, null) as LedgerRow[], why, auditId, at);
		return;
	}
	if (change.action === 'rollback') {
		if (change.revertsId)
			reverse(
				s,
				s.byAudit.all(change.entity, entityId, change.revertsId) as LedgerRow[],
				'The change was rolled back',
				auditId,
				at
			);
		return;
	}
	if (change.action === 'update') {
		const before = (change.before ?? {}) as Values;
		const after = (change.after ?? {}) as Values;
		const reopened =
			(change.entity === 'enrollment' && before.state === 'completed' && after.state !== 'completed') ||
			(change.entity === 'pain_point' && before.status === 'addressed' && after.status !== 'addressed');
		if (reopened) {
			const action = change.entity === 'enrollment' ? 'course.completed' : 'pain_point.addressed';
			const why =
				change.entity === 'enrollment' ? 'The completion was taken back' : 'The pain point was reopened';
			reverse(s, s.standingOf.all(change.entity, entityId, action, action) as LedgerRow[], why, auditId, at);
			return;
		}
	}
	for (const e of earned(s, actor, change)) give(client, s, e, auditId, at);
}

/**
 * Takes back the standing points of every record of `table` that `where` selects (an import undone):
 * call it before the records are deleted, in the same transaction.
 */
export function reversePointsOf(
	tx: Conn,
	change: { table: SQLiteTable; entity: string; where: SQL },
	reason: string
): number {
	const rows = tx.all<LedgerRow>(sql`
		SELECT ${sql.raw(LEDGER_ROW)} FROM points_ledger
		WHERE entity = ${change.entity} AND counted = 1 AND reversed = 0
		AND entity_id IN (SELECT CAST(id AS TEXT) FROM ${change.table} WHERE ${change.where})`);
	if (rows.length) reverse(statements(db().$client), rows, reason, null, Date.now());
	return rows.length;
}

/**
 * Gives the points of work recorded earlier (the demo's season, a back-fill), as `awardForChange`
 * would have given them at `at`: the same quality rule, caps and badges. `record` is the record as
 * drizzle names its fields; `entity` one of the quality objects when the action has key fields.
 */
export function awardRecorded(
	client: Client,
	e: Omit<Earned, 'missing'> & { record?: Values; quality?: QualityEntity; missing?: string[] },
	at: number
): void {
	const s = statements(client);
	const missing = e.missing ?? (e.quality && e.record ? missingKeyFields(s, e.quality, e.record) : []);
	give(client, s, { ...e, missing }, null, at);
}

/** Rebuilds `points_day` and `points_period` from the ledger (they must equal what the awards kept). */
export function rebuildPointsRollups(client: Client = db().$client): void {
	client.exec(`DELETE FROM points_day; DELETE FROM points_period;
		INSERT INTO points_day (day, user_id, action, n, paid, points)
		SELECT day, user_id, action, sum(counted), sum(CASE WHEN points > 0 THEN 1 WHEN points < 0 THEN -1 ELSE 0 END), sum(points)
		FROM points_ledger WHERE counted <> 0 GROUP BY day, user_id, action;`);
	const days = client
		.prepare('SELECT day, user_id AS userId, sum(points) AS points FROM points_day GROUP BY day, user_id')
		.all() as {
		day: string;
		userId: number;
		points: number;
	}[];
	const s = statements(client);
	for (const d of days) bumpPeriods(s, d.day, d.userId, d.points);
}
