// `npm run bench`: Uptake's performance budgets, measured on this machine (never in tests).
// Seeds a temporary database, runs each suite, writes bench/results/latest.json and prints tables
// for bench/README.md. `npm run bench -- usage` runs one suite.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table, type Result } from './measure';

// BENCH_DATABASE_PATH reuses a database an earlier run loaded (the CRM suite then skips loading).
process.env.DATABASE_PATH =
	process.env.BENCH_DATABASE_PATH || join(mkdtempSync(join(tmpdir(), 'uptake-bench-')), 'bench.sqlite');
process.env.UPTAKE_DEMO = '1';

const { bootstrap } = await import('../src/lib/server/auth/bootstrap');
const { usageBench } = await import('./usage');
const { crmBench } = await import('./crm');
const { importBench } = await import('./imports');
const { rolloutBench } = await import('./rollout');
const { trainingBench } = await import('./training');
const { adoptionBench } = await import('./adoption');
const { engagementBench } = await import('./engagement');
const { httpBench } = await import('./http');

const only = process.argv[2];
await bootstrap();
const report: Record<string, { results: Result[]; notes: string[] }> = {};
if (!only || only === 'usage') report.usage = usageBench();
if (!only || only === 'import') report.import = { results: [], ...(await importBench()) };
if (!only || only === 'rollout') report.rollout = rolloutBench();
// On a database of its own (5,000 users, 50 courses); the demo database is opened again afterwards.
if (!only || only === 'training') report.training = trainingBench();
// On a database of its own (2,000 users, 10M usage events over 18 months; several minutes to load).
if (!only || only === 'adoption') report.adoption = await adoptionBench();
// On a database of its own (2,000 users, a year of points).
if (!only || only === 'engagement') report.engagement = engagementBench();
if (!only || only === 'crm') report.crm = await crmBench();
// Last: over HTTP against the same database (after the crm suite has loaded its million contacts).
if (!only || only === 'http') report.http = { results: [], ...(await httpBench()) };

mkdirSync('bench/results', { recursive: true });
writeFileSync(
	'bench/results/latest.json',
	JSON.stringify({ at: new Date().toISOString(), node: process.version, report }, null, 2)
);
let over = 0;
for (const [suite, { results, notes }] of Object.entries(report)) {
	console.log(`\n## ${suite}\n`);
	for (const note of notes) console.log(`${note}\n`);
	console.log(table(results));
	for (const r of results.filter((r) => r.budgetUs && r.p95Us > r.budgetUs)) {
		console.log(`Over budget: ${r.name}`);
		over++;
	}
}
process.exitCode = over ? 1 : 0;
