// List pages over HTTP (DESIGN.md): the built app serving the contact list (50 rows, full layout, signed
// in, usage logged) against a plain page of the same app and run (the sign-in page), with 8 requests in
// flight, in alternating one-second rounds so that the machine's changes of pace fall on both pages
// alike. Budget: the list's throughput at least 0.2 × the plain page's (the median of the rounds' ratios). Needs `npm run build` first;
// BENCH_DATABASE_PATH points it at a loaded database (the crm suite's million contacts), otherwise the
// demo organisation's is used.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DEMO } from '../db/seed/demo';
import { config } from '../src/lib/server/config';
import { SERVER_NODE_OPTIONS } from '../scripts/node-options.js';

const PORT = 4300 + Math.floor(Math.random() * 500);
const ORIGIN = `http://localhost:${PORT}`;
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 12);
const CONCURRENCY = 8;

async function serve() {
	const server = spawn(process.execPath, [...SERVER_NODE_OPTIONS, 'build/index.js'], {
		env: { ...process.env, PORT: String(PORT), ORIGIN, DATABASE_PATH: config.databasePath },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('Listening') && resolve());
		server.on('exit', (code) => reject(new Error(`the server stopped (${code})`)));
	});
	return server;
}

async function signIn(): Promise<string> {
	const response = await fetch(`${ORIGIN}/login`, {
		method: 'POST',
		body: new URLSearchParams({ email: DEMO.adminEmail, password: DEMO.password }),
		headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
		redirect: 'manual'
	});
	const cookie = response.headers.getSetCookie().find((c) => c.includes('session'));
	if (!cookie) throw new Error(`sign-in failed: ${response.status}`);
	return cookie.split(';')[0];
}

/** Requests `path` with CONCURRENCY in flight for `seconds`; returns the latencies and non-200 answers. */
async function load(path: string, seconds: number, cookie?: string) {
	const latencies: number[] = [];
	const until = performance.now() + seconds * 1000;
	let failures = 0;
	const worker = async () => {
		while (performance.now() < until) {
			const t = performance.now();
			const response = await fetch(`${ORIGIN}${path}`, { headers: cookie ? { cookie } : {} });
			await response.arrayBuffer();
			if (response.status !== 200) failures++;
			latencies.push(performance.now() - t);
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	return { latencies, failures };
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const at = (values: number[], q: number) =>
	values[Math.min(values.length - 1, Math.floor(values.length * q))];

export async function httpBench(): Promise<{ notes: string[] }> {
	if (!existsSync('build/index.js')) return { notes: ['Skipped: run `npm run build` first.'] };
	const server = await serve();
	try {
		const cookie = await signIn();
		await load('/login', 2); // warm-up of both
		await load('/crm/contacts', 2, cookie);
		const pages = {
			plain: { latencies: [] as number[], failures: 0 },
			list: { latencies: [] as number[], failures: 0 }
		};
		const ratios: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const plain = await load('/login', 1);
			const list = await load('/crm/contacts', 1, cookie);
			ratios.push(list.latencies.length / plain.latencies.length);
			for (const [page, result] of [
				[pages.plain, plain],
				[pages.list, list]
			] as const) {
				page.latencies.push(...result.latencies);
				page.failures += result.failures;
			}
		}
		const ms = (n: number) => `${n.toFixed(1)} ms`;
		const figures = ({ latencies }: { latencies: number[] }) => {
			const s = sorted(latencies);
			return `${(s.length / ROUNDS).toFixed(0)} req/s (p50 ${ms(at(s, 0.5))}, p95 ${ms(at(s, 0.95))})`;
		};
		const r = sorted(ratios);
		const failures = pages.plain.failures + pages.list.failures;
		return {
			notes: [
				`Over HTTP, ${CONCURRENCY} requests in flight, ${ROUNDS} alternating rounds of 1 s per page: the sign-in page (plain SSR) ${figures(pages.plain)}; the contact list (50 rows, full layout, signed in, usage logged) ${figures(pages.list)}${failures ? `, ${failures} non-200 answers` : ''}: **${at(r, 0.5).toFixed(2)} × the plain page** (median of the rounds; ${r[0].toFixed(2)}–${r[r.length - 1].toFixed(2)}; budget ≥ 0.2).`
			]
		};
	} finally {
		server.kill();
	}
}
