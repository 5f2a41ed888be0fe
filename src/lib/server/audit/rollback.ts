import { error } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { authorize } from '../access/policy';
import { restoreRole } from '../admin/roles';
import { restoreTeam } from '../admin/teams';
import { restoreUser } from '../admin/users';
import { activityObject } from '../crm/activities';
import { campaignObject } from '../crm/campaigns';
import { caseObject } from '../crm/cases';
import { companyObject } from '../crm/companies';
import { contactObject } from '../crm/contacts';
import { dealObject } from '../crm/deals';
import { restorable } from '../crm/records';
import { goalObject } from '../rollout/goals';
import { integrationObject } from '../rollout/integrations';
import { mapObject } from '../rollout/maps';
import { painPointObject } from '../rollout/pain-points';
import { phaseObject, restorablePhaseTeams, type Phase } from '../rollout/phases';
import { readinessObject } from '../rollout/readiness';
import { riskObject } from '../rollout/risks';
import { restorableCourse } from '../training/courses';
import { restorableSession } from '../training/sessions';
import { restorableOf } from './writes';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { Refused, StaleRecord } from '../validation';
import { recordChange } from './record';
import type { Restorable } from './restorable';

type AnyRestorable = Restorable<{ id: number; version: number } & Record<string, unknown>>;

const RESTORABLE: Record<string, AnyRestorable> = {
	// The rollout workspace's records whose state is their own fields. A phase's plan (name, dates,
	// modules, target) and its teams roll back; its status, gate and criteria change only through
	// their own verbs, as change requests (with their decision history) do.
	phase: openPhasesOnly(
		restorableOf(phaseObject, ['name', 'description', 'startDate', 'endDate', 'modules', 'adoptionTarget'])
	) as unknown as AnyRestorable,
	phase_team: restorablePhaseTeams as unknown as AnyRestorable,
	goal: restorableOf(goalObject, [
		'title',
		'description',
		'category',
		'kpi',
		'unit',
		'baseline',
		'target',
		'startDate',
		'dueDate',
		'ownerId',
		'metric',
		'metricScope'
	]) as unknown as AnyRestorable,
	risk: restorableOf(riskObject, [
		'title',
		'description',
		'category',
		'likelihood',
		'impact',
		'ownerId',
		'mitigation',
		'contingency',
		'status',
		'nextReviewDate',
		'phaseId'
	]) as unknown as AnyRestorable,
	process_map: restorableOf(mapObject, ['title', 'area', 'kind', 'source']) as unknown as AnyRestorable,
	pain_point: restorableOf(painPointObject, [
		'area',
		'severity',
		'description',
		'status',
		'processMapId',
		'goalId',
		'changeRequestId'
	]) as unknown as AnyRestorable,
	integration: restorableOf(integrationObject, [
		'system',
		'category',
		'direction',
		'objects',
		'frequency',
		'status',
		'ownerId',
		'notes'
	]) as unknown as AnyRestorable,
	readiness_item: restorableOf(readinessObject, [
		'question',
		'status',
		'ownerId',
		'evidenceUrl',
		'notes'
	]) as unknown as AnyRestorable,
	course: restorableCourse as unknown as AnyRestorable,
	training_session: restorableSession as unknown as AnyRestorable,
	user: restoreUser as unknown as AnyRestorable,
	team: restoreTeam as unknown as AnyRestorable,
	role: restoreRole as unknown as AnyRestorable,
	company: restorable(companyObject, [
		'name',
		'nameKey',
		'domain',
		'industry',
		'phone',
		'city',
		'country',
		'custom'
	]) as unknown as AnyRestorable,
	contact: restorable(contactObject, [
		'firstName',
		'lastName',
		'nameKey',
		'email',
		'phone',
		'title',
		'companyId',
		'city',
		'country',
		'custom'
	]) as unknown as AnyRestorable,
	deal: restorable(dealObject, [
		'name',
		'nameKey',
		'companyId',
		'contactId',
		'amountMinor',
		'currency',
		'stageId',
		'closeDate',
		'probability',
		'custom'
	]) as unknown as AnyRestorable,
	case: restorable(caseObject, [
		'subject',
		'description',
		'status',
		'priority',
		'contactId',
		'companyId',
		'resolvedAt'
	]) as unknown as AnyRestorable,
	campaign: restorable(campaignObject, [
		'name',
		'channel',
		'status',
		'startDate',
		'endDate',
		'budgetMinor',
		'currency'
	]) as unknown as AnyRestorable,
	activity: restorable(activityObject, [
		'type',
		'subject',
		'notes',
		'dueAt',
		'doneAt',
		'contactId',
		'companyId',
		'dealId'
	]) as unknown as AnyRestorable
};

