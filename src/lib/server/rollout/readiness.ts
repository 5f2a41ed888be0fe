import { asc, eq, max } from 'drizzle-orm';
import { readinessForm, readinessQuestionForm } from '$lib/schemas/rollout';
import { authorize } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { parse } from '../validation';
import { activeUserId, deleteRecord, find, insertRecord, updateRecord, type RolloutObject } from './records';

/**
 * The readiness checklist: the questions to answer before implementing (objectives ordered, leader
 * decided, team formed, processes mapped, …), each with a status, an owner and a link to its evidence.
 * The dashboard's readiness score is computed from it (dashboard.ts).
 */

const { readinessItem, user } = schema;
export type ReadinessItem = typeof readinessItem.$inferSelect;

export const readinessObject: RolloutObject<typeof readinessItem, ReadinessItem> = {
	entity: 'readiness_item',
	module: 'rollout.readiness',
	noun: 'readiness question',
	table: readinessItem,
	id: readinessItem.id,
	describe: (r) => r.question
};

export function list(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	return db()
		.select({ item: readinessItem, ownerName: user.name })
		.from(readinessItem)
		.leftJoin(user, eq(readinessItem.ownerId, user.id))
		.orderBy(asc(readinessItem.position), asc(readinessItem.id))
		.all()
		.map(({ item, ownerName }) => ({ ...item, ownerName }));
}

export function add(actor: Actor, input: unknown): ReadinessItem {
	authorize(actor.user, 'rollout.write');
	const { question } = parse(readinessQuestionForm, input);
	return db().transaction((tx) => {
		const last =
			tx
				.select({ p: max(readinessItem.position) })
				.from(readinessItem)
				.get()?.p ?? 0;
		return insertRecord(tx, actor, readinessObject, { question, position: last + 1 });
	});
}

/** Status, owner, evidence and notes of one question, based on the version the user saw. */
export function answer(actor: Actor, id: number, input: unknown, baseVersion: unknown): ReadinessItem {
	authorize(actor.user, 'rollout.write');
	return db().transaction((tx) => {
		const fields = parse(readinessForm, input);
		activeUserId(tx, fields.ownerId);
		return updateRecord(tx, actor, readinessObject, find(tx, readinessObject, id), fields, baseVersion);
	});
}

export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'rollout.write');
	db().transaction((tx) => deleteRecord(tx, actor, readinessObject, find(tx, readinessObject, id)));
}
