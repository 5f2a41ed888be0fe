import { and, asc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import { utcDay } from '../audit/usage';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput } from '../validation';

/**
 * Data quality of the CRM's records, per owner, team and for everyone.
 *
 * - Key fields per object are rows of `quality_field` (entity, field = the drizzle property name),
 *   chosen by the admin among QUALITY_FIELD_CHOICES. Defaults: contact email, phone, companyId; deal
 *   amountMinor (filled = > 0), closeDate, contactId; company domain, phone; case contactId. A text
 *   field is filled when not empty, a link when set.
 * - Per record, checks = (number of its object's key fields) + 1 duplicate check + 1 stale check.
 * - Problems: each empty key field; being a duplicate candidate (contact: another contact with the
 *   same non-empty email, case-insensitive; company: another company with the same nameKey or the
 *   same non-empty domain); stale: an open deal (its stage's kind is open) whose close date has
 *   passed, or an open deal or open case (status not resolved/closed) untouched (updatedAt) for more
 *   than `staleDays` days (default 30).
 * - Score of a group (an owner, a team, everyone) = 100 × (checks − problems) / checks, rounded to
 *   one decimal; null when the group owns no records. A group's totals are the sums of its owners'.
 * - Reasons: counts per problem kind, keyed `<entity>.<field>` (e.g. `deal.closeDate`),
 *   `duplicate.contact`, `duplicate.company`, `stale.deal`, `stale.case`.
 * - A team is the owner's current team (a record keeps the team it was given, the score follows
 *   the person). Duplicates are sought among all records, also when only some owners' are counted.
 * - The trend reads `quality_snapshot`: one row per owner and UTC day, written by snapshotQuality
 *   (pages call ensureTodaySnapshot, so each day the app is used has a point).
 */

export type QualityEntity = 'contact' | 'company' | 'deal' | 'case';
export const QUALITY_ENTITIES: readonly QualityEntity[] = ['contact', 'company', 'deal', 'case'];

/** When a field counts as filled: text not empty, a link set, an amount above zero. */
type Filled = 'text' | 'link' | 'positive';

export interface QualityFieldChoice {
	/** The drizzle property name, as `quality_field.field` stores it. */
	field: string;
	/** As a sentence names it: "Missing: close date on 41 deals". */
	label: string;
	filled: Filled;
}

/** The fields an admin may make key fields, per object, in the order a form lists them. */
export const QUALITY_FIELD_CHOICES: Record<QualityEntity, readonly QualityFieldChoice[]> = {
	contact: [
		{ field: 'email', label: 'email', filled: 'text' },
		{ field: 'phone', label: 'phone', filled: 'text' },
		{ field: 'companyId', label: 'company', filled: 'link' },
		{ field: 'firstName', label: 'first name', filled: 'text' },
		{ field: 'title', label: 'job title', filled: 'text' },
		{ field: 'city', label: 'city', filled: 'text' },
		{ field: 'country', label: 'country', filled: 'text' }
	],
	company: [
		{ field: 'domain', label: 'web domain', filled: 'text' },
		{ field: 'phone', label: 'phone', filled: 'text' },
		{ field: 'industry', label: 'industry', filled: 'text' },
		{ field: 'city', label: 'city', filled: 'text' },
		{ field: 'country', label: 'country', filled: 'text' }
	],
	deal: [
		{ field: 'amountMinor', label: 'amount', filled: 'positive' },
		{ field: 'closeDate', label: 'close date', filled: 'text' },
		{ field: 'contactId', label: 'contact', filled: 'link' },
		{ field: 'companyId', label: 'company', filled: 'link' }
	],
	case: [
		{ field: 'contactId', label: 'contact', filled: 'link' },
		{ field: 'companyId', label: 'company', filled: 'link' },
		{ field: 'description', label: 'description', filled: 'text' }
	]
};

export const DEFAULT_QUALITY_FIELDS: Record<QualityEntity, readonly string[]> = {
	contact: ['email', 'phone', 'companyId'],
	company: ['domain', 'phone'],
	deal: ['amountMinor', 'closeDate', 'contactId'],
	case: ['contactId']
};

const NOUNS: Record<QualityEntity, [string, string]> = {
	contact: ['contact', 'contacts'],
	company: ['company', 'companies'],
	deal: ['deal', 'deals'],
	case: ['case', 'cases']
};

