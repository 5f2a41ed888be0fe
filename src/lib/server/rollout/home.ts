import { can, authorize } from '../access/policy';
import type { Actor } from '../auth/actor';
import { queue } from './changes';
import { list as phases } from './phases';
import { list as risks } from './risks';

/**
 * The rollout as the home page shows it to someone who may read it: the phase under way (or the next
 * one), the active risks the person owns, and — for the steering committee — the decisions waiting.
 */
export function rolloutSummary(actor: Actor) {
	authorize(actor.user, 'rollout.read');
	const plan = phases(actor);
	const current = plan.find((p) => p.status === 'active') ?? plan.find((p) => p.status === 'planned') ?? null;
	const mine = risks(actor, { status: 'active', ownerId: actor.user.id });
	return {
		phase: current && {
			id: current.id,
			name: current.name,
			status: current.status,
			startDate: current.startDate,
			endDate: current.endDate,
			adoptionTarget: current.adoptionTarget,
			exitDone: current.exitDone,
			exitTotal: current.exitTotal
		},
		phases: plan.length,
		myRisks: mine.slice(0, 3).map(({ id, title, score, overdue }) => ({ id, title, score, overdue })),
		myRiskCount: mine.length,
		awaitingDecision: can(actor.user, 'rollout.decide') ? queue(actor).length : null
	};
}
