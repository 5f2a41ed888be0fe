import { error } from '@sveltejs/kit';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { ATTENDANCE_LABELS, type AttendanceStatus } from '$lib/training';
import { dayIn } from '$lib/time';
import { fold } from '$lib/text';
import { authorize, can, canRunSession, learnerWhere } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { daysBetween, today } from '../rollout/dates';

/**
 * The trainer's reads around a session's roster: the people to add to it, its export, where someone
 * stands on its waitlist, and the people whose training is overdue. Writes stay in sessions.ts,
 * seats.ts and attendance.ts.
 */

const { user, team, sessionSeat, trainingSession, attendance, enrollment, course } = schema;

const SEAT_LABELS = { enrolled: 'Enrolled', waitlisted: 'Waitlisted' } as const;

/** The session and its course for someone who runs it; 404 otherwise (as a missing session). */
function running(conn: Conn, actor: Actor, sessionId: number) {
	authorize(actor.user, 'training.manage');
	const session = conn.select().from(trainingSession).where(eq(trainingSession.id, sessionId)).get();
	const c = session && conn.select().from(course).where(eq(course.id, session.courseId)).get();
	if (!session || !c || !canRunSession(actor.user, session, c)) error(404, 'Not found');
	return { session, course: c };
}

export interface Candidate {
	id: number;
	name: string;
	team: string | null;
	/** Whether the course is assigned to them (open). */
	assigned: boolean;
}

/**
 * People the trainer may add to the session: active, without a place in it. With `find`, anyone whose
 * name or email matches; without, the people who have the course open and no place in any of its
 * sessions to come (who still need one).
 */