const TABLES = {
	contact: schema.contact,
	company: schema.company,
	deal: schema.deal,
	case: schema.supportCase
};

const DEFAULTS_KEY = 'adoption.qualityDefaults';
const DAY = 86_400_000;
export const DEFAULT_STALE_DAYS = 30;

function isEntity(entity: string): entity is QualityEntity {
	return (QUALITY_ENTITIES as readonly string[]).includes(entity);
}

function choiceOf(entity: QualityEntity, field: string): QualityFieldChoice | undefined {
	return QUALITY_FIELD_CHOICES[entity].find((c) => c.field === field);
}

function plural(n: number, [one, many]: [string, string]): string {
	return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** One problem count as a sentence: "Missing: close date on 41 deals", "3 duplicate contacts". */
export function describeProblem(key: string, n: number, staleDays = DEFAULT_STALE_DAYS): string {
	const [kind, rest] = key.split('.', 2);
	const days = plural(staleDays, ['day', 'days']);
	if (kind === 'duplicate' && isEntity(rest)) {
		const [one, many] = NOUNS[rest];
		return plural(n, [`duplicate ${one}`, `duplicate ${many}`]);
	}
	if (kind === 'stale' && rest === 'deal')
		return `${plural(n, ['open deal', 'open deals'])} past close date or untouched for ${days}`;
	if (kind === 'stale' && rest === 'case')
		return `${plural(n, ['open case', 'open cases'])} untouched for ${days}`;
	if (isEntity(kind)) {
		const label = choiceOf(kind, rest)?.label ?? rest;
		return `Missing: ${label} on ${plural(n, NOUNS[kind])}`;
	}
	return `${key}: ${n}`;
}

/** A group's problems as sentences, the largest first. */
export function reasons(problems: Record<string, number>, staleDays = DEFAULT_STALE_DAYS) {
	return Object.entries(problems)
		.filter(([, n]) => n > 0)
		.sort(([a, n], [b, m]) => m - n || a.localeCompare(b))
		.map(([key, count]) => ({ key, count, text: describeProblem(key, count, staleDays) }));
}

/**
 * Gives each object its default key fields, once per database: a marker setting keeps an admin's
 * later choice (even "none") from being undone at the next start.
 */
export function ensureQualityFieldDefaults(conn: Conn): void {
	const done = conn.select().from(schema.setting).where(eq(schema.setting.key, DEFAULTS_KEY)).get();
	if (done) return;
	conn.transaction((tx) => {
		for (const entity of QUALITY_ENTITIES)
			for (const field of DEFAULT_QUALITY_FIELDS[entity])
				tx.insert(schema.qualityField).values({ entity, field }).onConflictDoNothing().run();
		tx.insert(schema.setting)
			.values({ key: DEFAULTS_KEY, value: { qualityFields: true } })
			.run();
	});
}

/** Each object's key fields, in the order of QUALITY_FIELD_CHOICES (unknown rows are ignored). */
export function qualityFields(conn: Conn): Record<QualityEntity, string[]> {
	const stored = new Set(
		conn
			.select({ entity: schema.qualityField.entity, field: schema.qualityField.field })
			.from(schema.qualityField)
			.all()
			.map((r) => `${r.entity}.${r.field}`)
	);
	const out = { contact: [], company: [], deal: [], case: [] } as Record<QualityEntity, string[]>;
	for (const entity of QUALITY_ENTITIES)
		for (const c of QUALITY_FIELD_CHOICES[entity])
			if (stored.has(`${entity}.${c.field}`)) out[entity].push(c.field);
	return out;
}

/** Makes `fields` the key fields of `entity` (an admin setting, audited). Returns them as stored. */
export function setQualityFields(actor: Actor, entity: string, fields: string[]): string[] {
	authorize(actor.user, 'admin.settings');
	if (!isEntity(entity)) throw new InvalidInput({ entity: 'Choose contacts, companies, deals or cases.' });
	const wanted = new Set(fields);
	const errors: Record<string, string> = {};
	const names = QUALITY_FIELD_CHOICES[entity].map((c) => c.label).join(', ');
	const objects = NOUNS[entity][1];
	for (const field of wanted)
		if (!choiceOf(entity, field))
			errors[field] =
				`${objects[0].toUpperCase()}${objects.slice(1)} have no field “${field}” to check; choose among ${names}.`;
	if (Object.keys(errors).length) throw new InvalidInput(errors);
	const { qualityField } = schema;
	return db().transaction((tx) => {
		const before = qualityFields(tx)[entity];
		const after = QUALITY_FIELD_CHOICES[entity].map((c) => c.field).filter((f) => wanted.has(f));
		if (before.join() === after.join()) return before;
		tx.delete(qualityField).where(eq(qualityField.entity, entity)).run();
		if (after.length)
			tx.insert(qualityField)
				.values(after.map((field) => ({ entity, field })))
				.run();
		const labels = after.map((f) => choiceOf(entity, f)!.label).join(', ') || 'none';
		recordChange(tx, actor, {
			module: 'admin.settings',
			action: 'update',
			entity: 'quality_field',
			entityId: entity,
			before: { entity, fields: before },
			after: { entity, fields: after },
			summary: `Set the key fields of ${NOUNS[entity][1]}: ${labels}`
		});
		return after;
	});
}

export interface QualityTotals {
	records: number;
	checks: number;
	/** Problem counts by reason key; only reasons with a count above zero. */
	problems: Record<string, number>;
	score: number | null;
}

export interface OwnerQuality extends QualityTotals {
	ownerId: number;
	/** The owner's current team (null: none). */
	teamId: number | null;
}

export interface OwnedColumns {
	ownerId: SQLiteColumn;
	teamId: SQLiteColumn;
}

/**
 * Which records count: a condition over each table's owner and team columns (e.g.
 * `(c) => scopeWhere(actor.user, c)`), or owners by id and/or by their current team (given both,
 * an owner must match both).
 */
export type QualityWhere =
	| ((columns: OwnedColumns) => SQL | undefined)
	| { ownerIds?: readonly number[]; teamIds?: readonly number[] };

export interface QualityOptions {
	where?: QualityWhere;
	staleDays?: number;
	/** Epoch ms the stale rules measure from; now by default. */
	now?: number;
}

function score(checks: number, problems: number): number | null {
	return checks ? Math.round((1000 * (checks - problems)) / checks) / 10 : null;
}

function total(problems: Record<string, number>): number {
	return Object.values(problems).reduce((a, n) => a + n, 0);
}

/** The totals and score of a group: the sums of its owners' rows. */
export function combine(rows: readonly QualityTotals[]): QualityTotals {
	const problems: Record<string, number> = {};
	let records = 0;
	let checks = 0;
	for (const r of rows) {
		records += r.records;
		checks += r.checks;
		for (const [key, n] of Object.entries(r.problems)) problems[key] = (problems[key] ?? 0) + n;
	}
	return { records, checks, problems, score: score(checks, total(problems)) };
}

const none = sql`0`;

function whereOf(conn: Conn, where: QualityWhere | undefined, columns: OwnedColumns): SQL | undefined {
	if (!where) return undefined;
	if (typeof where === 'function') return where(columns);
	const { ownerIds, teamIds } = where;
	const byOwner = ownerIds && (ownerIds.length ? inArray(columns.ownerId, [...ownerIds]) : none);
	const byTeam =
		teamIds &&
		(teamIds.length
			? inArray(
					columns.ownerId,
					conn
						.select({ id: schema.user.id })
						.from(schema.user)
						.where(inArray(schema.user.teamId, [...teamIds]))
				)
			: none);
	return and(byOwner, byTeam);
}

function missing(column: SQLiteColumn, filled: Filled): SQL {
	switch (filled) {
		case 'text':
			return sql`coalesce(${column}, '') = ''`;
		case 'link':
			return sql`${column} is null`;
		case 'positive':
			return sql`coalesce(${column}, 0) <= 0`;
	}
}

/**
 * Whether a record is a duplicate candidate, tested per record: for a query over some owners' records,
 * where a look-up in the email, name or domain index per record is cheaper than finding every
 * duplicate key of the table. Emails are stored lower case by every writer (the contact schema,
 * imports), so equality is case-insensitive.
 */
function duplicateTest(entity: QualityEntity): SQL | undefined {
	const { contact, company } = schema;
	switch (entity) {
		case 'contact':
			return sql`(${contact.email} <> '' and exists
				(select 1 from contact d where d.email = ${contact.email} and d.id <> ${contact.id}))`;
		case 'company':
			return sql`(exists (select 1 from company d where d.name_key = ${company.nameKey} and d.id <> ${company.id})
				or (${company.domain} <> '' and exists
				(select 1 from company d where d.domain = ${company.domain} and d.id <> ${company.id})))`;
	}
}

/**
 * Duplicate candidates per owner over the whole table: the duplicate keys from one walk of the
 * email (name, domain) index, then their records. For everyone's records, this costs a fraction of
 * a look-up per record.
 */
function duplicatesByOwner(entity: QualityEntity): SQL | undefined {
	switch (entity) {
		case 'contact':
			return sql`select c.owner_id as owner_id, count(*) as n
				from (select email from contact where email <> '' group by email having count(*) > 1) x
				join contact c on c.email = x.email group by c.owner_id`;
		case 'company':
			return sql`select c.owner_id as owner_id, count(*) as n from company c where c.id in (
				select c2.id from (select name_key from company group by name_key having count(*) > 1) x
				join company c2 on c2.name_key = x.name_key
				union
				select c3.id from (select domain from company where domain <> '' group by domain having count(*) > 1) y
				join company c3 on c3.domain = y.domain)
				group by c.owner_id`;
	}
}

/** Whether a record is stale: an open deal past its close date or untouched, an open case untouched. */
function staleTest(entity: QualityEntity, today: string, cutoff: number): SQL | undefined {
	const { deal, supportCase } = schema;
	switch (entity) {
		case 'deal':
			return sql`(${deal.stageId} in (select s.id from pipeline_stage s where s.kind = 'open')
				and ((${deal.closeDate} <> '' and ${deal.closeDate} < ${today}) or ${deal.updatedAt} < ${cutoff}))`;
		case 'case':
			return sql`(${supportCase.status} not in ('resolved', 'closed') and ${supportCase.updatedAt} < ${cutoff})`;
	}
}

interface Counts {
	owner_id: number;
	records: number;
	[problem: string]: number;
}

/**
 * Data quality per owner of records (one row per owner with at least one record that `where`
 * admits, in owner order): one GROUP BY owner query per object, never one per record.
 */
export function qualityByOwner(conn: Conn, opts: QualityOptions = {}): OwnerQuality[] {
	const now = opts.now ?? Date.now();
	const staleDays = opts.staleDays ?? DEFAULT_STALE_DAYS;
	const today = utcDay(now);
	const cutoff = now - staleDays * DAY;
	const fields = qualityFields(conn);
	const byOwner = new Map<number, { records: number; checks: number; problems: Record<string, number> }>();
	for (const entity of QUALITY_ENTITIES) {
		const table = TABLES[entity];
		const columns = table as unknown as Record<string, SQLiteColumn>;
		const where = whereOf(conn, opts.where, table);
		// Everyone's duplicates come from their own query (see duplicatesByOwner); some owners' inline.
		const separate = where === undefined ? duplicatesByOwner(entity) : undefined;
		const checked: [string, SQL | undefined][] = [
			...fields[entity].map((f): [string, SQL] => [
				`${entity}.${f}`,
				missing(columns[f], choiceOf(entity, f)!.filled)
			]),
			[`duplicate.${entity}`, separate ? undefined : duplicateTest(entity)],
			[`stale.${entity}`, staleTest(entity, today, cutoff)]
		];
		const problems = checked.filter((c): c is [string, SQL] => c[1] !== undefined);
		const keys = problems.map(([key]) => key);
		const selected = problems.map(([, s], i) => sql`, sum(${s}) as ${sql.identifier(`p${i}`)}`);
		// Some owners' records: the owner and team indexes find them. Everyone's: a scan of the table and a
		// sort by owner (`+`), faster than reading every record in owner-index order (random pages).
		const rows = conn.all<Counts>(
			sql`select ${table.ownerId} as owner_id, count(*) as records${sql.join(selected)}
				from ${table} ${where ? sql`where ${where} group by ${table.ownerId}` : sql`group by +${table.ownerId}`}`
		);
		const duplicates = new Map(
			separate ? conn.all<{ owner_id: number; n: number }>(separate).map((d) => [d.owner_id, d.n]) : []
		);
		const checksPer = fields[entity].length + 2;
		for (const row of rows) {
			const acc = byOwner.get(row.owner_id) ?? { records: 0, checks: 0, problems: {} };
			acc.records += row.records;
			acc.checks += row.records * checksPer;
			keys.forEach((key, i) => {
				const n = row[`p${i}`];
				if (n > 0) acc.problems[key] = n;
			});
			const n = duplicates.get(row.owner_id);
			if (n) acc.problems[`duplicate.${entity}`] = n;
			byOwner.set(row.owner_id, acc);
		}
	}
	if (byOwner.size === 0) return [];
	const teams = new Map(
		conn
			.select({ id: schema.user.id, teamId: schema.user.teamId })
			.from(schema.user)
			.all()
			.map((u) => [u.id, u.teamId])
	);
	return [...byOwner.entries()]
		.sort(([a], [b]) => a - b)
		.map(([ownerId, acc]) => ({
			ownerId,
			teamId: teams.get(ownerId) ?? null,
			...acc,
			score: score(acc.checks, total(acc.problems))
		}));
}

/**
 * Writes the owners' scores as of now into the snapshot of `day` (UTC), replacing that day's rows,
 * so that running it twice a day keeps the later figures. Returns the rows written.
 */
export function snapshotQuality(
	conn: Conn,
	day = utcDay(Date.now()),
	opts: Omit<QualityOptions, 'where'> = {}
): number {
	// Computed before the write transaction opens: the reads take a while on a large CRM.
	const rows = qualityByOwner(conn, opts);
	const { qualitySnapshot } = schema;
	conn.transaction((tx) => {
		tx.delete(qualitySnapshot).where(eq(qualitySnapshot.day, day)).run();
		for (let i = 0; i < rows.length; i += 500)
			tx.insert(qualitySnapshot)
				.values(
					rows.slice(i, i + 500).map((r) => ({
						day,
						ownerId: r.ownerId,
						teamId: r.teamId ?? 0,
						records: r.records,
						checks: r.checks,
						score: r.score ?? 100,
						problems: r.problems
					}))
				)
				.run();
	});
	return rows.length;
}

/** Writes today's snapshot unless it exists (one indexed look-up when it does). Returns whether it wrote. */
export function ensureTodaySnapshot(conn: Conn, opts: Omit<QualityOptions, 'where'> = {}): boolean {
	const day = utcDay(opts.now ?? Date.now());
	const { qualitySnapshot } = schema;
	const has = conn
		.select({ day: qualitySnapshot.day })
		.from(qualitySnapshot)
		.where(eq(qualitySnapshot.day, day))
		.limit(1)
		.get();
	if (has) return false;
	snapshotQuality(conn, day, opts);
	return true;
}

/**
 * The daily score of the chosen owners (by id and/or current team; all when neither) from `since`
 * (YYYY-MM-DD) on: each day's owners combined, weighted by their checks as the live score is.
 */
export function qualityTrend(
	conn: Conn,
	opts: { teamIds?: readonly number[]; ownerIds?: readonly number[]; since: string }
): { day: string; score: number | null; records: number }[] {
	const { qualitySnapshot: q } = schema;
	const inList = (column: SQLiteColumn, ids: readonly number[] | undefined) =>
		ids && (ids.length ? inArray(column, [...ids]) : none);
	return conn
		.select({
			day: q.day,
			records: sql<number>`sum(${q.records})`.mapWith(Number),
			checks: sql<number>`sum(${q.checks})`.mapWith(Number),
			weighted: sql<number>`sum(${q.score} * ${q.checks})`.mapWith(Number)
		})
		.from(q)
		.where(and(gte(q.day, opts.since), inList(q.teamId, opts.teamIds), inList(q.ownerId, opts.ownerIds)))
		.groupBy(q.day)
		.orderBy(asc(q.day))
		.all()
		.map((r) => ({
			day: r.day,
			records: r.records,
			// Each owner weighs as many checks as their records had, as in the live score.
			score: r.checks ? Math.round((10 * r.weighted) / r.checks) / 10 : null
		}));
}
