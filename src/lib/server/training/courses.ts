import { error } from '@sveltejs/kit';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { PROJECT_ROLE_LABELS, type ProjectRole } from '$lib/rollout';
import { courseForm, handAssignForm } from '$lib/schemas/training';
import { COURSE_FORMATS, type Audience } from '$lib/training';
import { authorize, authorizeRecord, can, learnerWhere } from '../access/policy';
import { insertRecord, restorableOf, updateRecord, type AuditedObject } from '../audit/writes';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { withStoredFields } from '../form-fields';
import { defineList, type ListSort } from '../lists/engine';
import { trainingAssigned } from '../notifications/events';
import { today } from '../rollout/dates';
import { InvalidInput, Refused, parse } from '../validation';
import { previewCourse, reconcileCourse, type Course, type Reconciled } from './assignment';
import type { Restorable } from '../audit/restorable';

/**
 * Courses: what is taught, to whom (the audience, which for a required course is the assignment
 * rule), by when, and how it is completed. A course is archived, never deleted: its enrollments are
 * people's history.
 */

const { course, enrollment, role, team, phase, user } = schema;
const MODULE = 'training.courses';
export type { Course };

export const courseObject: AuditedObject<typeof course, Course> = {
	entity: 'course',
	module: MODULE,
	noun: 'course',
	table: course,
	id: course.id,
	describe: (c) => c.title
};

function find(conn: Conn, id: number): Course | undefined {
	return conn.select().from(course).where(eq(course.id, id)).get();
}

/** A course for the actor; 404 when there is none (every course is in the catalogue of `training.read`). */
export function get(actor: Actor, id: number): Course {
	authorize(actor.user, 'training.read');
	return find(db(), id) ?? error(404, 'Not found');
}

/** Ids that must all exist in `column`'s table, else a message beside `field`. */
function assertExist(conn: Conn, ids: number[], column: SQLiteColumn, field: string, message: string) {
	if (!ids.length) return;
	const found = conn
		.select({ id: column })
		.from(column.table as SQLiteTable)
		.where(inArray(column, ids))
		.all();
	if (found.length !== new Set(ids).size) throw new InvalidInput({ [field]: message });
}

/** Whether `id` is reachable from `start` through prerequisites (with `next` as the edited course's). */
function reaches(
	conn: Conn,
	start: number[],
	target: number,
	edited: { id: number; next: number[] }
): boolean {
	const all = new Map(
		conn
			.select({ id: course.id, prerequisites: course.prerequisites })
			.from(course)
			.all()
			.map((c) => [c.id, c.prerequisites])
	);
	all.set(edited.id, edited.next);
	const seen = new Set<number>();
	const stack = [...start];
	while (stack.length) {
		const id = stack.pop()!;
		if (id === target) return true;
		if (seen.has(id)) continue;
		seen.add(id);
		stack.push(...(all.get(id) ?? []));
	}
	return false;
}

/** The stored fields of a course from its form, every reference checked. */
function values(conn: Conn, input: unknown, current?: Course) {
	const f = parse(courseForm, input);
	const audience: Audience = {
		roles: [...new Set(f.roles)],
		teams: [...new Set(f.teams)],
		projectRoles: [...new Set(f.projectRoles)],
		phases: [...new Set(f.phases)]
	};
	assertExist(
		conn,
		audience.roles,
		role.id,
		'roles',
		'Choose roles from the list: one of them no longer exists.'
	);
	assertExist(
		conn,
		audience.teams,
		team.id,
		'teams',
		'Choose teams from the list: one of them no longer exists.'
	);
	assertExist(
		conn,
		audience.phases,
		phase.id,
		'phases',
		'Choose phases from the list: one of them no longer exists.'
	);
	const prerequisites = [...new Set(f.prerequisites)];
	if (current && prerequisites.includes(current.id))
		throw new InvalidInput({ prerequisites: 'A course cannot be its own prerequisite.' });
	assertExist(conn, prerequisites, course.id, 'prerequisites', 'Choose prerequisites from the list.');
	if (current && reaches(conn, prerequisites, current.id, { id: current.id, next: prerequisites }))
		throw new InvalidInput({
			prerequisites: 'That makes a circle: one of these courses already needs this one first.'
		});
	const taken = conn
		.select({ id: course.id })
		.from(course)
		.where(
			and(sql`lower(${course.title}) = lower(${f.title})`, current ? ne(course.id, current.id) : undefined)
		)
		.get();
	if (taken) throw new InvalidInput({ title: 'Another course already has this title.' });
	return {
		title: f.title,
		description: f.description,
		format: f.format,
		durationMinutes: f.durationMinutes,
		modules: f.modules,
		materials: f.materials,
		prerequisites,
		required: f.required,
		audience,
		dueDays: f.dueDays,
		dueBeforePhaseDays: f.dueBeforePhaseDays,
		completion: f.completion,
		passMark: f.passMark
	};
}