export function candidates(actor: Actor, sessionId: number, find = ''): Candidate[] {
	const conn = db();
	const { session } = running(conn, actor, sessionId);
	const open = sql`exists (select 1 from enrollment e where e.user_id = ${user.id} and e.course_id = ${session.courseId} and e.state in ('assigned', 'in_progress'))`;
	const unseated = sql`not exists (select 1 from session_seat s where s.session_id = ${sessionId} and s.user_id = ${user.id})`;
	const q = find.trim();
	const matches = q
		? sql`(${user.nameKey} like ${`%${fold(q).replace(/[%_\\]/g, '\\$&')}%`} escape '\\' or lower(${user.email}) like ${`%${q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`} escape '\\')`
		: and(
				open,
				sql`not exists (select 1 from session_seat s join training_session t on t.id = s.session_id
					where s.user_id = ${user.id} and t.course_id = ${session.courseId} and t.status = 'scheduled' and t.ends_at > ${Date.now()})`
			);
	return conn
		.select({ id: user.id, name: user.name, team: team.name, assigned: sql<number>`${open}` })
		.from(user)
		.leftJoin(team, eq(user.teamId, team.id))
		.where(
			and(
				eq(user.active, true),
				unseated,
				matches,
				learnerWhere(actor.user, { userId: user.id, teamId: user.teamId })
			)
		)
		.orderBy(asc(user.nameKey))
		.limit(50)
		.all()
		.map((c) => ({ ...c, assigned: !!c.assigned }));
}

/** A person's name, for the answer of a form that names them by id. */
export function personName(userId: number): string | null {
	return db().select({ name: user.name }).from(user).where(eq(user.id, userId)).get()?.name ?? null;
}

export interface RosterLine {
	name: string;
	email: string;
	team: string;
	seat: string;
	attendance: string;
	remark: string;
}

/** The roster as exported and printed: the enrolled by name, then the waitlist in its order. */
function rosterLines(conn: Conn, actor: Actor, sessionId: number): RosterLine[] {
	return conn
		.select({
			name: user.name,
			email: user.email,
			team: sql<string>`coalesce(${team.name}, '')`,
			seat: sessionSeat.status,
			attendance: attendance.status,
			remark: sql<string>`coalesce(${attendance.remark}, '')`
		})
		.from(sessionSeat)
		.innerJoin(user, eq(sessionSeat.userId, user.id))
		.leftJoin(team, eq(user.teamId, team.id))
		.leftJoin(
			attendance,
			and(eq(attendance.sessionId, sessionSeat.sessionId), eq(attendance.userId, sessionSeat.userId))
		)
		.where(
			and(
				eq(sessionSeat.sessionId, sessionId),
				learnerWhere(actor.user, { userId: user.id, teamId: user.teamId })
			)
		)
		.orderBy(
			sql`${sessionSeat.status} = 'waitlisted'`,
			sql`case when ${sessionSeat.status} = 'waitlisted' then ${sessionSeat.requestedAt} end`,
			asc(user.nameKey)
		)
		.all()
		.map((r) => ({
			...r,
			seat: SEAT_LABELS[r.seat],
			attendance: r.attendance ? ATTENDANCE_LABELS[r.attendance as AttendanceStatus] : ''
		}));
}

export const ROSTER_FORMATS = ['csv', 'xlsx'] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

const COLUMNS: [header: string, key: keyof RosterLine][] = [
	['Name', 'name'],
	['Email', 'email'],
	['Team', 'team'],
	['Seat', 'seat'],
	['Attendance', 'attendance'],
	['Remark', 'remark']
];

/**
 * The session's roster as a CSV or Excel file, for someone who runs the session and may export.
 * Cells are never formulas (a CSV cell starting with = + - @ tab or CR gets a leading '; Excel cells
 * are written as text). Audited like the CRM's exports.
 */
export async function exportRoster(
	actor: Actor,
	sessionId: number,
	format: RosterFormat
): Promise<{ filename: string; type: string; body: Uint8Array<ArrayBuffer> | string }> {
	authorize(actor.user, 'export');
	const conn = db();
	const { session, course: c } = running(conn, actor, sessionId);
	const lines = rosterLines(conn, actor, sessionId);
	const filename = `roster-session-${session.id}-${dayIn(session.startsAt, 'UTC')}.${format}`;
	let body: Uint8Array<ArrayBuffer> | string;
	if (format === 'csv') {
		const data = lines.map((l) => COLUMNS.map(([, key]) => l[key]));
		// A BOM first, so that Excel reads the UTF-8 of Vietnamese, Russian, Chinese and Tamil names.
		body =
			'\uFEFF' +
			Papa.unparse({ fields: COLUMNS.map(([h]) => h), data }, { escapeFormulae: true, newline: '\r\n' });
	} else {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Roster');
		sheet.columns = COLUMNS.map(([header, key]) => ({ header, key, width: key === 'remark' ? 40 : 24 }));
		for (const l of lines) sheet.addRow(COLUMNS.map(([, key]) => l[key]));
		body = new Uint8Array(await workbook.xlsx.writeBuffer());
	}
	db().transaction((tx) =>
		recordChange(tx, actor, {
			module: 'training.sessions',
			action: 'export',
			entity: 'training_session',
			entityId: session.id,
			after: { format, rows: lines.length, sessionId: session.id },
			summary: `Exported the roster of a session of ${c.title} (${lines.length} people) as ${format.toUpperCase()}`
		})
	);
	return {
		filename,
		type:
			format === 'csv'
				? 'text/csv; charset=utf-8'
				: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		body
	};
}

/** Whether the actor may export this session's roster (the page shows the links only then). */
export function mayExport(
	actor: Actor,
	session: { trainerId: number; teamId: number | null },
	c: { ownerId: number; teamId: number | null }
) {
	return can(actor.user, 'export') && canRunSession(actor.user, session, c);
}

export interface OverdueRow {
	enrollmentId: number;
	userId: number;
	name: string;
	email: string;
	team: string | null;
	courseId: number;
	courseTitle: string;
	dueDate: string;
	daysOverdue: number;
	state: 'assigned' | 'in_progress';
	/** The start of the session to come they hold a seat in, if any. */
	bookedFor: number | null;
}

/**
 * People whose open assignments are past their due date, per course: everyone for trainers, their
 * scope for people who read adoption (a manager: the team).
 */
export function overdue(
	actor: Actor,
	filters: { courseId?: number | null; teamId?: number | null } = {}
): OverdueRow[] {
	if (!can(actor.user, 'training.manage') && !can(actor.user, 'adoption.read'))
		error(403, 'You do not have permission to do that.');
	const now = today();
	const booked = sql<
		number | null
	>`(select min(t.starts_at) from session_seat s join training_session t on t.id = s.session_id
		where s.user_id = ${enrollment.userId} and t.course_id = ${enrollment.courseId} and t.status = 'scheduled'
		and s.status = 'enrolled' and t.starts_at > ${Date.now()})`;
	return db()
		.select({
			enrollmentId: enrollment.id,
			userId: user.id,
			name: user.name,
			email: user.email,
			team: team.name,
			courseId: course.id,
			courseTitle: course.title,
			dueDate: sql<string>`${enrollment.dueDate}`,
			state: enrollment.state,
			bookedFor: booked
		})
		.from(enrollment)
		.innerJoin(user, eq(enrollment.userId, user.id))
		.innerJoin(course, eq(enrollment.courseId, course.id))
		.leftJoin(team, eq(user.teamId, team.id))
		.where(
			and(
				inArray(enrollment.state, ['assigned', 'in_progress']),
				lt(enrollment.dueDate, now),
				eq(user.active, true),
				eq(course.archived, false),
				filters.courseId ? eq(course.id, filters.courseId) : undefined,
				filters.teamId ? eq(user.teamId, filters.teamId) : undefined,
				learnerWhere(actor.user, { userId: user.id, teamId: user.teamId })
			)
		)
		.orderBy(asc(course.title), asc(enrollment.dueDate), asc(user.nameKey))
		.limit(2000)
		.all()
		.map((r) => ({ ...r, state: r.state as OverdueRow['state'], daysOverdue: daysBetween(r.dueDate, now) }));
}

/** The courses and teams the overdue list can be narrowed to. */
export function overdueFilters() {
	const conn = db();
	return {
		courseOptions: conn
			.select({ id: course.id, name: course.title })
			.from(course)
			.where(eq(course.archived, false))
			.orderBy(asc(course.title))
			.all(),
		teams: conn.select({ id: team.id, name: team.name }).from(team).orderBy(asc(team.name)).all()
	};
}