/** A closed phase is history: its plan is not changed afterwards, by an edit or by a rollback. */
function openPhasesOnly(spec: Restorable<Phase>): Restorable<Phase> {
	return {
		...spec,
		write: (tx, current, values) => {
			if (current.status === 'closed')
				throw new Refused('This phase is closed; it can no longer be changed.');
			return spec.write(tx, current, values);
		}
	};
}

/** Whether an audit entry is of a kind that rollback can undo (shown as a button only then). */
export function canRollBack(entry: { action: string; entity: string }): boolean {
	return entry.entity in RESTORABLE && ['update', 'delete', 'rollback'].includes(entry.action);
}

/** A unique index refusing the restored values (say, the old email is someone else's now) is the user's answer, not a crash. */
function clash<T>(write: () => T): T {
	try {
		return write();
	} catch (e) {
		if (e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_CONSTRAINT'))
			throw new Refused(
				'Restoring these values would clash with another record (a name or email in use). Change that one first.'
			);
		throw e;
	}
}

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Undoes one audit entry: an update's before values are written back (only the fields that entry
 * changed), a deleted record is re-created. The undo is itself a change, audited as `rollback`.
 * Refused, with the fields that differ, when the record has changed since the entry.
 */
export function rollback(actor: Actor, auditId: number): { entity: string; entityId: number } {
	authorize(actor.user, 'audit.rollback');
	return db().transaction((tx) => {
		const entry =
			tx.select().from(schema.auditLog).where(eq(schema.auditLog.id, auditId)).get() ??
			error(404, 'Not found');
		const spec = RESTORABLE[entry.entity];
		if (!spec || !canRollBack(entry))
			throw new Refused(
				'Only edits and deletions of users, teams, roles, CRM records, the rollout plan’s records, courses and sessions can be rolled back.'
			);
		const id = Number(entry.entityId);
		const before = entry.before ?? {};
		const after = entry.after ?? {};
		const current = spec.load(tx, id);

		if (entry.action === 'delete') {
			if (current) throw new Refused('A record with this id exists again; nothing to restore.');
			const restored = clash(() => spec.insert(tx, before as never));
			spec.afterRestore?.(tx, actor, restored);
			recordChange(tx, actor, {
				module: spec.module,
				action: 'rollback',
				entity: entry.entity,
				entityId: id,
				before: null,
				after: restored,
				revertsId: entry.id,
				summary: `Restored deleted ${entry.entity} (undo of #${entry.id})`
			});
			return { entity: entry.entity, entityId: id };
		}

		if (!current) throw new Refused('This record has been deleted since; restore the deletion first.');
		if (spec.unchangedSince ? !spec.unchangedSince(current, after) : current.version !== after.version) {
			const changed = spec.fields
				.filter((f) => f in after && !same(current[f], after[f]))
				.map((f) => ({ field: f, yours: after[f], now: current[f] }));
			throw new StaleRecord(
				`The ${entry.entity} has changed since this entry (now version ${current.version}, the entry left version ${String(after.version)}): roll back the later changes first, or edit it by hand.`,
				changed
			);
		}
		const values = Object.fromEntries(
			spec.fields.filter((f) => f in before && !same(before[f], after[f])).map((f) => [f, before[f]])
		);
		if (Object.keys(values).length === 0)
			throw new Refused(
				'This entry changed nothing that can be restored (secrets such as passwords are never kept in the log).'
			);
		const restored = clash(() => spec.write(tx, current, values));
		spec.afterRestore?.(tx, actor, restored);
		recordChange(tx, actor, {
			module: spec.module,
			action: 'rollback',
			entity: entry.entity,
			entityId: id,
			before: current,
			after: restored,
			revertsId: entry.id,
			summary: `Undid #${entry.id}: ${entry.summary}`
		});
		return { entity: entry.entity, entityId: id };
	});
}
