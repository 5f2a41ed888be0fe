// The steering dashboard (issue 4): its page's server time with the demo organisation's plan,
// against a budget of 50 ms p95.
import { dashboard } from '../src/lib/server/rollout/dashboard';
import { db } from '../src/lib/server/db';
import { adminActor } from './actors';
import { measure, type Result } from './measure';

export function rolloutBench(): { results: Result[]; notes: string[] } {
	const client = db().$client;
	const count = (table: string) => client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
	const actor = adminActor();
	return {
		results: [
			measure(
				'steering dashboard (phases with adoption, risks, queue, goals, readiness)',
				300,
				() => void dashboard(actor),
				50_000
			)
		],
		notes: [
			`Demo plan: ${count('phase')} phases, ${count('goal')} goals, ${count('risk')} risks, ${count('change_request')} change requests, ${count('usage_daily').toLocaleString('en')} daily usage rows behind the phases' adoption.`
		]
	};
}