export interface CourseSaved {
	course: Course;
	reconciled: Reconciled;
}

export function create(actor: Actor, input: unknown): CourseSaved {
	authorize(actor.user, 'training.manage');
	return db().transaction((tx) => {
		const created = insertRecord(tx, actor, courseObject, {
			...values(tx, input),
			ownerId: actor.user.id,
			teamId: actor.user.teamId
		});
		return { course: created, reconciled: reconcileCourse(tx, actor, created) };
	});
}

function forWrite(tx: Conn, actor: Actor, id: number): Course {
	return authorizeRecord(actor.user, 'training.manage', find(tx, id));
}

export function update(actor: Actor, id: number, input: unknown, baseVersion: unknown): CourseSaved {
	authorize(actor.user, 'training.manage');
	return db().transaction((tx) => {
		const before = forWrite(tx, actor, id);
		const edit = withStoredFields(input, formOf(before));
		const after = updateRecord(tx, actor, courseObject, before, values(tx, edit, before), baseVersion);
		return { course: after, reconciled: reconcileCourse(tx, actor, after) };
	});
}

/**
 * What saving the form over the course (or creating it, `id` undefined) would do to its assignments:
 * "this will assign N people and withdraw M". Nothing is written.
 */
export function preview(actor: Actor, id: number | undefined, input: unknown): Reconciled {
	authorize(actor.user, 'training.manage');
	const conn = db();
	const before = id === undefined ? undefined : forWrite(conn, actor, id);
	const next = values(conn, before ? withStoredFields(input, formOf(before)) : input, before);
	return previewCourse(conn, { ...(before ?? blank(actor)), ...next });
}

function blank(actor: Actor): Course {
	return {
		id: 0,
		title: '',
		description: '',
		format: 'self_paced',
		durationMinutes: 60,
		modules: [],
		materials: [],
		prerequisites: [],
		required: false,
		audience: { roles: [], teams: [], projectRoles: [], phases: [] },
		dueDays: null,
		dueBeforePhaseDays: null,
		completion: 'learner',
		passMark: null,
		archived: false,
		ownerId: actor.user.id,
		teamId: actor.user.teamId,
		createdAt: 0,
		updatedAt: 0,
		version: 1
	};
}

/** Archiving withdraws the open assignments (completed ones stay as history); restoring assigns again. */
export function setArchived(actor: Actor, id: number, archived: boolean): CourseSaved {
	authorize(actor.user, 'training.manage');
	return db().transaction((tx) => {
		const before = forWrite(tx, actor, id);
		const after = updateRecord(
			tx,
			actor,
			courseObject,
			before,
			{ archived },
			undefined,
			`${archived ? 'Archived' : 'Restored'} course ${before.title}`
		);
		return { course: after, reconciled: reconcileCourse(tx, actor, after) };
	});
}

/**
 * Assigns the course to one person by hand (an optional course, or a person the rule does not name).
 * Someone who has it open already is told so; a withdrawn one is assigned again.
 */
