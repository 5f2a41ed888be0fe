import { and, desc, eq, type SQL } from 'drizzle-orm';
import { scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';

const { deal, pipelineStage } = schema;

/** Deals matching `where` that the actor may see, newest first, as record pages list them. */
export function dealSummaries(actor: Actor, where: SQL, limit = 50) {
	return db()
		.select({
			id: deal.id,
			name: deal.name,
			amountMinor: deal.amountMinor,
			currency: deal.currency,
			stageName: pipelineStage.name
		})
		.from(deal)
		.innerJoin(pipelineStage, eq(deal.stageId, pipelineStage.id))
		.where(and(where, scopeWhere(actor.user, deal)))
		.orderBy(desc(deal.updatedAt))
		.limit(limit)
		.all();
}
