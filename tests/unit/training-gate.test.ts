import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db, schema } from '$lib/server/db';
import * as courses from '$lib/server/training/courses';
import { blockers } from '$lib/server/training/gate';
import * as phases from '$lib/server/rollout/phases';
import { dashboard } from '$lib/server/rollout/dashboard';
import { Refused } from '$lib/server/validation';
import { makeActor, makeTeam, roleId } from './helpers';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('training as a phase gate', () => {
	it('is checked live from the enrollments, names who blocks it, and holds the phase open', () => {
		const pm = makeActor('project_manager');
		const trainer = makeActor('trainer');
		const team = makeTeam();
		const reps = [0, 1, 2, 3].map(() => makeActor('rep', { teamId: team }));
		const phase = phases.create(pm, {
			name: 'Gate',
			startDate: day(-10),
			endDate: day(20),
			teamIds: [String(team)],
			adoptionTarget: '70'
		});
		phases.addCriterion(pm, phase.id, { kind: 'exit', measure: 'training', threshold: '75' });
		const { course } = courses.create(trainer, {
			title: 'Gate course',
			format: 'self_paced',
			durationMinutes: '30',
			required: 'on',
			roles: [String(roleId('rep'))],
			teams: [String(team)]
		});
		const detail = () => phases.detail(pm, phase.id);
		const criterion = () => detail().criteria.find((c) => c.measure === 'training')!;
		expect(criterion().text).toBe('Required training completed by 75 % of the phase’s teams');
		expect(criterion().done).toBe(false);
		expect(criterion().progress).toMatchObject({ pct: 0, assigned: 4 });
		expect(
			blockers(pm, phase.id)
				.map((b) => b.id)
				.sort()
		).toEqual(reps.map((r) => r.user.id).sort());
		// Ticking by hand is refused; closing names the criterion.
		expect(() => phases.setCriterion(pm, criterion().id, true)).toThrow(Refused);
		expect(() => phases.close(pm, phase.id)).toThrow(/exit criteria are not met/);

		const done = (rep: (typeof reps)[number]) =>
			db()
				.update(schema.enrollment)
				.set({ state: 'completed', completedAt: Date.now() })
				.where(and(eq(schema.enrollment.userId, rep.user.id), eq(schema.enrollment.courseId, course.id)))
				.run();
		reps.slice(0, 3).forEach(done);
		expect(criterion()).toMatchObject({ done: true, progress: { pct: 75 } });
		expect(blockers(pm, phase.id).map((b) => b.id)).toEqual([reps[3].user.id]);
		// A rep reading the phase sees only themselves among the blockers.
		expect(blockers(reps[3], phase.id).map((b) => b.id)).toEqual([reps[3].user.id]);
		expect(blockers(reps[0], phase.id)).toEqual([]);
		expect(dashboard(pm).phases.find((p) => p.id === phase.id)?.training).toMatchObject({
			assigned: 4,
			completed: 3,
			pct: 75
		});
		expect(phases.close(pm, phase.id).status).toBe('closed');
	});
});