export function assignByHand(actor: Actor, courseId: number, input: unknown) {
	authorize(actor.user, 'training.manage');
	const f = parse(handAssignForm, input);
	if (f.dueDate !== null && f.dueDate < today())
		throw new InvalidInput({ dueDate: 'A new assignment cannot be due in the past.' });
	return db().transaction((tx) => {
		const c = forWrite(tx, actor, courseId);
		if (c.archived) throw new Refused('This course is archived: restore it before assigning it.');
		const person = tx
			.select({ id: user.id, name: user.name, active: user.active })
			.from(user)
			.where(eq(user.id, f.userId))
			.get();
		if (!person?.active) throw new InvalidInput({ userId: 'Choose an active person.' });
		const held = tx
			.select()
			.from(enrollment)
			.where(and(eq(enrollment.courseId, c.id), eq(enrollment.userId, person.id)))
			.get();
		if (held && held.state !== 'withdrawn')
			throw new InvalidInput({
				userId:
					held.state === 'completed'
						? `${person.name} has completed this course.`
						: `${person.name} has this course already.`
			});
		const fields = {
			source: 'hand' as const,
			state: 'assigned' as const,
			assignedAt: Date.now(),
			dueDate: f.dueDate,
			withdrawnAt: null,
			submittedAt: null
		};
		const summary = `Assigned ${c.title} to ${person.name} by hand`;
		const assigned = held
			? updateRecord(tx, actor, enrollmentObject, held, fields, undefined, summary)
			: insertRecord(tx, actor, enrollmentObject, { ...fields, userId: person.id, courseId: c.id });
		trainingAssigned(tx, { pairs: [{ userId: person.id, courseId: c.id }] });
		return assigned;
	});
}

export type Enrollment = typeof enrollment.$inferSelect;
export const enrollmentObject: AuditedObject<typeof enrollment, Enrollment> = {
	entity: 'enrollment',
	module: 'training.enrollments',
	noun: 'enrollment',
	table: enrollment,
	id: enrollment.id,
	describe: (e) => `#${e.id}`
};

/** The form's values as the stored course gives them (what `withStoredFields` keeps when a field is missing). */
export function formOf(c: Course) {
	return {
		title: c.title,
		description: c.description,
		format: c.format,
		durationMinutes: String(c.durationMinutes),
		modules: c.modules,
		materials: c.materials.map((m) => (m.label === m.url ? m.url : `${m.label} ${m.url}`)).join('\n'),
		prerequisites: c.prerequisites.map(String),
		required: c.required ? 'on' : '',
		roles: c.audience.roles.map(String),
		teams: c.audience.teams.map(String),
		projectRoles: c.audience.projectRoles,
		phases: c.audience.phases.map(String),
		dueDays: c.dueDays === null ? '' : String(c.dueDays),
		dueBeforePhaseDays: c.dueBeforePhaseDays === null ? '' : String(c.dueBeforePhaseDays),
		completion: c.completion,
		passMark: c.passMark === null ? '' : String(c.passMark)
	};
}

/** The choices of the course form: roles, teams, rollout roles, phases and other courses. */
export function formOptions(actor: Actor, exceptId?: number) {
	authorize(actor.user, 'training.manage');
	const conn = db();
	return {
		roles: conn.select({ id: role.id, label: role.label }).from(role).orderBy(asc(role.label)).all(),
		teams: conn.select({ id: team.id, label: team.name }).from(team).orderBy(asc(team.name)).all(),
		projectRoles: (Object.entries(PROJECT_ROLE_LABELS) as [ProjectRole, string][]).map(([id, label]) => ({
			id,
			label
		})),
		phases: conn.select({ id: phase.id, label: phase.name }).from(phase).orderBy(asc(phase.position)).all(),
		courses: conn
			.select({ id: course.id, label: course.title })
			.from(course)
			.where(exceptId ? ne(course.id, exceptId) : undefined)
			.orderBy(asc(course.title))
			.all()
	};
}

/** The names an audience is described with (roles, teams, phases), read once for a page. */
export function audienceNames(conn: Conn = db()) {
	const map = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
	return {
		roles: map(conn.select({ id: role.id, name: role.label }).from(role).all()),
		teams: map(conn.select({ id: team.id, name: team.name }).from(team).all()),
		phases: map(conn.select({ id: phase.id, name: phase.name }).from(phase).all())
	};
}

/** "Sales / service rep · Sales North · phase Pilot": the audience as a person reads it. */
export function describeAudience(names: ReturnType<typeof audienceNames>, a: Audience): string {
	const list = (from: Map<number, string>, ids: number[]) =>
		ids
			.map((id) => from.get(id))
			.filter(Boolean)
			.join(', ');
	const parts = [
		list(names.roles, a.roles),
		list(names.teams, a.teams),
		a.projectRoles.map((r) => PROJECT_ROLE_LABELS[r as ProjectRole] ?? r).join(', '),
		a.phases.length ? `phase ${list(names.phases, a.phases)}` : ''
	].filter(Boolean);
	return parts.length ? parts.join(' · ') : 'Assigned by hand only';
}

