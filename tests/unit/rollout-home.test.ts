import { describe, expect, it } from 'vitest';
import { submit } from '$lib/server/rollout/changes';
import { rolloutSummary } from '$lib/server/rollout/home';
import { create as createPhase } from '$lib/server/rollout/phases';
import { create as createRisk } from '$lib/server/rollout/risks';
import { makeActor } from './helpers';

const risk = (ownerId: number, title: string) => ({
	title,
	category: 'people',
	likelihood: '4',
	impact: '4',
	ownerId: String(ownerId),
	status: 'open'
});

describe('the home page’s rollout card', () => {
	it('shows the phase under way, the risks the person owns, and the decisions waiting for the steering committee', () => {
		const pm = makeActor('project_manager');
		const steering = makeActor('steering_member');
		const phase = { description: '', startDate: '2027-01-04', endDate: '2027-02-26', adoptionTarget: '70' };
		createPhase(pm, { ...phase, name: 'Later', status: 'planned' });
		const now = createPhase(pm, { ...phase, name: 'Now', status: 'active' });
		createRisk(pm, risk(pm.user.id, 'Mine'));
		createRisk(pm, risk(steering.user.id, 'Theirs'));
		submit(pm, { title: 'Add a field', type: 'field' });

		const mine = rolloutSummary(pm);
		expect(mine.phase).toMatchObject({ id: now.id, name: 'Now', status: 'active', adoptionTarget: 70 });
		expect(mine.myRisks.map((r) => r.title)).toEqual(['Mine']);
		expect(mine.awaitingDecision).toBeNull(); // a planner does not decide
		expect(rolloutSummary(steering)).toMatchObject({ myRiskCount: 1, awaitingDecision: 1 });
	});

	it('asks nobody but the steering committee to decide', () => {
		expect(rolloutSummary(makeActor('rep')).awaitingDecision).toBeNull();
	});
});
