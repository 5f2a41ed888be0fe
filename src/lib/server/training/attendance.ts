import { error } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { attendanceMark } from '$lib/schemas/training';
import { ATTENDED, ATTENDANCE_LABELS } from '$lib/training';
import { canRunSession } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { InvalidInput, Refused, parse } from '../validation';
import { complete, enrollmentOf, reopen } from './completion';

/**
 * Attendance, taken in bulk on the roster: present or late completes the course at once; a mark
 * corrected to excused or absent takes back the completion that mark gave. Only people with a seat
 * in the session can be marked, and only by someone who runs it.
 */

const { attendance, trainingSession, course, sessionSeat, user } = schema;
const MODULE = 'training.attendance';

const marksForm = z.array(attendanceMark).max(500);

export interface AttendanceSaved {
	marked: number;
	completed: number;
}

/** Saves the roster's marks (rows left blank are skipped); all or nothing. */
export function take(actor: Actor, sessionId: number, input: unknown): AttendanceSaved {
	const marks = parse(marksForm, input);
	return db().transaction((tx) => {
		const session =
			tx.select().from(trainingSession).where(eq(trainingSession.id, sessionId)).get() ??
			error(404, 'Not found');
		const c = tx.select().from(course).where(eq(course.id, session.courseId)).get()!;
		// A trainer without the session's or the course's scope cannot take its attendance.
		if (!canRunSession(actor.user, session, c)) error(404, 'Not found');
		if (session.status === 'cancelled') throw new Refused('This session is cancelled.');
		if (session.startsAt > Date.now() + 3_600_000)
			throw new Refused('Attendance opens an hour before the session starts.');
		const seated = new Set(
			tx
				.select({ userId: sessionSeat.userId })
				.from(sessionSeat)
				.where(and(eq(sessionSeat.sessionId, sessionId), eq(sessionSeat.status, 'enrolled')))
				.all()
				.map((s) => s.userId)
		);
		const errors: Record<string, string> = {};
		for (const [i, m] of marks.entries())
			if (!seated.has(m.userId))
				errors[`marks.${i}`] = 'This person has no seat in the session: enroll them first.';
		if (Object.keys(errors).length)
			throw new InvalidInput(errors, 'Attendance can only be taken for people enrolled in the session.');
		const names = new Map(
			tx
				.select({ id: user.id, name: user.name })
				.from(user)
				.where(sql`${user.id} in (select user_id from session_seat where session_id = ${sessionId})`)
				.all()
				.map((u) => [u.id, u.name])
		);
		let marked = 0;
		let completed = 0;
		for (const m of marks) {
			const before = tx
				.select()
				.from(attendance)
				.where(and(eq(attendance.sessionId, sessionId), eq(attendance.userId, m.userId)))
				.get();
			if (before && before.status === m.status && before.remark === m.remark) continue;
			const row = {
				sessionId,
				userId: m.userId,
				status: m.status,
				remark: m.remark,
				recordedBy: actor.user.id,
				recordedAt: Date.now()
			};
			const after = tx
				.insert(attendance)
				.values(row)
				.onConflictDoUpdate({
					target: [attendance.sessionId, attendance.userId],
					set: { status: m.status, remark: m.remark, recordedBy: row.recordedBy, recordedAt: row.recordedAt }
				})
				.returning()
				.get();
			const who = names.get(m.userId) ?? `#${m.userId}`;
			recordChange(tx, actor, {
				module: MODULE,
				action: before ? 'update' : 'create',
				entity: 'attendance',
				entityId: `${sessionId}:${m.userId}`,
				before: before ?? null,
				after,
				summary: `Marked ${who} ${ATTENDANCE_LABELS[m.status].toLowerCase()} in a session of ${c.title}`
			});
			marked++;
			const e = enrollmentOf(tx, m.userId, c.id);
			if (!e) continue;
			if (ATTENDED.includes(m.status) && e.state !== 'completed') {
				complete(tx, actor, e, {
					by: actor.user.id,
					sessionId,
					summary: `Completed ${c.title} by attending a session`
				});
				completed++;
			} else if (!ATTENDED.includes(m.status) && e.state === 'completed' && e.sessionId === sessionId)
				reopen(
					tx,
					actor,
					e,
					`Took back the completion of ${c.title}: attendance corrected to ${ATTENDANCE_LABELS[m.status].toLowerCase()}`
				);
		}
		return { marked, completed };
	});
}

/** The marks of a form: `mark.<userId>` (status) and `remark.<userId>` per roster row. */
export function marksFromForm(
	values: Record<string, unknown>
): { userId: string; status: string; remark: string }[] {
	return Object.keys(values)
		.filter((k) => k.startsWith('mark.') && String(values[k] ?? '') !== '')
		.map((k) => {
			const userId = k.slice('mark.'.length);
			return { userId, status: String(values[k]), remark: String(values[`remark.${userId}`] ?? '') };
		});
}

/** No-shows: people marked absent (not excused), per person, over the sessions they were seated in. */
export function noShows(userIds: number[]) {
	if (!userIds.length) return new Map<number, number>();
	return new Map(
		db()
			.select({ userId: attendance.userId, n: sql<number>`count(*)` })
			.from(attendance)
			.where(
				and(
					eq(attendance.status, 'absent'),
					sql`${attendance.userId} in (${sql.join(
						userIds.map((id) => sql`${id}`),
						sql`, `
					)})`
				)
			)
			.groupBy(attendance.userId)
			.all()
			.map((r) => [r.userId, r.n])
	);
}
