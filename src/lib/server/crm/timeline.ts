import { and, desc, eq } from 'drizzle-orm';
import { scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';

export type TimelineItem =
	| {
			kind: 'activity';
			at: number;
			id: number;
			type: string;
			subject: string;
			notes: string;
			dueAt: number | null;
			doneAt: number | null;
			version: number;
			ownerName: string;
	  }
	| {
			kind: 'change';
			at: number;
			id: number;
			action: string;
			summary: string;
			userName: string | null;
			before: Record<string, unknown> | null;
			after: Record<string, unknown> | null;
	  };

const LIMIT = 50;

/**
 * A record's timeline: the activities logged against it (those the actor may see) and its changes
 * from the audit log, newest first. Call only after the record itself was authorised.
 */
export function timeline(
	actor: Actor,
	entity: 'contact' | 'company' | 'deal' | 'case' | 'campaign',
	id: number
): TimelineItem[] {
	const { activity, auditLog, user } = schema;
	// Activities are logged against contacts, companies and deals; cases and campaigns show their changes.
	const link =
		entity === 'contact'
			? activity.contactId
			: entity === 'company'
				? activity.companyId
				: entity === 'deal'
					? activity.dealId
					: null;
	const activities = !link
		? []
		: db()
				.select({ a: activity, ownerName: user.name })
				.from(activity)
				.innerJoin(user, eq(activity.ownerId, user.id))
				.where(and(eq(link, id), scopeWhere(actor.user, activity)))
				.orderBy(desc(activity.createdAt))
				.limit(LIMIT)
				.all()
				.map(({ a, ownerName }): TimelineItem => ({
					kind: 'activity',
					at: a.doneAt ?? a.createdAt,
					id: a.id,
					type: a.type,
					subject: a.subject,
					notes: a.notes,
					dueAt: a.dueAt,
					doneAt: a.doneAt,
					version: a.version,
					ownerName
				}));
	const changes = db()
		.select({ e: auditLog, userName: user.name })
		.from(auditLog)
		.leftJoin(user, eq(auditLog.userId, user.id))
		.where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(id))))
		.orderBy(desc(auditLog.id))
		.limit(LIMIT)
		.all()
		.map(({ e, userName }): TimelineItem => ({
			kind: 'change',
			at: e.at,
			id: e.id,
			action: e.action,
			summary: e.summary,
			userName,
			before: e.before,
			after: e.after
		}));
	return [...activities, ...changes].sort((a, b) => b.at - a.at).slice(0, LIMIT);
}
