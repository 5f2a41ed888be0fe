import { asc, eq } from 'drizzle-orm';
import { integrationForm } from '$lib/schemas/rollout';
import { authorize } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { parse } from '../validation';
import { activeUserId, find, rolloutVerbs, type RolloutObject } from './records';

/**
 * The integrations inventory: every system the CRM must work with, which way data flows, what is
 * exchanged and how often, and how far each connection is.
 */

const { integration, user } = schema;
export type Integration = typeof integration.$inferSelect;

export const integrationObject: RolloutObject<typeof integration, Integration> = {
	entity: 'integration',
	module: 'rollout.integrations',
	noun: 'integration',
	table: integration,
	id: integration.id,
	describe: (i) => i.system
};

const verbs = rolloutVerbs(integrationObject, 'rollout.write', (conn, _actor, input) => {
	const fields = parse(integrationForm, input);
	activeUserId(conn, fields.ownerId);
	return fields;
});
export const create = verbs.create;
export const update = verbs.update;
export const remove = verbs.remove;

export function list(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	return db()
		.select({ integration, ownerName: user.name })
		.from(integration)
		.leftJoin(user, eq(integration.ownerId, user.id))
		.orderBy(asc(integration.category), asc(integration.system))
		.all()
		.map(({ integration: i, ownerName }) => ({ ...i, ownerName }));
}

export function get(actor: Actor, id: number): Integration {
	authorize(actor.user, 'rollout.read');
	return find(db(), integrationObject, id);
}
