import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { AWAITING_DECISION, CHANGE_FLOW, CHANGE_STATUS_LABELS, type ChangeStatus } from '$lib/rollout';
import { changeRequestForm, commentForm, decisionForm } from '$lib/schemas/rollout';
import { authorize, can } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { changeMoved } from '../notifications/events';
import { InvalidInput, parse } from '../validation';
import { find, insertRecord, toggleVote as voteFor, updateRecord, type RolloutObject } from './records';
import { existingPhaseId } from './risks';

/**
 * Change requests: anyone who uses the CRM submits, votes and comments (rollout.contribute); the
 * steering committee (rollout.decide) moves each one submitted → under review → approved / rejected
 * → scheduled (in a phase) → done, and every move records who, when and why. The steering queue is
 * what awaits a decision, oldest first; requesters see the outcome of theirs.
 */

const { changeRequest, changeRequestEvent, changeRequestComment, changeRequestVote, phase, user } = schema;
export type ChangeRequest = typeof changeRequest.$inferSelect;
const MODULE = 'rollout.changes';

export const changeObject: RolloutObject<typeof changeRequest, ChangeRequest> = {
	entity: 'change_request',
	module: MODULE,
	noun: 'change request',
	table: changeRequest,
	id: changeRequest.id,
	describe: (c) => `#${c.id} ${c.title}`
};

export function submit(actor: Actor, input: unknown): ChangeRequest {
	authorize(actor.user, 'rollout.contribute');
	const fields = parse(changeRequestForm, input);
	return db().transaction((tx) => {
		const created = insertRecord(tx, actor, changeObject, { ...fields, requestedBy: actor.user.id });
		tx.insert(changeRequestEvent)
			.values({ changeRequestId: created.id, userId: actor.user.id, toStatus: 'submitted' })
			.run();
		changeMoved(tx, actor, null, created);
		return created;
	});
}

export interface ChangeFilters {
	status?: ChangeStatus;
	/** Only the actor's own requests. */
	mine?: boolean;
}

const requester = alias(user, 'requester');
const votes = () =>
	db()
		.select({ id: changeRequestVote.changeRequestId, n: count().as('n') })
		.from(changeRequestVote)
		.groupBy(changeRequestVote.changeRequestId)
		.as('votes');

function rows(actor: Actor, where: SQL | undefined, order: 'newest' | 'oldest') {
	const v = votes();
	return db()
		.select({
			id: changeRequest.id,
			title: changeRequest.title,
			type: changeRequest.type,
			priority: changeRequest.priority,
			status: changeRequest.status,
			reason: changeRequest.reason,
			createdAt: changeRequest.createdAt,
			decidedAt: changeRequest.decidedAt,
			requesterId: changeRequest.requestedBy,
			requesterName: requester.name,
			targetPhaseName: phase.name,
			votes: v.n
		})
		.from(changeRequest)
		.innerJoin(requester, eq(changeRequest.requestedBy, requester.id))
		.leftJoin(phase, eq(changeRequest.targetPhaseId, phase.id))
		.leftJoin(v, eq(v.id, changeRequest.id))
		.where(where)
		.orderBy(
			order === 'oldest' ? asc(changeRequest.createdAt) : desc(changeRequest.createdAt),
			asc(changeRequest.id)
		)
		.all()
		.map((r) => ({ ...r, votes: r.votes ?? 0, mine: r.requesterId === actor.user.id }));
}

export function list(actor: Actor, filters: ChangeFilters = {}) {
	authorize(actor.user, 'rollout.read');
	return rows(
		actor,
		and(
			filters.status ? eq(changeRequest.status, filters.status) : undefined,
			filters.mine ? eq(changeRequest.requestedBy, actor.user.id) : undefined
		),
		'newest'
	);
}

/** What waits for the steering committee, oldest first. */
export function queue(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	return rows(actor, inArray(changeRequest.status, AWAITING_DECISION), 'oldest');
}

