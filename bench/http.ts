// List pages over HTTP (DESIGN.md): the built app serving the contact list (50 rows, full layout, signed
// in, usage logged) against a plain page of the same app and run (the sign-in page), with 8 requests in
// flight. Budget: the list's throughput at least 0.2 × the plain page's. Needs `npm run build` first;
// BENCH_DATABASE_PATH points it at a loaded database (the crm suite's million contacts), otherwise the
// demo organisation's is used.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DEMO } from '../db/seed/demo';
import { config } from '../src/lib/server/config';
import { SERVER_NODE_OPTIONS } from '../scripts/node-options.js';

const PORT = 4300 + Math.floor(Math.random() * 500);
const ORIGIN = `http://localhost:${PORT}`;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
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

/** Requests `path` with CONCURRENCY in flight for SECONDS; returns requests per second and latencies. */
async function load(path: string, cookie?: string) {
	const latencies: number[] = [];
	const until = performance.now() + SECONDS * 1000;
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
	latencies.sort((a, b) => a - b);
	return {
		rps: latencies.length / SECONDS,
		p50: latencies[Math.floor(latencies.length * 0.5)],
		p95: latencies[Math.floor(latencies.length * 0.95)],
		failures
	};
}

export async function httpBench(): Promise<{ notes: string[] }> {
	if (!existsSync('build/index.js')) return { notes: ['Skipped: run `npm run build` first.'] };
	const server = await serve();
	try {
		const cookie = await signIn();
		await load('/login'); // warm-up of both
		await load('/crm/contacts', cookie);
		const plain = await load('/login');
		const list = await load('/crm/contacts', cookie);
		const ratio = list.rps / plain.rps;
		const ms = (n: number) => `${n.toFixed(1)} ms`;
		return {
			notes: [
				`Over HTTP, ${CONCURRENCY} requests in flight for ${SECONDS} s each: the sign-in page (plain SSR) ${plain.rps.toFixed(0)} req/s (p50 ${ms(plain.p50)}, p95 ${ms(plain.p95)}); the contact list (50 rows, full layout, signed in, usage logged) ${list.rps.toFixed(0)} req/s (p50 ${ms(list.p50)}, p95 ${ms(list.p95)})${list.failures + plain.failures ? `, ${list.failures + plain.failures} non-200 answers` : ''}: **${ratio.toFixed(2)} × the plain page** (budget ≥ 0.2).`
			]
		};
	} finally {
		server.kill();
	}
}
