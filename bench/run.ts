// `npm run bench`: Uptake's performance budgets, measured on this machine (never in tests).
// Writes bench/results/latest.json and prints a table for bench/README.md.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'uptake-bench-'));
process.env.DATABASE_PATH = join(dir, 'bench.sqlite');
process.env.UPTAKE_DEMO = '1';

const { bootstrap } = await import('../src/lib/server/auth/bootstrap');
const { createSession, generateSessionToken, validateSessionToken } =
	await import('../src/lib/server/auth/session');
const { recordUsage } = await import('../src/lib/server/audit/usage');
const { db } = await import('../src/lib/server/db');

interface Result {
	name: string;
	runs: number;
	meanUs: number;
	p50Us: number;
	p95Us: number;
	p99Us: number;
	budgetUs?: number;
}

function measure(name: string, runs: number, fn: (i: number) => void, budgetUs?: number): Result {
	for (let i = 0; i < Math.min(1000, runs); i++) fn(i); // warm-up
	const samples = new Float64Array(runs);
	for (let i = 0; i < runs; i++) {
		const t = process.hrtime.bigint();
		fn(i);
		samples[i] = Number(process.hrtime.bigint() - t) / 1000;
	}
	samples.sort();
	const at = (q: number) => samples[Math.min(runs - 1, Math.floor(q * runs))];
	const mean = samples.reduce((a, b) => a + b, 0) / runs;
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		name,
		runs,
		meanUs: round(mean),
		p50Us: round(at(0.5)),
		p95Us: round(at(0.95)),
		p99Us: round(at(0.99)),
		budgetUs
	};
}

await bootstrap();
const events = db().$client.prepare('SELECT count(*) FROM usage_event').pluck().get() as number;
const users = db().$client.prepare('SELECT id, team_id FROM user WHERE active = 1').all() as {
	id: number;
	team_id: number | null;
}[];

const results: Result[] = [];
// The page-view logging every signed-in request does (src/hooks.server.ts → recordUsage).
results.push(
	measure(
		'usage logging: one page-view event + daily rollup',
		20_000,
		(i) => {
			const u = users[i % users.length];
			recordUsage({ userId: u.id, teamId: u.team_id, module: 'crm.contacts', action: 'view' });
		},
		200
	)
);
// The session look-up every request does, for context.
const tokens = users.slice(0, 50).map((u) => {
	const token = generateSessionToken();
	createSession(token, u.id, { ip: '127.0.0.1', userAgent: 'bench' });
	return token;
});
results.push(
	measure(
		'session validation (cookie → user, role, team)',
		20_000,
		(i) => void validateSessionToken(tokens[i % tokens.length])
	)
);

const report = {
	at: new Date().toISOString(),
	node: process.version,
	usageEventsInDatabase: events,
	results
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(report, null, 2));

console.log(
	`Database: demo organisation, ${events.toLocaleString('en')} usage events. Node ${process.version}.`
);
console.log('| measure | runs | mean µs | p50 µs | p95 µs | p99 µs | budget |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results)
	console.log(
		`| ${r.name} | ${r.runs} | ${r.meanUs} | ${r.p50Us} | ${r.p95Us} | ${r.p99Us} | ${r.budgetUs ? `< ${r.budgetUs} µs` : '—'} |`
	);
const over = results.filter((r) => r.budgetUs && r.p95Us > r.budgetUs);
if (over.length) {
	console.log(`Over budget: ${over.map((r) => r.name).join(', ')}`);
	process.exitCode = 1;
}