export const COURSE_SORTS = ['title', 'format', 'duration', 'assigned', 'completion', 'owner'] as const;
export type CourseSort = (typeof COURSE_SORTS)[number];
export interface CourseFilters {
	format?: (typeof COURSE_FORMATS)[number];
	required?: boolean;
	/** Archived courses show only when asked for. */
	archived?: boolean;
}

/** Enrollment counts per course, of the learners the actor sees. */
function counts(actor: Actor) {
	const learner = schema.user;
	return db()
		.select({
			courseId: enrollment.courseId,
			assigned: sql<number>`count(*)`.as('assigned'),
			completed: sql<number>`sum(${enrollment.state} = 'completed')`.as('completed')
		})
		.from(enrollment)
		.innerJoin(learner, eq(enrollment.userId, learner.id))
		.where(
			and(
				ne(enrollment.state, 'withdrawn'),
				learnerWhere(actor.user, { userId: learner.id, teamId: learner.teamId })
			)
		)
		.groupBy(enrollment.courseId)
		.as('counts');
}

/** The course catalogue: every course, to everyone who may read training. */
export const courseList = defineList({
	name: 'training.courses',
	permission: 'training.read',
	id: course.id,
	scope: () => undefined,
	search: { column: course.title },
	filters: (f: CourseFilters) => [
		f.format ? eq(course.format, f.format) : undefined,
		f.required === undefined ? undefined : eq(course.required, f.required),
		eq(course.archived, f.archived ?? false)
	],
	sorts: {
		title: course.title,
		format: course.format,
		duration: course.durationMinutes,
		assigned: sql`coalesce(${sql.identifier('counts')}.${sql.identifier('assigned')}, 0)`,
		completion: sql`coalesce(1.0 * ${sql.identifier('counts')}.${sql.identifier('completed')} / ${sql.identifier('counts')}.${sql.identifier('assigned')}, 0)`,
		owner: user.nameKey
	} satisfies Record<CourseSort, ListSort>,
	columns: [
		{ key: 'title', label: 'Course', sort: 'title', always: true },
		{ key: 'format', label: 'Format', sort: 'format' },
		{ key: 'duration', label: 'Duration', sort: 'duration', numeric: true },
		{ key: 'audience', label: 'Audience' },
		{ key: 'assigned', label: 'Assigned', sort: 'assigned', numeric: true },
		{ key: 'completion', label: 'Completed', sort: 'completion', numeric: true },
		{ key: 'owner', label: 'Trainer', sort: 'owner' }
	],
	plainScope: true,
	select: (actor) => {
		const c = counts(actor);
		return db()
			.select({
				id: course.id,
				title: course.title,
				format: course.format,
				durationMinutes: course.durationMinutes,
				required: course.required,
				archived: course.archived,
				audience: course.audience,
				assigned: sql<number>`coalesce(${c.assigned}, 0)`,
				completed: sql<number>`coalesce(${c.completed}, 0)`,
				owner: user.name
			})
			.from(course)
			.leftJoin(c, eq(c.courseId, course.id))
			.innerJoin(user, eq(course.ownerId, user.id))
			.$dynamic();
	}
});

/** Whether the actor may edit the course (the catalogue shows everyone the course; few edit it). */
export function canEdit(actor: Actor, c: Course): boolean {
	return can(actor.user, 'training.manage', c);
}

/** How audit rollback restores a course: its fields, then its assignments reconciled to them. */
export const restorableCourse: Restorable<Course> = {
	...restorableOf(courseObject, [
		'title',
		'description',
		'format',
		'durationMinutes',
		'modules',
		'materials',
		'prerequisites',
		'required',
		'audience',
		'dueDays',
		'dueBeforePhaseDays',
		'completion',
		'passMark',
		'archived'
	]),
	afterRestore: (tx, actor, c) => void reconcileCourse(tx, actor, c)
};

/** A save that would assign or withdraw people waits for the trainer to confirm those numbers. */
export interface NeedsConfirmation {
	confirm: Reconciled;
	/** What the confirming button sends back (`confirm`): the numbers the trainer saw. */
	token: string;
}

