import { defineConfig, devices } from '@playwright/test';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End-to-end tests against the built app (`npm start`'s build and server) with a fresh database per
 * run, in Debian's Chromium: no browser is ever downloaded.
 */
const PORT = 4173;
/** The SMTP sink the app's mail goes to (scripts/smtp-sink.js), and where the tests read what it received. */
const SMTP_SINK_PORT = 2525;
export const SMTP_SINK_HTTP = 'http://127.0.0.1:2526';
export const E2E_DATABASE = join(tmpdir(), 'uptake-e2e', 'uptake.sqlite');

// The runner process (not its workers) starts from an empty database every run.
if (!process.env.TEST_WORKER_INDEX) rmSync(join(tmpdir(), 'uptake-e2e'), { recursive: true, force: true });

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	forbidOnly: !!process.env.CI,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	timeout: 30_000,
	// Two cores run the server, two browsers and the test workers: allow assertions some slack.
	expect: { timeout: 10_000 },
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'retain-on-failure',
		// The server reads the client address from this header (ADDRESS_HEADER below), so that the
		// throttle test can come from an address of its own without locking out the other tests.
		extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.10' },
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
		}
	},
	projects: [
		{ name: 'laptop', use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 800 } } },
		{ name: 'phone', use: { ...devices['Pixel 7'] }, testMatch: /shell\.test\.ts/ }
	],
	webServer: [
		{
			command: 'node scripts/smtp-sink.js',
			url: `${SMTP_SINK_HTTP}/health`,
			timeout: 30_000,
			reuseExistingServer: false,
			env: { SMTP_SINK_PORT: String(SMTP_SINK_PORT), SMTP_SINK_HTTP_PORT: new URL(SMTP_SINK_HTTP).port }
		},
		{
			command: 'node scripts/start.js',
			url: `http://localhost:${PORT}/login`,
			timeout: 240_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: {
				PORT: String(PORT),
				ORIGIN: `http://localhost:${PORT}`,
				DATABASE_PATH: E2E_DATABASE,
				ADDRESS_HEADER: 'x-forwarded-for',
				UPTAKE_DEMO: '1',
				SMTP_URL: `smtp://127.0.0.1:${SMTP_SINK_PORT}`
			}
		}
	]
});
