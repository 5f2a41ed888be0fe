import { and, eq, inArray } from 'drizzle-orm';
import { AWAITING_DECISION, CHANGE_STATUS_LABELS } from '$lib/rollout';
import { formatSpan } from '$lib/time';
import { can } from '../access/policy';
import type { Actor } from '../auth/actor';
import { schema, type Conn } from '../db';
import { cancelJob, schedule } from '../jobs';
import { notify } from '.';

/**
 * The domain events that notify people, one call each from the transaction of the change: who hears
 * of it and with which words. The domain modules stay unaware of preferences, merging and e-mail.
 */

const { user, role, projectRole, enrollment, course, sessionSeat, trainingSession } = schema;
const DAY = 86_400_000;

/** The active people whose role grants `permission` (decided by the policy, as for a request). */
export function holdersOf(tx: Conn, permission: Parameters<typeof can>[1]): number[] {
	return tx
		.select({
			id: user.id,
			active: user.active,
			teamId: user.teamId,
			permissions: role.permissions,
			scope: role.scope,
			canExport: role.canExport
		})
		.from(user)
		.innerJoin(role, eq(user.roleId, role.id))
		.where(eq(user.active, true))
		.all()
		.filter((u) => can(u, permission))
		.map((u) => u.id);
}

const others = (ids: number[], actor: Actor) => ids.filter((id) => id !== actor.user.id);

/**
 * Courses assigned (by the rule or by hand): enrollments given by id or by person and course. Each
 * learner gets one line per burst ("and 2 more") that leads to their training.
 */
export function trainingAssigned(
	tx: Conn,
	ref: { ids?: number[]; pairs?: { userId: number; courseId: number }[] }
): void {
	const rows: { userId: number; title: string; dueDate: string | null }[] = [];
	const read = (where: ReturnType<typeof and>) =>
		tx
			.select({
				userId: enrollment.userId,
				courseId: enrollment.courseId,
				title: course.title,
				dueDate: enrollment.dueDate
			})
			.from(enrollment)
			.innerJoin(course, eq(enrollment.courseId, course.id))
			.where(where)
			.all();
	const ids = ref.ids ?? [];
	for (let i = 0; i < ids.length; i += 500) rows.push(...read(inArray(enrollment.id, ids.slice(i, i + 500))));
	const pairs = ref.pairs ?? [];
	const byCourse = new Map<number, number[]>();
	for (const p of pairs) byCourse.set(p.courseId, [...(byCourse.get(p.courseId) ?? []), p.userId]);
	for (const [courseId, userIds] of byCourse)
		for (let i = 0; i < userIds.length; i += 500)
			rows.push(
				...read(and(eq(enrollment.courseId, courseId), inArray(enrollment.userId, userIds.slice(i, i + 500))))
			);
	// One notify per course title and due date: most of a rule's learners share both.
	const groups = new Map<string, { title: string; dueDate: string | null; userIds: number[] }>();
	for (const r of rows) {
		const key = JSON.stringify([r.title, r.dueDate]);
		const g = groups.get(key) ?? { title: r.title, dueDate: r.dueDate, userIds: [] };
		g.userIds.push(r.userId);
		groups.set(key, g);
	}
	for (const g of groups.values())
		notify(tx, {
			userIds: g.userIds,
			kind: 'training.assigned',
			params: g.dueDate ? { course: g.title, due: g.dueDate } : { course: g.title },
			href: '/training'
		});
}

type SessionFields = Pick<
	typeof trainingSession.$inferSelect,
	'id' | 'courseId' | 'startsAt' | 'endsAt' | 'place' | 'link' | 'status'
>;

const soonKey = (s: Pick<SessionFields, 'id' | 'startsAt'>) => `session.soon:${s.id}:${s.startsAt}`;

function courseTitle(tx: Conn, courseId: number): string {
	return tx.select({ title: course.title }).from(course).where(eq(course.id, courseId)).get()?.title ?? '';
}

function seatHolders(tx: Conn, sessionId: number): number[] {
	return tx
		.select({ userId: sessionSeat.userId })
		.from(sessionSeat)
		.where(eq(sessionSeat.sessionId, sessionId))
		.all()
		.map((s) => s.userId);
}

/**
 * A session scheduled (`before` null) or edited: its reminder 24 hours ahead is (re)scheduled, and
 * when its time or place changed the people in it are told.
 */
