import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { db, schema } from '$lib/server/db';
import { markDone } from '$lib/server/training/completion';
import * as courses from '$lib/server/training/courses';
import { completionMatrix, matrixPeople, percent, type Matrix } from '$lib/server/training/matrix';
import { makeActor, makeTeam, roleId } from './helpers';

const { enrollment, user } = schema;

function courseInput(title: string, audience: { roles?: number[]; teams?: number[] }) {
	return {
		title,
		format: 'self_paced',
		durationMinutes: '30',
		required: 'on',
		roles: (audience.roles ?? []).map(String),
		teams: (audience.teams ?? []).map(String),
		dueDays: '10'
	};
}

function enrollmentOf(person: Actor, courseId: number) {
	return db()
		.select()
		.from(enrollment)
		.where(and(eq(enrollment.userId, person.user.id), eq(enrollment.courseId, courseId)))
		.get()!;
}

const done = (person: Actor, courseId: number) => markDone(person, enrollmentOf(person, courseId).id, {});
const pastDue = (person: Actor, courseId: number) =>
	db()
		.update(enrollment)
		.set({ dueDate: '2000-01-01' })
		.where(eq(enrollment.id, enrollmentOf(person, courseId).id))
		.run();

const cell = (m: Matrix, rowLabel: string, courseId: number) =>
	m.rows.find((r) => r.label === rowLabel)?.cells[courseId];

let trainer: Actor;
let north: number;
let south: number;
let northReps: Actor[];
let southReps: Actor[];
let northManager: Actor;
let basics: number;
let deals: number;
let legacy: number;
let handOnly: number;

beforeAll(() => {
	trainer = makeActor('trainer');
	north = makeTeam('North');
	south = makeTeam('South');
	northReps = Array.from({ length: 7 }, () => makeActor('rep', { teamId: north }));
	southReps = Array.from({ length: 2 }, () => makeActor('rep', { teamId: south }));
	northManager = makeActor('manager', { teamId: north });
	const rep = roleId('rep');

	// Reps and managers: 7 + 2 reps and the manager (the inactive rep below too, until deactivated).
	basics = courses.create(trainer, courseInput('CRM basics', { roles: [rep, roleId('manager')] })).course.id;
	// First every rep, then narrowed to North: the two South reps' assignments are withdrawn.
	const d = courses.create(trainer, courseInput('Deals', { roles: [rep] })).course;
	deals = d.id;
	courses.update(trainer, d.id, courseInput('Deals', { roles: [rep], teams: [north] }), d.version);
	// Archived after one completion: not a column any more.
	legacy = courses.create(trainer, courseInput('Legacy screens', { roles: [rep] })).course.id;
	// Assigned by hand only: no enrollments, no column.
	handOnly = courses.create(trainer, { ...courseInput('Optional extras', {}), required: '' }).course.id;

	for (const r of northReps.slice(0, 4)) done(r, basics);
	done(southReps[0], basics);
	done(northReps[0], deals);
	done(northReps[0], legacy);
	courses.setArchived(trainer, legacy, true);
	// Completed, then past due: not overdue. Open and past due: overdue.
	pastDue(northReps[0], basics);
	pastDue(northReps[4], basics);
	pastDue(southReps[1], basics);
	// The seventh North rep completed and left: inactive people do not count.
	done(northReps[6], basics);
	db().update(user).set({ active: false }).where(eq(user.id, northReps[6].user.id)).run();
});

describe('completion matrix', () => {
	it('counts completed of assigned and overdue by role, with row and column totals', () => {
		const m = completionMatrix(trainer, 'role');
		expect(m.by).toBe('role');
		expect(m.courses.map((c) => c.title)).toEqual(['CRM basics', 'Deals']);
		expect(m.courses.map((c) => c.id)).not.toContain(legacy);
		expect(m.courses.map((c) => c.id)).not.toContain(handOnly);
		expect(m.rows.map((r) => r.label)).toEqual(['Sales / service manager', 'Sales / service rep']);
		// 6 active North reps + 2 South reps; 4 + 1 completed; the open past-due ones overdue.
		expect(cell(m, 'Sales / service rep', basics)).toEqual({
			assigned: 8,
			completed: 5,
			overdue: 2,
			pct: 63
		});
		expect(cell(m, 'Sales / service rep', deals)).toEqual({ assigned: 6, completed: 1, overdue: 0, pct: 17 });
		expect(cell(m, 'Sales / service manager', basics)).toEqual({
			assigned: 1,
			completed: 0,
			overdue: 0,
			pct: 0
		});
		expect(cell(m, 'Sales / service manager', deals)).toBeUndefined();
		expect(m.rows.find((r) => r.label === 'Sales / service rep')!.total).toEqual({
			assigned: 14,
			completed: 6,
			overdue: 2,
			pct: 43
		});
		expect(m.totals[basics]).toEqual({ assigned: 9, completed: 5, overdue: 2, pct: 56 });
		expect(m.totals[deals]).toEqual({ assigned: 6, completed: 1, overdue: 0, pct: 17 });
		expect(m.total).toEqual({ assigned: 15, completed: 6, overdue: 2, pct: 40 });
		expect(m.namesFrom).toBe(1);
	});

	it('counts by team, withdrawn assignments left out', () => {
		const m = completionMatrix(trainer, 'team');
		expect(m.rows.map((r) => r.label)).toEqual(['North', 'South']);
		expect(cell(m, 'North', basics)).toEqual({ assigned: 7, completed: 4, overdue: 1, pct: 57 });
		expect(cell(m, 'North', deals)).toEqual({ assigned: 6, completed: 1, overdue: 0, pct: 17 });
		expect(cell(m, 'South', basics)).toEqual({ assigned: 2, completed: 1, overdue: 1, pct: 50 });
		// South's Deals assignments were withdrawn when the audience was narrowed.
		expect(cell(m, 'South', deals)).toBeUndefined();
		expect(enrollmentOf(southReps[0], deals).state).toBe('withdrawn');
	});

	it('shows a manager only their team', () => {
		const byTeam = completionMatrix(northManager, 'team');
		expect(byTeam.rows.map((r) => r.label)).toEqual(['North']);
		expect(byTeam.total.assigned).toBe(13);
		const byRole = completionMatrix(northManager, 'role');
		expect(cell(byRole, 'Sales / service rep', basics)).toEqual({
			assigned: 6,
			completed: 4,
			overdue: 1,
			pct: 67
		});
		expect(byRole.namesFrom).toBe(5);
		const south = matrixPeople(northManager, { courseId: basics, teamId: southReps[0].user.teamId });
		expect(south.counts.all).toBe(0);
		expect(south.people).toEqual([]);
	});

	it('is refused to people who neither train nor read adoption', () => {
		const rep = northReps[1];
		expect(() => completionMatrix(rep, 'role')).toThrow(expect.objectContaining({ status: 403 }));
		expect(() => matrixPeople(rep, { courseId: basics })).toThrow(expect.objectContaining({ status: 403 }));
		expect(() => completionMatrix(makeActor('viewer'), 'team')).toThrow(
			expect.objectContaining({ status: 403 })
		);
		expect(completionMatrix(makeActor('steering_member'), 'role').total.assigned).toBe(15);
	});

	it('is empty when nobody has an enrollment the actor sees', () => {
		const lone = makeActor('manager', { teamId: makeTeam('Nobody here') });
		const m = completionMatrix(lone, 'role');
		expect(m.rows).toEqual([]);
		expect(m.courses).toEqual([]);
		expect(m.total).toEqual({ assigned: 0, completed: 0, overdue: 0, pct: 0 });
	});
});

