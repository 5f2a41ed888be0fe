import { error } from '@sveltejs/kit';
import { asc, count, eq, max } from 'drizzle-orm';
import { stageFields } from '$lib/schemas/crm';
import { version as versionSchema } from '$lib/schemas/common';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { Refused, assertFresh, parse } from '../validation';

/** The deals pipeline's stages, configured by the admin (admin.settings). */

const MODULE = 'admin.pipeline';
const { pipelineStage, deal } = schema;
type Stage = typeof pipelineStage.$inferSelect;

export function list(actor: Actor) {
	authorize(actor.user, 'admin.settings');
	const deals = db()
		.select({ stageId: deal.stageId, n: count().as('n') })
		.from(deal)
		.groupBy(deal.stageId)
		.as('deals');
	return db()
		.select({ stage: pipelineStage, deals: deals.n })
		.from(pipelineStage)
		.leftJoin(deals, eq(deals.stageId, pipelineStage.id))
		.orderBy(asc(pipelineStage.position))
		.all()
		.map((r) => ({ ...r.stage, deals: r.deals ?? 0 }));
}

export function create(actor: Actor, input: unknown): Stage {
	authorize(actor.user, 'admin.settings');
	const fields = parse(stageFields, input);
	return db().transaction((tx) => {
		const last =
			tx
				.select({ p: max(pipelineStage.position) })
				.from(pipelineStage)
				.get()?.p ?? 0;
		const created = tx
			.insert(pipelineStage)
			.values({ ...fields, position: last + 1 })
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'pipeline_stage',
			entityId: created.id,
			after: created,
			summary: `Added stage ${created.name}`
		});
		return created;
	});
}

export function update(actor: Actor, id: number, input: unknown, baseVersion: unknown): Stage {
	authorize(actor.user, 'admin.settings');
	const fields = parse(stageFields, input);
	return db().transaction((tx) => {
		const before =
			tx.select().from(pipelineStage).where(eq(pipelineStage.id, id)).get() ?? error(404, 'Not found');
		assertFresh(before, parse(versionSchema, baseVersion), fields, 'stage');
		const after = tx
			.update(pipelineStage)
			.set({ ...fields, version: before.version + 1, updatedAt: Date.now() })
			.where(eq(pipelineStage.id, id))
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'pipeline_stage',
			entityId: id,
			before,
			after,
			summary: `Edited stage ${after.name}`
		});
		return after;
	});
}

/** Moves a stage one place earlier (-1) or later (+1) in the pipeline. */
export function move(actor: Actor, id: number, direction: -1 | 1): void {
	authorize(actor.user, 'admin.settings');
	db().transaction((tx) => {
		const ordered = tx.select().from(pipelineStage).orderBy(asc(pipelineStage.position)).all();
		const index = ordered.findIndex((s) => s.id === id);
		if (index < 0) error(404, 'Not found');
		const other = ordered[index + direction];
		if (!other) return;
		const stage = ordered[index];
		for (const [row, position] of [
			[stage, other.position],
			[other, stage.position]
		] as const) {
			const after = tx
				.update(pipelineStage)
				.set({ position, version: row.version + 1, updatedAt: Date.now() })
				.where(eq(pipelineStage.id, row.id))
				.returning()
				.get();
			recordChange(tx, actor, {
				module: MODULE,
				action: 'update',
				entity: 'pipeline_stage',
				entityId: row.id,
				before: row,
				after,
				summary: `Moved stage ${row.name}`
			});
		}
	});
}

/** Removes a stage that holds no deals. */
export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'admin.settings');
	db().transaction((tx) => {
		const before =
			tx.select().from(pipelineStage).where(eq(pipelineStage.id, id)).get() ?? error(404, 'Not found');
		const deals = tx.select({ n: count() }).from(deal).where(eq(deal.stageId, id)).get()?.n ?? 0;
		if (deals > 0)
			throw new Refused(
				`${before.name} holds ${deals} deal${deals === 1 ? '' : 's'}: move them to another stage first.`
			);
		tx.delete(pipelineStage).where(eq(pipelineStage.id, id)).run();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'delete',
			entity: 'pipeline_stage',
			entityId: id,
			before,
			summary: `Removed stage ${before.name}`
		});
	});
}