export function sessionChanged(tx: Conn, before: SessionFields | null, after: SessionFields): void {
	if (after.status !== 'cancelled' && (!before || before.startsAt !== after.startsAt)) {
		if (before) cancelJob(tx, soonKey(before));
		if (after.startsAt > Date.now())
			schedule(tx, {
				kind: 'session.soon',
				key: soonKey(after),
				runAt: after.startsAt - DAY,
				payload: { sessionId: after.id, startsAt: after.startsAt }
			});
	}
	if (!before) return;
	const moved = before.startsAt !== after.startsAt || before.endsAt !== after.endsAt;
	const where = before.place !== after.place || before.link !== after.link;
	if (!moved && !where) return;
	const change = [
		moved ? `moved to ${formatSpan(after.startsAt, after.endsAt, 'UTC')} (UTC)` : '',
		where ? `moved to ${after.place || after.link}` : ''
	]
		.filter(Boolean)
		.join(', and ');
	notify(tx, {
		userIds: seatHolders(tx, after.id),
		kind: 'session.changed',
		entity: 'training_session',
		entityId: after.id,
		params: { course: courseTitle(tx, after.courseId), change },
		href: `/training/sessions/${after.id}`
	});
}

/** A session cancelled: its reminder goes, the people in it are told. */
export function sessionCancelled(tx: Conn, s: SessionFields, reason: string): void {
	cancelJob(tx, soonKey(s));
	const why = reason.trim().slice(0, 300);
	notify(tx, {
		userIds: seatHolders(tx, s.id),
		kind: 'session.cancelled',
		entity: 'training_session',
		entityId: s.id,
		params: {
			course: courseTitle(tx, s.courseId),
			when: formatSpan(s.startsAt, s.endsAt, 'UTC'),
			...(why ? { reason: why } : {})
		},
		href: '/training'
	});
}

type ChangeFields = Pick<
	typeof schema.changeRequest.$inferSelect,
	'id' | 'title' | 'status' | 'requestedBy' | 'reason'
>;

/**
 * A change request submitted or moved by the committee: the requester hears of a decision; while it
 * awaits the committee (submitted, under review, approved) the committee hears of it.
 */
export function changeMoved(tx: Conn, actor: Actor, before: ChangeFields | null, after: ChangeFields): void {
	const href = `/rollout/changes/${after.id}`;
	const status = CHANGE_STATUS_LABELS[after.status];
	if (before)
		notify(tx, {
			userIds: others([after.requestedBy], actor),
			kind: 'change.decided',
			entity: 'change_request',
			entityId: after.id,
			params: { title: after.title, status: status.toLowerCase(), reason: after.reason ?? '' },
			href
		});
	if (AWAITING_DECISION.includes(after.status))
		notify(tx, {
			userIds: others(holdersOf(tx, 'rollout.decide'), actor),
			kind: 'change.awaiting',
			params: { title: after.title, status: status.toLowerCase() },
			href
		});
}

/**
 * Closing a phase was refused by its exit gate: the steering committee (who may override) and the
 * project managers hear of it. Called in a transaction of its own, the refused one having rolled back.
 */
export function phaseBlocked(tx: Conn, actor: Actor, p: { id: number; name: string }, open: number): void {
	const managers = tx
		.select({ id: projectRole.userId })
		.from(projectRole)
		.innerJoin(user, eq(projectRole.userId, user.id))
		.where(and(eq(projectRole.role, 'project_manager'), eq(user.active, true)))
		.all()
		.map((r) => r.id);
	notify(tx, {
		userIds: others([...holdersOf(tx, 'rollout.decide'), ...managers], actor),
		kind: 'phase.blocked',
		entity: 'phase',
		entityId: p.id,
		params: { phase: p.name, open, by: actor.user.name },
		href: `/rollout/phases/${p.id}`
	});
}

/** An import committed: the person who ran it. */
export function importFinished(
	tx: Conn,
	actor: Actor,
	batch: { id: number; fileName: string },
	counts: { created: number; updated: number; skipped: number }
): void {
	notify(tx, {
		userIds: [actor.user.id],
		kind: 'import.finished',
		entity: 'import_batch',
		entityId: batch.id,
		params: { file: batch.fileName, ...counts },
		href: `/crm/import/${batch.id}`
	});
}

/** The people in a session who hold a seat (not the waitlist), and the session with its course. */
export function sessionForReminder(tx: Conn, sessionId: number) {
	const s = tx
		.select({
			id: trainingSession.id,
			startsAt: trainingSession.startsAt,
			endsAt: trainingSession.endsAt,
			place: trainingSession.place,
			link: trainingSession.link,
			status: trainingSession.status,
			course: course.title
		})
		.from(trainingSession)
		.innerJoin(course, eq(trainingSession.courseId, course.id))
		.where(eq(trainingSession.id, sessionId))
		.get();
	if (!s) return undefined;
	const seated = tx
		.select({ userId: sessionSeat.userId })
		.from(sessionSeat)
		.where(and(eq(sessionSeat.sessionId, sessionId), eq(sessionSeat.status, 'enrolled')))
		.all()
		.map((r) => r.userId);
	return { ...s, seated };
}
