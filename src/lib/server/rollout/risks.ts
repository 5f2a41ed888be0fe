import { and, asc, desc, eq, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { RiskCategory, RiskStatus } from '$lib/rollout';
import { riskForm, riskReviewForm } from '$lib/schemas/rollout';
import { authorize } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput, parse } from '../validation';
import { activeUserId, find, rolloutVerbs, updateRecord, type RolloutObject } from './records';
import { today } from './dates';

/**
 * The risk register: risks scored likelihood × impact, a 5×5 heat map, and reviews that record each
 * new assessment so a risk's trend shows. Reading needs rollout.read, writing rollout.write.
 */

const { risk, riskReview, phase, user } = schema;
export type Risk = typeof risk.$inferSelect;

export const riskObject: RolloutObject<typeof risk, Risk> = {
	entity: 'risk',
	module: 'rollout.risks',
	noun: 'risk',
	table: risk,
	id: risk.id,
	describe: (r) => r.title
};

/** A phase id from a form, or a field error when there is no such phase. */
export function existingPhaseId(conn: Conn, id: number | null, field = 'phaseId'): number | null {
	if (id === null) return null;
	if (!conn.select({ id: phase.id }).from(phase).where(eq(phase.id, id)).get())
		throw new InvalidInput({ [field]: 'Choose one of the phases.' });
	return id;
}

function values(conn: Conn, _actor: Actor, input: unknown) {
	const fields = parse(riskForm, input);
	activeUserId(conn, fields.ownerId);
	existingPhaseId(conn, fields.phaseId);
	return fields;
}

const verbs = rolloutVerbs(riskObject, 'rollout.write', values);
export const create = verbs.create;
export const update = verbs.update;
export const remove = verbs.remove;

export interface RiskFilters {
	category?: RiskCategory;
	/** A status, or `active` (open and mitigating), the default. */
	status?: RiskStatus | 'active' | 'all';
	phaseId?: number;
	ownerId?: number;
	/** Only risks whose review date has passed. */
	overdue?: boolean;
	/** One cell of the heat map. */
	likelihood?: number;
	impact?: number;
}

const score = sql<number>`${risk.likelihood} * ${risk.impact}`;

function where(filters: RiskFilters): SQL | undefined {
	const status = filters.status ?? 'active';
	return and(
		status === 'active'
			? inArray(risk.status, ['open', 'mitigating'])
			: status === 'all'
				? undefined
				: eq(risk.status, status),
		filters.category ? eq(risk.category, filters.category) : undefined,
		filters.phaseId ? eq(risk.phaseId, filters.phaseId) : undefined,
		filters.ownerId ? eq(risk.ownerId, filters.ownerId) : undefined,
		filters.overdue ? and(isNotNull(risk.nextReviewDate), lt(risk.nextReviewDate, today())) : undefined,
		filters.likelihood ? eq(risk.likelihood, filters.likelihood) : undefined,
		filters.impact ? eq(risk.impact, filters.impact) : undefined
	);
}

/** The register as filtered, highest score first; each row says whether its review is overdue. */
export function list(actor: Actor, filters: RiskFilters = {}) {
	authorize(actor.user, 'rollout.read');
	const now = today();
	return db()
		.select({
			id: risk.id,
			title: risk.title,
			category: risk.category,
			likelihood: risk.likelihood,
			impact: risk.impact,
			score,
			status: risk.status,
			nextReviewDate: risk.nextReviewDate,
			ownerName: user.name,
			phaseId: risk.phaseId,
			phaseName: phase.name
		})
		.from(risk)
		.leftJoin(user, eq(risk.ownerId, user.id))
		.leftJoin(phase, eq(risk.phaseId, phase.id))
		.where(where(filters))
		.orderBy(desc(score), asc(risk.nextReviewDate), asc(risk.id))
		.all()
		.map((r) => ({ ...r, overdue: r.nextReviewDate !== null && r.nextReviewDate < now }));
}

export type RiskRow = ReturnType<typeof list>[number];

/** The 5×5 heat map of `rows`: cell [impact-1][likelihood-1] lists its risks. */
export function heatMap(rows: Pick<RiskRow, 'id' | 'title' | 'likelihood' | 'impact' | 'overdue'>[]) {
	const cells = Array.from({ length: 5 }, () =>
		Array.from({ length: 5 }, () => [] as Pick<RiskRow, 'id' | 'title' | 'overdue'>[])
	);
	for (const r of rows)
		cells[r.impact - 1][r.likelihood - 1].push({ id: r.id, title: r.title, overdue: r.overdue });
	return cells;
}

/** A risk's page: the risk, its owner and phase, and every review, oldest first (the trend). */
export function detail(actor: Actor, id: number) {
	authorize(actor.user, 'rollout.read');
	const record = find(db(), riskObject, id);
	const reviewer = alias(user, 'reviewer');
	const reviews = db()
		.select({
			id: riskReview.id,
			date: riskReview.date,
			likelihood: riskReview.likelihood,
			impact: riskReview.impact,
			note: riskReview.note,
			by: reviewer.name
		})
		.from(riskReview)
		.leftJoin(reviewer, eq(riskReview.userId, reviewer.id))
		.where(eq(riskReview.riskId, id))
		.orderBy(asc(riskReview.date), asc(riskReview.id))
		.all();
	return { record, reviews, overdue: record.nextReviewDate !== null && record.nextReviewDate < today() };
}

/**
 * Records a review: the new likelihood and impact become the risk's, with the note and the next
 * review date, in one audited change. Based on the version the reviewer saw.
 */
export function review(actor: Actor, id: number, input: unknown, baseVersion: unknown): Risk {
	authorize(actor.user, 'rollout.write');
	const fields = parse(riskReviewForm, input);
	return db().transaction((tx) => {
		const before = find(tx, riskObject, id);
		tx.insert(riskReview)
			.values({
				riskId: id,
				date: today(),
				likelihood: fields.likelihood,
				impact: fields.impact,
				note: fields.note,
				userId: actor.user.id
			})
			.run();
		return updateRecord(
			tx,
			actor,
			riskObject,
			before,
			{
				likelihood: fields.likelihood,
				impact: fields.impact,
				nextReviewDate: fields.nextReviewDate ?? before.nextReviewDate
			},
			baseVersion,
			`Reviewed risk ${before.title}: ${before.likelihood}×${before.impact} → ${fields.likelihood}×${fields.impact}`
		);
	});
}