/**
 * Creates (`id` undefined) or saves a course from its form, first asking when the audience would
 * assign or withdraw anyone: "this will assign N people and withdraw M". The form's `confirm` field
 * carries the numbers the trainer agreed to; when they no longer hold, it asks again.
 */
export function saveWithConfirmation(
	actor: Actor,
	id: number | undefined,
	values: Record<string, unknown>
): CourseSaved | NeedsConfirmation {
	const p = preview(actor, id, values);
	const token = `${p.assigned}:${p.withdrawn}`;
	if ((p.assigned || p.withdrawn) && values.confirm !== token) return { confirm: p, token };
	return id === undefined ? create(actor, values) : update(actor, id, values, values.version);
}

export const ROSTER_STATES = ['open', 'overdue', 'awaiting', 'completed', 'withdrawn'] as const;
export type RosterState = (typeof ROSTER_STATES)[number];

/**
 * A course's page: the course, what it needs first, and its people (as the actor may see them) with
 * the counts by state; `state` narrows the people listed (at most 200, most urgent first).
 */
export function detail(actor: Actor, id: number, state?: RosterState) {
	const c = get(actor, id);
	const conn = db();
	const learner = schema.user;
	const seen = learnerWhere(actor.user, { userId: learner.id, teamId: learner.teamId });
	const now = today();
	const overdue = sql`${enrollment.state} in ('assigned', 'in_progress') and ${enrollment.dueDate} < ${now}`;
	const counts = conn
		.select({
			open: sql<number>`coalesce(sum(${enrollment.state} in ('assigned', 'in_progress')), 0)`,
			overdue: sql<number>`coalesce(sum(${overdue}), 0)`,
			awaiting: sql<number>`coalesce(sum(${enrollment.submittedAt} is not null and ${enrollment.state} = 'in_progress'), 0)`,
			completed: sql<number>`coalesce(sum(${enrollment.state} = 'completed'), 0)`,
			withdrawn: sql<number>`coalesce(sum(${enrollment.state} = 'withdrawn'), 0)`
		})
		.from(enrollment)
		.innerJoin(learner, eq(enrollment.userId, learner.id))
		.where(and(eq(enrollment.courseId, id), seen))
		.get()!;
	const narrowed = {
		open: sql`${enrollment.state} in ('assigned', 'in_progress')`,
		overdue,
		awaiting: sql`${enrollment.submittedAt} is not null and ${enrollment.state} = 'in_progress'`,
		completed: eq(enrollment.state, 'completed'),
		withdrawn: eq(enrollment.state, 'withdrawn')
	}[state ?? 'open'];
	const people = conn
		.select({
			id: enrollment.id,
			userId: learner.id,
			name: learner.name,
			team: team.name,
			state: enrollment.state,
			source: enrollment.source,
			dueDate: enrollment.dueDate,
			submittedAt: enrollment.submittedAt,
			completedAt: enrollment.completedAt,
			score: enrollment.score
		})
		.from(enrollment)
		.innerJoin(learner, eq(enrollment.userId, learner.id))
		.leftJoin(team, eq(learner.teamId, team.id))
		.where(and(eq(enrollment.courseId, id), seen, narrowed))
		.orderBy(sql`${enrollment.dueDate} is null`, asc(enrollment.dueDate), asc(learner.nameKey))
		.limit(200)
		.all();
	const prerequisites = c.prerequisites.length
		? conn
				.select({ id: course.id, title: course.title })
				.from(course)
				.where(inArray(course.id, c.prerequisites))
				.all()
		: [];
	const mine = conn
		.select()
		.from(enrollment)
		.where(and(eq(enrollment.courseId, id), eq(enrollment.userId, actor.user.id)))
		.get();
	return {
		course: c,
		audience: describeAudience(audienceNames(conn), c.audience),
		prerequisites,
		counts,
		state: state ?? 'open',
		people,
		mine: mine && mine.state !== 'withdrawn' ? mine : null,
		mayEdit: canEdit(actor, c)
	};
}

/** Active people to assign by hand or to seat, for the trainer's pickers. */
export function people(actor: Actor) {
	authorize(actor.user, 'training.manage');
	return db()
		.select({ id: user.id, name: user.name, team: team.name })
		.from(user)
		.leftJoin(team, eq(user.teamId, team.id))
		.where(eq(user.active, true))
		.orderBy(asc(user.nameKey))
		.all();
}