describe("a cell's people", () => {
	it('lists them overdue first, then open by due date, then completed, and narrows by state', () => {
		const p = matrixPeople(trainer, { courseId: basics, teamId: north });
		expect(p.group).toEqual({ by: 'team', id: north, label: 'North' });
		expect(p.counts).toEqual({ all: 7, open: 3, overdue: 1, completed: 4 });
		expect(p.hidden).toBe(false);
		expect(p.people).toHaveLength(7);
		expect(p.people[0]).toMatchObject({ id: northReps[4].user.id, overdue: true, team: 'North' });
		expect(p.people.slice(3).every((x) => x.state === 'completed' && x.completedAt)).toBe(true);
		expect(p.people.map((x) => x.id)).not.toContain(northReps[6].user.id);

		const overdue = matrixPeople(trainer, { courseId: basics, teamId: north, state: 'overdue' });
		expect(overdue.people.map((x) => x.id)).toEqual([northReps[4].user.id]);
		expect(overdue.total).toBe(1);
		const open = matrixPeople(trainer, { courseId: basics, roleId: roleId('rep'), state: 'open' });
		expect(open.people.map((x) => x.id).sort()).toEqual(
			[northReps[4], northReps[5], southReps[1]].map((a) => a.user.id).sort()
		);
		const completed = matrixPeople(trainer, { courseId: basics, state: 'completed' });
		expect(completed.group).toBeNull();
		expect(completed.total).toBe(5);
		expect(completed.people.every((x) => x.state === 'completed')).toBe(true);
	});

	it('names the people of groups under 5 only to trainers', () => {
		const steering = makeActor('steering_member');
		const small = matrixPeople(steering, { courseId: basics, teamId: south });
		expect(small.counts.all).toBe(2);
		expect(small.hidden).toBe(true);
		expect(small.people).toEqual([]);
		expect(small.total).toBe(0);
		// The state narrows the list, not the group: 1 overdue of 7 is named.
		const big = matrixPeople(steering, { courseId: basics, teamId: north, state: 'overdue' });
		expect(big.hidden).toBe(false);
		expect(big.people.map((x) => x.id)).toEqual([northReps[4].user.id]);
		expect(matrixPeople(steering, { courseId: basics, roleId: roleId('manager') }).hidden).toBe(true);
		// The manager's own team's 7 are named; the trainer is told every name.
		expect(matrixPeople(northManager, { courseId: basics, teamId: north }).people).toHaveLength(7);
		expect(matrixPeople(trainer, { courseId: basics, teamId: south }).people).toHaveLength(2);
		expect(matrixPeople(makeActor('admin'), { courseId: basics, teamId: south }).people).toHaveLength(2);
	});

	it('answers 404 for a course, role or team that does not exist', () => {
		expect(() => matrixPeople(trainer, { courseId: 999_999 })).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(() => matrixPeople(trainer, { courseId: basics, roleId: 999_999 })).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(() => matrixPeople(trainer, { courseId: basics, teamId: 999_999 })).toThrow(
			expect.objectContaining({ status: 404 })
		);
	});
});

describe('percent', () => {
	it('rounds, but says 100 only when all are done and 0 only when none is', () => {
		expect(percent(0, 0)).toBe(0);
		expect(percent(5, 8)).toBe(63);
		expect(percent(999, 1000)).toBe(99);
		expect(percent(1, 1000)).toBe(1);
		expect(percent(3, 3)).toBe(100);
	});
});
