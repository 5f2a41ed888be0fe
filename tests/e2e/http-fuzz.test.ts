import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { E2E_DATABASE } from '../../playwright.config';
import { DEMO, expect, hydrated, test } from './fixtures';

/**
 * HTTP fuzz smoke test: malformed requests to every form action of the app, read from the routes'
 * `+page.server.ts` files, must get a 4xx (never a 5xx) and change no row: no audit entry is
 * written from this test's address.
 */

const ROUTES = 'src/routes';
const EVIL = 'https://evil.example';

// An address per repeat of the test: the audit rows it must not write are found by it.
const address = (repeat: number) => `198.51.100.${80 + repeat}`;
test.use({
	// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
	extraHTTPHeaders: async ({}, use, testInfo) => use({ 'x-forwarded-for': address(testInfo.repeatEachIndex) })
});

// ---------------------------------------------------------------------------------------------
// The form actions, read from the sources

interface FormAction {
	/** The page's path with `[id]` left in. */
	page: string;
	name: string;
}

function sourceFiles(dir: string, name: (file: string) => boolean): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path, name);
		return name(entry.name) ? [path] : [];
	});
}

function withoutComments(source: string): string {
	return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The keys and spreads written at the top level of the object literal whose `{` is at or after `from`. */
function objectMembers(source: string, from: number): { keys: string[]; spreads: string[] } {
	let depth = 0;
	let top = '';
	for (let i = source.indexOf('{', from); i < source.length; i++) {
		const c = source[i];
		if ('{[('.includes(c)) depth++;
		else if ('}])'.includes(c)) depth--;
		else if (depth === 1) top += c;
		if (depth === 0) break;
		if (depth !== 1) top += ' ';
	}
	return {
		keys: [...top.matchAll(/(?:^|[\s,])([A-Za-z_$][\w$]*)\s*:/g)].map((m) => m[1]),
		spreads: [...top.matchAll(/\.\.\.\s*([A-Za-z_$][\w$]*)/g)].map((m) => m[1])
	};
}

const libSources = sourceFiles('src/lib', (name) => name.endsWith('.ts')).map((file) =>
	withoutComments(readFileSync(file, 'utf8'))
);

/** The action names a spread (`...activityActions`, `...moveActions(move, 'id')`) brings in. */
function spreadNames(name: string): string[] {
	for (const source of libSources) {
		const constant = source.search(new RegExp(`export const ${name}\\b`));
		if (constant >= 0) return actionNamesAt(source, constant);
		const fn = source.search(new RegExp(`export function ${name}\\b`));
		if (fn >= 0) return actionNamesAt(source, source.indexOf('return {', fn));
	}
	throw new Error(
		`The actions spread from ${name} were not found in src/lib: teach this test where they are.`
	);
}

function actionNamesAt(source: string, at: number): string[] {
	const { keys, spreads } = objectMembers(source, at);
	return [...keys, ...spreads.flatMap(spreadNames)];
}

function pagePath(file: string): string {
	const segments = relative(ROUTES, file)
		.split(/[\\/]/)
		.slice(0, -1)
		.filter((s) => !/^\(.*\)$/.test(s));
	for (const s of segments) {
		if (s.startsWith('[') && s !== '[id]') throw new Error(`${file}: give this test a value for ${s}`);
	}
	return '/' + segments.join('/');
}

const ACTIONS: FormAction[] = sourceFiles(ROUTES, (name) => name === '+page.server.ts').flatMap((file) => {
	const source = withoutComments(readFileSync(file, 'utf8'));
	const at = source.search(/export const actions\b/);
	if (at < 0) return [];
	return actionNamesAt(source, at).map((name) => ({ page: pagePath(file), name }));
});

const actionUrl = ({ page, name }: FormAction, id: string) =>
	page.replace('[id]', id) + (name === 'default' ? '' : `?/${name}`);

// ---------------------------------------------------------------------------------------------
// The malformed bodies

const part = (name: string, value: string, boundary = 'fz') =>
	`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

interface Malformed {
	label: string;
	contentType: string;
	body: string | Buffer;
	status: number;
}

const MALFORMED: Malformed[] = [
	{ label: 'text/plain', contentType: 'text/plain', body: 'name=x&version=1', status: 415 },
	{ label: 'text/plain with a NUL', contentType: 'text/plain;charset=UTF-8', body: 'name=a\0b', status: 415 },
	{ label: 'JSON', contentType: 'application/json', body: '{"name":"x","version":1}', status: 415 },
	{ label: 'octet-stream', contentType: 'application/octet-stream', body: 'name=x', status: 415 },
	{ label: 'SvelteKit binary form', contentType: 'application/x-sveltekit-formdata', body: 'x', status: 415 },
	{
		label: 'multipart, no boundary',
		contentType: 'multipart/form-data',
		body: part('name', 'x') + '--fz--\r\n',
		status: 400
	},
	{
		label: 'multipart, empty boundary',
		contentType: 'multipart/form-data; boundary=',
		body: part('name', 'x') + '--fz--\r\n',
		status: 400
	},
	{
		label: 'multipart, wrong boundary',
		contentType: 'multipart/form-data; boundary=other',
		body: part('name', 'x') + '--fz--\r\n',
		status: 400
	},
	{
		label: 'multipart, truncated',
		contentType: 'multipart/form-data; boundary=fz',
		body: part('name', 'x') + part('version', '1').slice(0, 25),
		status: 400
	},
	{
		label: 'multipart, no closing boundary',
		contentType: 'multipart/form-data; boundary=fz',
		body: part('name', 'x'),
		status: 400
	},
	{
		label: 'multipart, part without Content-Disposition',
		contentType: 'multipart/form-data; boundary=fz',
		body: '--fz\r\nContent-Type: text/plain\r\n\r\nx\r\n--fz--\r\n',
		status: 400
	},
	{
		label: 'multipart, urlencoded body',
		contentType: 'multipart/form-data; boundary=fz',
		body: 'name=x&version=1',
		status: 400
	},
	{
		label: 'urlencoded, huge field name',
		contentType: 'application/x-www-form-urlencoded',
		body: `${'n'.repeat(50_000)}=1&version=1`,
		status: 400
	},
	{
		label: 'multipart, huge field name',
		contentType: 'multipart/form-data; boundary=fz',
		body: part('n'.repeat(5_000), '1') + '--fz--\r\n',
		status: 400
	},
	{
		label: 'urlencoded, NUL in a value',
		contentType: 'application/x-www-form-urlencoded',
		body: 'name=a%00b&version=1',
		status: 400
	},
	{
		label: 'urlencoded, NUL in a name',
		contentType: 'application/x-www-form-urlencoded',
		body: 'na%00me=x&version=1',
		status: 400
	},
	{
		label: 'multipart, NUL in a value',
		contentType: 'multipart/form-data; boundary=fz',
		body: Buffer.from(part('name', 'a\0b') + part('version', '1') + '--fz--\r\n'),
		status: 400
	},
	{
		label: 'UTF-16 text sent as urlencoded',
		contentType: 'application/x-www-form-urlencoded; charset=utf-16le',
		body: Buffer.from('name=x', 'utf16le'),
		status: 400
	}
];

// ---------------------------------------------------------------------------------------------
// Helpers

/** The rows this test's address wrote to the audit log: every create, update and delete writes one. */
function auditRowsFrom(ip: string): number {
	const db = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
	try {
		return (db.prepare('select count(*) as n from audit_log where ip = ?').get(ip) as { n: number }).n;
	} finally {
		db.close();
	}
}

/** Signs the request context in through the login form; its cookie jar keeps the session. */
async function signInRequest(request: APIRequestContext, origin: string) {
	const response = await request.post('/login', {
		form: { email: DEMO.adminEmail, password: DEMO.password },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
}

async function stillSignedIn(request: APIRequestContext) {
	const home = await request.get('/', { maxRedirects: 0 });
	expect(home.status(), 'still signed in').toBe(200);
}

/** Runs `send` over `items`, a few at a time, collecting what each answered that it should not have. */
async function sendAll<T>(
	items: T[],
	send: (item: T, index: number) => Promise<string | null>,
	parallel = 6
): Promise<string[]> {
	const problems: string[] = [];
	for (let i = 0; i < items.length; i += parallel) {
		const answers = await Promise.all(items.slice(i, i + parallel).map((item, j) => send(item, i + j)));
		problems.push(...answers.filter((a): a is string => a !== null));
	}
	return problems;
}

/**
 * The status an action answered: an enhanced form's failure comes as HTTP 200 carrying its status
 * (SvelteKit's action JSON); a success or redirect counts as 200 or 3xx.
 */
async function answeredStatus(response: APIResponse): Promise<number> {
	if (!response.headers()['content-type']?.includes('application/json')) return response.status();
	const result = await response.json();
	return result.type === 'failure'
		? result.status
		: result.type === 'error'
			? response.status()
			: (result.status ?? 200);
}

const describe = (r: APIResponse, what: string) => `${r.status()} for ${what}`;

/** A raw HTTP/1.1 exchange, for what the request API cannot send: no content type, a body cut short. */
function rawExchange(port: number, head: string, body: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect({ port, host: 'localhost', allowHalfOpen: true });
		let answer = '';
		socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
		socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
		socket.on('end', () => resolve(answer));
		socket.on('close', () => resolve(answer));
		socket.on('error', (e) => (answer ? resolve(answer) : reject(e)));
		socket.write(head + body);
		socket.end();
	});
}

// ---------------------------------------------------------------------------------------------

// The tests

const ENHANCED = { accept: 'application/json', 'x-sveltekit-action': 'true' };
const PLAIN = { accept: 'text/html' };

test('the form actions are found in the sources', () => {
	const urls = ACTIONS.map((a) => actionUrl(a, '[id]'));
	expect(urls.length).toBeGreaterThan(60);
	expect(urls).toEqual(
		expect.arrayContaining([
			'/login',
			'/crm/contacts/new?/create',
			'/crm/contacts/[id]?/update',
			'/crm/contacts/[id]?/remove',
			'/crm/contacts/[id]?/logActivity',
			'/rollout/goals?/up',
			'/crm/import?/upload'
		])
	);
	for (const { name } of ACTIONS) expect(name).toMatch(/^[A-Za-z_$][\w$]*$/);
});

test('malformed bodies to every form action get a 4xx with a message, and change nothing', async ({
	request,
	baseURL
}, testInfo) => {
	// Every form action × each malformed body above: a request each, more with every new form.
	test.setTimeout(120_000);
	const origin = new URL(baseURL!).origin;
	const ip = address(testInfo.repeatEachIndex);
	await signInRequest(request, origin);
	const before = auditRowsFrom(ip);

	const probes = ACTIONS.flatMap((action) => MALFORMED.map((malformed) => ({ action, malformed })));
	const problems = await sendAll(probes, async ({ action, malformed }, i) => {
		const url = actionUrl(action, '1');
		const enhanced = i % 2 === 0;
		const response = await request.post(url, {
			data: malformed.body,
			headers: { 'content-type': malformed.contentType, origin, ...(enhanced ? ENHANCED : PLAIN) },
			maxRedirects: 0
		});
		const what = `${malformed.label} to ${url}${enhanced ? ' (enhanced)' : ''}`;
		if (response.status() !== malformed.status) return describe(response, what);
		if (enhanced) {
			const result = await response.json();
			const message = result.type === 'error' ? result.error?.message : result.data;
			if (!['error', 'failure'].includes(result.type) || !message) return `no action result for ${what}`;
		} else if (!(await response.text()).includes('Form not accepted')) return `no message for ${what}`;
		return null;
	});
	expect(problems).toEqual([]);
	expect(probes.length).toBeGreaterThan(500);
	expect(auditRowsFrom(ip), 'audit rows written by the malformed requests').toBe(before);
	await stillSignedIn(request);
});

test('requests the request API cannot send — no content type, a body cut short — get no 5xx', async ({
	request,
	baseURL
}, testInfo) => {
	const url = new URL(baseURL!);
	const ip = address(testInfo.repeatEachIndex);
	await signInRequest(request, url.origin);
	const cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	const before = auditRowsFrom(ip);

	// One action per page is enough: the check does not depend on the action.
	const pages = [...new Map(ACTIONS.map((a) => [a.page, a])).values()];
	const head = (path: string, headers: string[]) =>
		[`POST ${path} HTTP/1.1`, `Host: ${url.host}`, `Origin: ${url.origin}`, `Cookie: ${cookie}`]
			.concat(`X-Forwarded-For: ${ip}`, 'Connection: close', ...headers)
			.join('\r\n') + '\r\n\r\n';
	const probes = pages.flatMap((action) => {
		const path = actionUrl(action, '1');
		return [
			{ path, kind: 'no content type', head: head(path, ['Content-Length: 16']), body: 'name=x&version=1' },
			{
				path,
				kind: 'urlencoded cut short',
				head: head(path, ['Content-Type: application/x-www-form-urlencoded', 'Content-Length: 400']),
				body: 'name=x&version=1'
			},
			{
				path,
				kind: 'multipart cut short',
				head: head(path, ['Content-Type: multipart/form-data; boundary=fz', 'Content-Length: 900']),
				body: part('name', 'x')
			}
		];
	});
	const problems = await sendAll(probes, async (probe) => {
		const answer = await rawExchange(Number(url.port), probe.head, probe.body);
		const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
		if (probe.kind === 'no content type' && status !== 415)
			return `${status} for ${probe.kind} to ${probe.path}`;
		return status >= 500 ? `${status} for ${probe.kind} to ${probe.path}` : null;
	});
	expect(problems).toEqual([]);
	expect(auditRowsFrom(ip)).toBe(before);
});

// What `Number()` reads as an id besides the canonical one, as they appear in a path.
const BAD_IDS = [
	'1e3',
	'0x10',
	'%201',
	'1%20',
	'01',
	'+1',
	'%2B1',
	'1.0',
	'0',
	'-1',
	'1%00',
	'9007199254740993'
];

test('ids that are not canonical decimal ids find no record, on pages and in actions', async ({
	request,
	baseURL
}, testInfo) => {
	const origin = new URL(baseURL!).origin;
	const ip = address(testInfo.repeatEachIndex);
	await signInRequest(request, origin);
	const before = auditRowsFrom(ip);

	const pages = [...new Set(ACTIONS.filter((a) => a.page.includes('[id]')).map((a) => a.page))];
	expect(pages.length).toBeGreaterThan(10);
	const gets = pages.flatMap((page) => BAD_IDS.map((id) => page.replace('[id]', id)));
	const getProblems = await sendAll(gets, async (path) => {
		const response = await request.get(path, { maxRedirects: 0 });
		return response.status() === 404 ? null : describe(response, `GET ${path}`);
	});

	const posts = ACTIONS.filter((a) => a.page.includes('[id]')).flatMap((action) =>
		BAD_IDS.map((id) => actionUrl(action, id))
	);
	const postProblems = await sendAll(posts, async (path, i) => {
		const response = await request.post(path, {
			form: { version: '1' },
			headers: { origin, ...(i % 2 ? ENHANCED : PLAIN) },
			maxRedirects: 0
		});
		const status = await answeredStatus(response);
		return status >= 400 && status < 500 ? null : `${status} for POST ${path}`;
	});
	expect([...getProblems, ...postProblems]).toEqual([]);
	expect(auditRowsFrom(ip), 'audit rows written under ids that are not ids').toBe(before);
});

// `next` as it is written in the address (already URL-encoded where a browser would encode it).
const ODD_NEXT = [
	'/%09/evil.example/',
	'/%0a/x',
	'/%0d%0aSet-Cookie:%20x=1',
	'//evil.example',
	'///evil.example',
	'/%5Cevil.example',
	'%2F%2Fevil.example',
	'/%2F%2Fevil.example',
	'/%2E//evil.example',
	'https://evil.example',
	'https:evil.example',
	'javascript:alert(1)',
	'/%00/evil.example',
	'/%E3%80%80/evil.example',
	'/crm/contacts?q=Nguy%E1%BB%85n'
];

test('odd `next` values never send a signed-in user elsewhere, nor fail', async ({
	request,
	baseURL,
	playwright
}) => {
	const origin = new URL(baseURL!).origin;
	const visitor = await playwright.request.newContext({ baseURL });
	try {
		for (const next of ODD_NEXT) {
			const page = await visitor.get(`/login?next=${next}`, { maxRedirects: 0 });
			expect(page.status(), `GET /login?next=${next}, signed out`).toBe(200);
		}
	} finally {
		await visitor.dispose();
	}

	await signInRequest(request, origin);
	const landed = async (response: APIResponse, what: string) => {
		expect(response.status(), what).toBe(303);
		const location = response.headers()['location'];
		expect(new URL(location, origin).origin, what).toBe(origin);
		expect(location, what).toMatch(/^\/(?![/\\])[!-~]*$/);
		return location;
	};
	for (const next of ODD_NEXT) {
		await landed(await request.get(`/login?next=${next}`, { maxRedirects: 0 }), `GET /login?next=${next}`);
	}
	for (const next of ODD_NEXT.slice(0, 4)) {
		const response = await request.post(`/login?next=${next}`, {
			form: { email: DEMO.adminEmail, password: DEMO.password },
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(await landed(response, `POST /login?next=${next}`)).toBe('/');
	}
	const search = await request.get('/login?next=/crm/contacts?q=a', { maxRedirects: 0 });
	expect(await landed(search, 'a normal next')).toBe('/crm/contacts?q=a');
});

test('sign-out from another site is refused, whatever it sends', async ({ request, baseURL }) => {
	const origin = new URL(baseURL!).origin;
	await signInRequest(request, origin);
	const foreign: Record<string, string>[] = [
		{ origin: EVIL },
		{ origin: EVIL, 'content-type': 'application/json' },
		{ origin: EVIL, 'content-type': 'text/plain' },
		{ origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
		{ origin: 'null' },
		{ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
		{ 'sec-fetch-site': 'same-site' },
		{ referer: `${EVIL}/page` },
		{}
	];
	for (const headers of foreign) {
		const response = await request.post('/logout', {
			headers,
			data: headers['content-type'] === 'application/json' ? '{}' : undefined,
			maxRedirects: 0
		});
		expect(response.status(), JSON.stringify(headers)).toBe(403);
	}
	await stillSignedIn(request);

	const own = await request.post('/logout', { headers: { origin }, maxRedirects: 0 });
	expect(own.status()).toBe(303);
	expect((await request.get('/', { maxRedirects: 0 })).status()).toBe(303);
});

test('a NUL character pasted into a form is refused beside its field, and the form then works', async ({
	page
}) => {
	await page.goto('/login');
	await hydrated(page);
	const email = page.getByLabel('Email');
	// The browser's own email check would stop the post before the server sees it.
	await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
	// No keyboard types U+0000; pasted text can carry it.
	await email.evaluate((input: HTMLInputElement, text) => (input.value = `${text}\u0000`), DEMO.adminEmail);
	await page.getByLabel('Password').fill(DEMO.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText('This holds an invisible NUL character (U+0000)')).toBeVisible();
	await expect(page.getByRole('alert').first()).toBeVisible();

	await email.fill(DEMO.adminEmail);
	await page.getByLabel('Password').fill(DEMO.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