/** A change request's page: the request, its history of decisions, comments and votes. */
export function detail(actor: Actor, id: number) {
	authorize(actor.user, 'rollout.read');
	const record = find(db(), changeObject, id);
	const decider = alias(user, 'decider');
	return {
		record,
		requester: db()
			.select({ id: user.id, name: user.name })
			.from(user)
			.where(eq(user.id, record.requestedBy))
			.get(),
		events: db()
			.select({
				id: changeRequestEvent.id,
				at: changeRequestEvent.at,
				from: changeRequestEvent.fromStatus,
				to: changeRequestEvent.toStatus,
				reason: changeRequestEvent.reason,
				by: decider.name
			})
			.from(changeRequestEvent)
			.innerJoin(decider, eq(changeRequestEvent.userId, decider.id))
			.where(eq(changeRequestEvent.changeRequestId, id))
			.orderBy(asc(changeRequestEvent.at), asc(changeRequestEvent.id))
			.all(),
		comments: db()
			.select({
				id: changeRequestComment.id,
				body: changeRequestComment.body,
				at: changeRequestComment.createdAt,
				by: user.name
			})
			.from(changeRequestComment)
			.innerJoin(user, eq(changeRequestComment.userId, user.id))
			.where(eq(changeRequestComment.changeRequestId, id))
			.orderBy(asc(changeRequestComment.createdAt), asc(changeRequestComment.id))
			.all(),
		votes:
			db()
				.select({ n: count() })
				.from(changeRequestVote)
				.where(eq(changeRequestVote.changeRequestId, id))
				.get()?.n ?? 0,
		voted: !!db()
			.select({ id: changeRequestVote.userId })
			.from(changeRequestVote)
			.where(and(eq(changeRequestVote.changeRequestId, id), eq(changeRequestVote.userId, actor.user.id)))
			.get(),
		next: can(actor.user, 'rollout.decide') ? CHANGE_FLOW[record.status] : []
	};
}

/** Adds the actor's vote, or takes it back. */
export function toggleVote(actor: Actor, id: number): boolean {
	authorize(actor.user, 'rollout.contribute');
	return db().transaction((tx) => {
		const cr = find(tx, changeObject, id);
		return voteFor(
			tx,
			actor,
			{ table: changeRequestVote, item: changeRequestVote.changeRequestId, user: changeRequestVote.userId },
			id,
			{ module: MODULE, entity: 'change_request_vote', about: `change request #${cr.id}` }
		);
	});
}

export function comment(actor: Actor, id: number, input: unknown): void {
	authorize(actor.user, 'rollout.contribute');
	const { body } = parse(commentForm, input);
	db().transaction((tx) => {
		const cr = find(tx, changeObject, id);
		const created = tx
			.insert(changeRequestComment)
			.values({ changeRequestId: id, userId: actor.user.id, body })
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'change_request_comment',
			entityId: created.id,
			after: created,
			summary: `Commented on change request #${cr.id}`
		});
	});
}

/**
 * A steering decision: moves the request along its flow with a reason (scheduling names the target
 * phase). Based on the version the committee saw, so two members cannot decide over each other.
 */
export function decide(actor: Actor, id: number, input: unknown, baseVersion: unknown): ChangeRequest {
	authorize(actor.user, 'rollout.decide');
	const { to, reason, targetPhaseId } = parse(decisionForm, input);
	return db().transaction((tx) => {
		const before = find(tx, changeObject, id);
		const errors: Record<string, string> = {};
		if (!CHANGE_FLOW[before.status].includes(to))
			errors.to = `A ${CHANGE_STATUS_LABELS[before.status].toLowerCase()} request can go to ${CHANGE_FLOW[before.status].map((s) => CHANGE_STATUS_LABELS[s].toLowerCase()).join(' or ') || 'nowhere: it is done'}.`;
		if (!reason) errors.reason = 'Record why: the requester and the audit will read it.';
		if (to === 'scheduled' && targetPhaseId === null)
			errors.targetPhaseId = 'Choose the phase it is scheduled for.';
		if (Object.keys(errors).length) throw new InvalidInput(errors);
		const phaseId =
			to === 'scheduled' ? existingPhaseId(tx, targetPhaseId, 'targetPhaseId') : before.targetPhaseId;
		const after = updateRecord(
			tx,
			actor,
			changeObject,
			before,
			{ status: to, reason, targetPhaseId: phaseId, decidedBy: actor.user.id, decidedAt: Date.now() },
			baseVersion,
			`Change request #${id}: ${CHANGE_STATUS_LABELS[before.status]} → ${CHANGE_STATUS_LABELS[to]} (${reason})`
		);
		tx.insert(changeRequestEvent)
			.values({ changeRequestId: id, userId: actor.user.id, fromStatus: before.status, toStatus: to, reason })
			.run();
		changeMoved(tx, actor, before, after);
		return after;
	});
}
