import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, schema } from '$lib/server/db';
import { rollback } from '$lib/server/audit/rollback';
import * as users from '$lib/server/admin/users';
import * as courses from '$lib/server/training/courses';
import * as phases from '$lib/server/rollout/phases';
import * as teamModule from '$lib/server/rollout/team';
import { InvalidInput } from '$lib/server/validation';
import { makeActor, makeTeam, roleId } from './helpers';

const fieldErrors = (run: () => unknown) => {
	try {
		run();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors;
		throw e;
	}
	throw new Error('expected InvalidInput');
};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The state of each person's enrollment on a course, by user id. */
function states(courseId: number): Record<number, string> {
	return Object.fromEntries(
		db()
			.select({ userId: schema.enrollment.userId, state: schema.enrollment.state })
			.from(schema.enrollment)
			.where(eq(schema.enrollment.courseId, courseId))
			.all()
			.map((e) => [e.userId, e.state])
	);
}

const courseInput = (over: Record<string, unknown> = {}) => ({
	title: `Course ${Math.random().toString(36).slice(2, 8)}`,
	format: 'self_paced',
	durationMinutes: '60',
	required: 'on',
	dueDays: '14',
	...over
});

describe('assignment by rule', () => {
	it('assigns a required course to everyone its audience names at once, existing people included', () => {
		const trainer = makeActor('trainer');
		const north = makeTeam();
		const south = makeTeam();
		const repNorth = makeActor('rep', { teamId: north });
		const repSouth = makeActor('rep', { teamId: south });
		const manager = makeActor('manager', { teamId: north });
		const inactive = makeActor('rep', { teamId: north, active: false });
		const { course, reconciled } = courses.create(trainer, courseInput({ roles: [String(roleId('rep'))] }));
		const s = states(course.id);
		expect(s[repNorth.user.id]).toBe('assigned');
		expect(s[repSouth.user.id]).toBe('assigned');
		expect(s[manager.user.id]).toBeUndefined();
		expect(s[inactive.user.id]).toBeUndefined();
		expect(reconciled.assigned).toBeGreaterThanOrEqual(2);
		const e = db()
			.select()
			.from(schema.enrollment)
			.where(eq(schema.enrollment.userId, repNorth.user.id))
			.get()!;
		expect(e.dueDate).toBe(day(14));
		expect(e.source).toBe('rule');
		// Each enrollment has its audit row.
		const audits = db()
			.$client.prepare("SELECT count(*) FROM audit_log WHERE entity = 'enrollment' AND entity_id = ?")
			.pluck()
			.get(String(e.id));
		expect(audits).toBe(1);

		// Roles and teams together: reps of the north team only; the south rep's open assignment goes.
		const preview = courses.preview(trainer, course.id, {
			...courses.formOf(course),
			teams: [String(north)]
		});
		expect(preview.withdrawn).toBeGreaterThanOrEqual(1);
		courses.update(trainer, course.id, { ...courses.formOf(course), teams: [String(north)] }, course.version);
		const after = states(course.id);
		expect(after[repNorth.user.id]).toBe('assigned');
		expect(after[repSouth.user.id]).toBe('withdrawn');
	});

	it('follows people: a role change, a deactivation, a rollout role and a phase’s teams', () => {
		const admin = makeActor('admin');
		const trainer = makeActor('trainer');
		const pm = makeActor('project_manager');
		const team = makeTeam();
		const { course } = courses.create(trainer, courseInput({ roles: [String(roleId('rep'))] }));
		const viewer = makeActor('viewer', { teamId: team });
		expect(states(course.id)[viewer.user.id]).toBeUndefined();
		const record = users.find(db(), viewer.user.id)!;
		users.update(
			admin,
			viewer.user.id,
			{
				email: record.email,
				name: record.name,
				roleId: String(roleId('rep')),
				teamId: String(team),
				title: '',
				locale: 'en'
			},
			record.version
		);
		expect(states(course.id)[viewer.user.id]).toBe('assigned');
		users.setActive(admin, viewer.user.id, false);
		expect(states(course.id)[viewer.user.id]).toBe('withdrawn');
		users.setActive(admin, viewer.user.id, true);
		expect(states(course.id)[viewer.user.id]).toBe('assigned');

		const { course: champions } = courses.create(trainer, courseInput({ projectRoles: ['champion'] }));
		teamModule.assign(pm, { userId: String(viewer.user.id), role: 'champion', teamId: String(team) });
		expect(states(champions.id)[viewer.user.id]).toBe('assigned');

		const phase = phases.create(pm, {
			name: 'Wave',
			startDate: day(30),
			endDate: day(60),
			teamIds: [],
			adoptionTarget: '70'
		});
		const { course: wave } = courses.create(
			trainer,
			courseInput({ phases: [String(phase.id)], dueDays: '', dueBeforePhaseDays: '7' })
		);
		expect(states(wave.id)[viewer.user.id]).toBeUndefined();
		phases.update(
			pm,
			phase.id,
			{ name: 'Wave', startDate: day(30), endDate: day(60), teamIds: [String(team)], adoptionTarget: '70' },
			phase.version
		);
		expect(states(wave.id)[viewer.user.id]).toBe('assigned');
		const e = db().select().from(schema.enrollment).where(eq(schema.enrollment.courseId, wave.id)).get()!;
		expect(e.dueDate).toBe(day(23));
	});

	it('keeps a completed enrollment as history and leaves hand assignments alone', () => {
		const trainer = makeActor('trainer');
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const other = makeActor('manager', { teamId: team });
		const { course } = courses.create(
			trainer,
			courseInput({ teams: [String(team)], roles: [String(roleId('rep'))] })
		);
		db()
			.update(schema.enrollment)
			.set({ state: 'completed', completedAt: Date.now() })
			.where(eq(schema.enrollment.userId, rep.user.id))
			.run();
		expect(
			fieldErrors(() =>
				courses.assignByHand(trainer, course.id, { userId: String(other.user.id), dueDate: day(-1) })
			)
		).toEqual({
			dueDate: 'A new assignment cannot be due in the past.'
		});
		courses.assignByHand(trainer, course.id, { userId: String(other.user.id), dueDate: day(10) });
		const fresh = courses.get(trainer, course.id);
		courses.update(
			trainer,
			course.id,
			{ ...courses.formOf(fresh), roles: [String(roleId('viewer'))] },
			fresh.version
		);
		const s = states(course.id);
		expect(s[rep.user.id]).toBe('completed');
		expect(s[other.user.id]).toBe('assigned');
	});

	it('refuses bad input beside the field and saves nothing', () => {
		const trainer = makeActor('trainer');
		const { course: a } = courses.create(trainer, courseInput());
		const { course: b } = courses.create(trainer, courseInput({ prerequisites: [String(a.id)] }));
		expect(
			fieldErrors(() =>
				courses.update(trainer, a.id, { ...courses.formOf(a), prerequisites: [String(b.id)] }, a.version)
			)
		).toEqual({
			prerequisites: 'That makes a circle: one of these courses already needs this one first.'
		});
		expect(fieldErrors(() => courses.create(trainer, courseInput({ teams: ['999999'] })))).toEqual({
			teams: 'Choose teams from the list: one of them no longer exists.'
		});
		expect(fieldErrors(() => courses.create(trainer, courseInput({ roles: ['999999'] })))).toEqual({
			roles: 'Choose roles from the list: one of them no longer exists.'
		});
		expect(fieldErrors(() => courses.create(trainer, courseInput({ title: a.title.toUpperCase() })))).toEqual(
			{
				title: 'Another course already has this title.'
			}
		);
		expect(fieldErrors(() => courses.create(trainer, courseInput({ dueBeforePhaseDays: '5' })))).toEqual({
			dueBeforePhaseDays: 'A due date before the phase starts needs the course aimed at a phase.'
		});
		expect(courses.get(trainer, a.id).prerequisites).toEqual([]);
	});

	it('rolls a course’s audience back from the audit log, with its assignments', () => {
		const admin = makeActor('admin');
		const trainer = makeActor('trainer');
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const { course } = courses.create(trainer, courseInput({ teams: [String(team)] }));
		courses.update(
			trainer,
			course.id,
			{ ...courses.formOf(course), teams: [String(makeTeam())] },
			course.version
		);
		expect(states(course.id)[rep.user.id]).toBe('withdrawn');
		const entry = db()
			.$client.prepare(
				"SELECT id FROM audit_log WHERE entity = 'course' AND entity_id = ? AND action = 'update' ORDER BY id DESC"
			)
			.pluck()
			.get(String(course.id)) as number;
		rollback(admin, entry);
		expect(states(course.id)[rep.user.id]).toBe('assigned');
	});
});
