import { error } from '@sveltejs/kit';
import { and, asc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { can, learnerWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { PAGE_SIZE } from '../lists';
import { today } from '../rollout/dates';

/**
 * The completion matrix: roles × courses or teams × courses, each cell the enrollments of the
 * learners the actor sees (active people, state not withdrawn): assigned, completed, overdue (due
 * date passed and not completed) and the share completed; and a cell's people. Trainers see every
 * learner and every name; people who read adoption see their record scope (a manager their team),
 * and a group of fewer than MIN_GROUP people shows them no names (DESIGN: privacy).
 */

const { course, enrollment, role, team, user } = schema;

export type MatrixBy = 'role' | 'team';
export const MATRIX_STATES = ['open', 'overdue', 'completed'] as const;
export type MatrixState = (typeof MATRIX_STATES)[number];
/** The smallest group whose people are named to someone who does not manage training. */
export const MIN_GROUP = 5;

export interface Cell {
	assigned: number;
	completed: number;
	overdue: number;
	/** Completed ÷ assigned in whole percent: 100 only when all are, 0 only when none is. */
	pct: number;
}
export interface MatrixRow {
	/** The role or team id; null: the people in no team. */
	id: number | null;
	label: string;
	/** By course id; a course missing here has no enrollments in this row. */
	cells: Record<number, Cell>;
	total: Cell;
}
export interface Matrix {
	by: MatrixBy;
	courses: { id: number; title: string }[];
	rows: MatrixRow[];
	/** Column totals by course id. */
	totals: Record<number, Cell>;
	total: Cell;
	/** Cells of at least this many people drill down to names (1: every cell). */
	namesFrom: number;
}

/** Who may read completion: trainers and those who read adoption (managers, steering, project). */
function authorizeMatrix(actor: Actor) {
	if (!can(actor.user, 'training.manage') && !can(actor.user, 'adoption.read'))
		error(403, 'You do not have permission to do that.');
}

export function percent(completed: number, assigned: number): number {
	if (!assigned) return 0;
	const p = Math.round((100 * completed) / assigned);
	if (p === 100 && completed < assigned) return 99;
	if (p === 0 && completed > 0) return 1;
	return p;
}

const empty = (): Cell => ({ assigned: 0, completed: 0, overdue: 0, pct: 0 });
function add(into: Cell, c: Omit<Cell, 'pct'>) {
	into.assigned += c.assigned;
	into.completed += c.completed;
	into.overdue += c.overdue;
	into.pct = percent(into.completed, into.assigned);
}

/**
 * The enrollments a matrix counts: of active learners in the actor's view, not withdrawn. `active` is
 * tested bare: compared with a bound `= 1`, SQLite walked the (course, state) index instead of reading
 * the table in order, a third slower over everyone (bench/README.md, Training).
 */
function counted(scope: SQL | undefined): SQL | undefined {
	return and(ne(enrollment.state, 'withdrawn'), sql`${user.active}`, scope);
}
const scopeOf = (actor: Actor) => learnerWhere(actor.user, { userId: user.id, teamId: user.teamId });

const overdueSql = (day: string) =>
	sql<number>`coalesce(sum(${enrollment.state} <> 'completed' and ${enrollment.dueDate} < ${day}), 0)`;
const completedSql = sql<number>`coalesce(sum(${enrollment.state} = 'completed'), 0)`;

export function completionMatrix(actor: Actor, by: MatrixBy): Matrix {
	authorizeMatrix(actor);
	const conn = db();
	const group = by === 'role' ? user.roleId : user.teamId;
	const scope = scopeOf(actor);
	// One grouped pass. Over everyone, the enrollments are read in table order and each learner found by
	// id (`+` keeps SQLite from starting at the people and their index entries instead, twice as slow);
	// a scoped view (a manager's team) starts from the few people in scope.
	const counts = conn
		.select({
			group,
			courseId: enrollment.courseId,
			assigned: sql<number>`count(*)`,
			completed: completedSql,
			overdue: overdueSql(today())
		})
		.from(enrollment)
		.innerJoin(user, scope ? eq(user.id, enrollment.userId) : sql`${user.id} = +${enrollment.userId}`)
		.where(counted(scope))
		.groupBy(group, enrollment.courseId)
		.all();

	// Archived courses are no columns: their counts are left out with them.
	const courseIds = new Set(counts.map((c) => c.courseId));
	const courses = conn
		.select({ id: course.id, title: course.title })
		.from(course)
		.where(eq(course.archived, false))
		.orderBy(asc(course.title))
		.all()
		.filter((c) => courseIds.has(c.id));
	const labels = new Map<number | null, string>(
		(by === 'role'
			? conn.select({ id: role.id, label: role.label }).from(role).all()
			: conn.select({ id: team.id, label: team.name }).from(team).all()
		).map((r) => [r.id, r.label])
	);

	const rows = new Map<number | null, MatrixRow>();
	const totals: Record<number, Cell> = {};
	const total = empty();
	const shown = new Set(courses.map((c) => c.id));
	for (const c of counts) {
		if (!shown.has(c.courseId)) continue;
		let row = rows.get(c.group);
		if (!row) {
			row = { id: c.group, label: labels.get(c.group) ?? 'No team', cells: {}, total: empty() };
			rows.set(c.group, row);
		}
		const n = { assigned: c.assigned, completed: c.completed, overdue: c.overdue };
		row.cells[c.courseId] = { ...n, pct: percent(n.completed, n.assigned) };
		add(row.total, n);
		add((totals[c.courseId] ??= empty()), n);
		add(total, n);
	}
	return {
		by,
		courses,
		// Alphabetical; the people in no team last.
		rows: [...rows.values()].sort(
			(a, b) => Number(a.id === null) - Number(b.id === null) || a.label.localeCompare(b.label)
		),
		totals,
		total,
		namesFrom: can(actor.user, 'training.manage') ? 1 : MIN_GROUP
	};
}

export interface MatrixPerson {
	id: number;
	name: string;
	team: string | null;
	state: 'assigned' | 'in_progress' | 'completed';
	overdue: boolean;
	dueDate: string | null;
	completedAt: number | null;
}

export interface MatrixPeople {
	course: { id: number; title: string };
	/** The cell's row: a role or a team (null id: no team), or the whole course when absent. */
	group: { by: MatrixBy; id: number | null; label: string } | null;
	state: MatrixState | null;
	/** The cell's people by state (its size is `all`). */
	counts: { all: number; open: number; overdue: number; completed: number };
	/** True when the group is too small for the actor to see names: `people` is then empty. */
	hidden: boolean;
	people: MatrixPerson[];
	page: number;
	pageSize: number;
	/** People of the chosen state (what the pager counts). */
	total: number;
}

export interface PeopleQuery {
	courseId: number;
	roleId?: number;
	/** A team, or null for the people in no team. */
	teamId?: number | null;
	state?: MatrixState;
	page?: number;
}

/** The people of one cell of the matrix (or of a course's column), overdue first. */
export function matrixPeople(actor: Actor, q: PeopleQuery): MatrixPeople {
	authorizeMatrix(actor);
	const conn = db();
	const c =
		conn.select({ id: course.id, title: course.title }).from(course).where(eq(course.id, q.courseId)).get() ??
		error(404, 'Not found');
	let group: MatrixPeople['group'] = null;
	let inGroup: SQL | undefined;
	if (q.roleId !== undefined) {
		const r = conn.select({ label: role.label }).from(role).where(eq(role.id, q.roleId)).get();
		if (!r) error(404, 'Not found');
		group = { by: 'role', id: q.roleId, label: r.label };
		inGroup = eq(user.roleId, q.roleId);
	} else if (q.teamId === null) {
		group = { by: 'team', id: null, label: 'No team' };
		inGroup = isNull(user.teamId);
	} else if (q.teamId !== undefined) {
		const t = conn.select({ label: team.name }).from(team).where(eq(team.id, q.teamId)).get();
		if (!t) error(404, 'Not found');
		group = { by: 'team', id: q.teamId, label: t.label };
		inGroup = eq(user.teamId, q.teamId);
	}

	const day = today();
	const where = and(counted(scopeOf(actor)), eq(enrollment.courseId, c.id), inGroup);
	const n = conn
		.select({ all: sql<number>`count(*)`, completed: completedSql, overdue: overdueSql(day) })
		.from(enrollment)
		.innerJoin(user, eq(user.id, enrollment.userId))
		.where(where)
		.get() ?? { all: 0, completed: 0, overdue: 0 };
	const counts = { ...n, open: n.all - n.completed };
	const hidden = !can(actor.user, 'training.manage') && counts.all < MIN_GROUP;
	const state = q.state ?? null;
	const total = hidden ? 0 : state ? counts[state] : counts.all;
	const pageSize = PAGE_SIZE * 2;
	const page = Math.max(1, Math.min(q.page ?? 1, Math.ceil(total / pageSize) || 1));

	const isOverdue = sql<number>`(${enrollment.state} <> 'completed' and ${enrollment.dueDate} < ${day})`;
	const ofState = {
		open: ne(enrollment.state, 'completed'),
		overdue: sql`${isOverdue}`,
		completed: eq(enrollment.state, 'completed')
	};
	const people = hidden
		? []
		: conn
				.select({
					id: user.id,
					name: user.name,
					team: team.name,
					state: enrollment.state,
					overdue: isOverdue,
					dueDate: enrollment.dueDate,
					completedAt: enrollment.completedAt
				})
				.from(enrollment)
				.innerJoin(user, eq(user.id, enrollment.userId))
				.leftJoin(team, eq(team.id, user.teamId))
				.where(and(where, state ? ofState[state] : undefined))
				// Whom to chase first: overdue, then open by due date, then completed.
				.orderBy(
					sql`case when ${isOverdue} then 0 when ${enrollment.state} <> 'completed' then 1 else 2 end`,
					sql`${enrollment.dueDate} is null`,
					asc(enrollment.dueDate),
					asc(user.nameKey),
					asc(user.id)
				)
				.limit(pageSize)
				.offset((page - 1) * pageSize)
				.all()
				.map((p) => ({
					...p,
					state: p.state as MatrixPerson['state'],
					overdue: Boolean(p.overdue)
				}));
	return { course: c, group, state, counts, hidden, people, page, pageSize, total };
}
