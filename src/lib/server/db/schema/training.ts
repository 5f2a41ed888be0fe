import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
	ATTENDANCE_STATUSES,
	COMPLETIONS,
	COURSE_FORMATS,
	ENROLLMENT_SOURCES,
	ENROLLMENT_STATES,
	SEAT_STATUSES,
	SESSION_STATUSES,
	type Audience,
	type Material
} from '../../../training';
import { team, user } from './auth';
import { nowMs } from './columns';

/**
 * Training: courses aimed at an audience, the enrollments that audience rule keeps in step, sessions
 * with seats and a waitlist, attendance, and calendar feeds. Dates are YYYY-MM-DD text; instants
 * epoch milliseconds (UTC); every editable row has an optimistic-lock version.
 */

const timestamps = () => ({
	createdAt: integer('created_at').notNull().default(nowMs),
	updatedAt: integer('updated_at').notNull().default(nowMs),
	version: integer('version').notNull().default(1)
});

export const course = sqliteTable(
	'course',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		format: text('format', { enum: COURSE_FORMATS }).notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		/** CRM modules the course covers (usage module names such as `crm.deals`). */
		modules: text('modules', { mode: 'json' })
			.$type<string[]>()
			.notNull()
			.default(sql`'[]'`),
		materials: text('materials', { mode: 'json' })
			.$type<Material[]>()
			.notNull()
			.default(sql`'[]'`),
		/** Courses to complete first (ids). */
		prerequisites: text('prerequisites', { mode: 'json' })
			.$type<number[]>()
			.notNull()
			.default(sql`'[]'`),
		/** A required course is assigned to everyone its audience matches; an optional one only by hand. */
		required: integer('required', { mode: 'boolean' }).notNull().default(true),
		audience: text('audience', { mode: 'json' }).$type<Audience>().notNull(),
		/** Due this many days after assignment … */
		dueDays: integer('due_days'),
		/** … or this many days before the start of the learner's phase (a course aimed at phases). */
		dueBeforePhaseDays: integer('due_before_phase_days'),
		/** Who completes a course without sessions: the learner, or the learner and a trainer's confirmation. */
		completion: text('completion', { enum: COMPLETIONS }).notNull().default('learner'),
		/** A self-assessed score (percent) at least this high passes; null: no score asked. */
		passMark: integer('pass_mark'),
		archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
		/** The responsible trainer and their team: the course's record scope. */
		ownerId: integer('owner_id')
			.notNull()
			.references(() => user.id),
		teamId: integer('team_id').references(() => team.id),
		...timestamps()
	},
	(t) => [uniqueIndex('course_title_unique').on(t.title)]
);

/** One person's assignment to a course: kept in step with the course's audience (training/assignment.ts). */
export const enrollment = sqliteTable(
	'enrollment',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		courseId: integer('course_id')
			.notNull()
			.references(() => course.id),
		source: text('source', { enum: ENROLLMENT_SOURCES }).notNull(),
		state: text('state', { enum: ENROLLMENT_STATES }).notNull().default('assigned'),
		assignedAt: integer('assigned_at').notNull(),
		/** YYYY-MM-DD; null: no due date. */
		dueDate: text('due_date'),
		/** When the learner said "I have done this" on a course a trainer confirms. */
		submittedAt: integer('submitted_at'),
		completedAt: integer('completed_at'),
		score: integer('score'),
		/** Who completed it: the learner, the trainer confirming, or attendance. */
		completedBy: integer('completed_by').references(() => user.id),
		/** The session whose attendance completed it (taking that attendance back reopens it). */
		sessionId: integer('session_id'),
		withdrawnAt: integer('withdrawn_at'),
		...timestamps()
	},
	(t) => [
		uniqueIndex('enrollment_user_course_unique').on(t.userId, t.courseId),
		index('enrollment_course_state_idx').on(t.courseId, t.state)
	]
);

export const trainingSession = sqliteTable(
	'training_session',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		courseId: integer('course_id')
			.notNull()
			.references(() => course.id),
		/** The trainer and their team: the session's record scope. */
		trainerId: integer('trainer_id')
			.notNull()
			.references(() => user.id),
		teamId: integer('team_id').references(() => team.id),
		startsAt: integer('starts_at').notNull(),
		endsAt: integer('ends_at').notNull(),
		place: text('place').notNull().default(''),
		link: text('link').notNull().default(''),
		capacity: integer('capacity').notNull(),
		status: text('status', { enum: SESSION_STATUSES }).notNull().default('scheduled'),
		/** The calendar event's SEQUENCE: raised by every change a calendar must show. */
		sequence: integer('sequence').notNull().default(0),
		...timestamps()
	},
	(t) => [
		index('training_session_course_idx').on(t.courseId, t.startsAt),
		index('training_session_trainer_idx').on(t.trainerId, t.startsAt),
		index('training_session_starts_idx').on(t.startsAt)
	]
);

/** A place in a session: enrolled, or waitlisted in the order people asked. */
export const sessionSeat = sqliteTable(
	'session_seat',
	{
		sessionId: integer('session_id')
			.notNull()
			.references(() => trainingSession.id),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		status: text('status', { enum: SEAT_STATUSES }).notNull(),
		/** When the person asked: the waitlist's order. */
		requestedAt: integer('requested_at').notNull(),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('session_seat_user_idx').on(t.userId)]
);

export const attendance = sqliteTable(
	'attendance',
	{
		sessionId: integer('session_id')
			.notNull()
			.references(() => trainingSession.id),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		status: text('status', { enum: ATTENDANCE_STATUSES }).notNull(),
		remark: text('remark').notNull().default(''),
		recordedBy: integer('recorded_by')
			.notNull()
			.references(() => user.id),
		recordedAt: integer('recorded_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('attendance_user_idx').on(t.userId)]
);

/** A person's private calendar subscription: the SHA-256 of its secret (the URL holds the secret). */
export const calendarFeed = sqliteTable(
	'calendar_feed',
	{
		userId: integer('user_id')
			.primaryKey()
			.references(() => user.id),
		secretHash: text('secret_hash').notNull(),
		createdAt: integer('created_at').notNull().default(nowMs)
	},
	(t) => [uniqueIndex('calendar_feed_secret_unique').on(t.secretHash)]
);

/** An in-app message about a session a person is in (cancelled, moved), shown on their home page. */
export const trainingNotice = sqliteTable(
	'training_notice',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		sessionId: integer('session_id')
			.notNull()
			.references(() => trainingSession.id),
		text: text('text').notNull(),
		createdAt: integer('created_at').notNull().default(nowMs),
		readAt: integer('read_at')
	},
	(t) => [index('training_notice_user_idx').on(t.userId, t.readAt)]
);
