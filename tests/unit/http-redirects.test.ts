import { describe, expect, it } from 'vitest';
import { safeNext } from '$lib/server/http/redirects';

const ORIGIN = 'http://localhost:4173';

/** How a browser reads a `Location` on a page of ORIGIN: the origin it would go to. */
const destination = (location: string) => new URL(location, ORIGIN).origin;

// Known open-redirect bypasses (OWASP's unvalidated-redirects cheat sheet, PortSwigger's URL validation
// bypass list, and what the issue found), as the `next` parameter reads after URL decoding.
const BYPASSES = [
	'//evil.example',
	'///evil.example',
	'////evil.example/',
	'/\\evil.example',
	'/\\/evil.example',
	'\\\\evil.example',
	'\\/evil.example',
	'/\t/evil.example/',
	'/\n/evil.example/',
	'/\r/evil.example',
	'/\n/x',
	'/\u0000/evil.example',
	'/ /evil.example',
	' //evil.example',
	'/\u00a0/evil.example',
	'/\u3000/evil.example',
	'/\u2028/evil.example',
	'/\ufeff/evil.example',
	'/%09/evil.example/',
	'/%0a/evil.example',
	'/%0d/evil.example',
	'/%00/evil.example',
	'/%20/evil.example',
	'/%2f/evil.example',
	'/%2F%2Fevil.example',
	'/%2f%2fevil.example',
	'/%5cevil.example',
	'/%5C%5Cevil.example',
	'/%5c/evil.example',
	'%2f%2fevil.example',
	'/.//evil.example',
	'/./\\evil.example',
	'/a/..//evil.example',
	'/a/../..//evil.example',
	'/%2e%2e//evil.example',
	'/%2e//evil.example',
	'http://evil.example',
	'https://evil.example/',
	'HTTPS://evil.example',
	'http:evil.example',
	'http:/evil.example',
	'https:\\\\evil.example',
	'//localhost:4173@evil.example/',
	'http://localhost:4173@evil.example/',
	'http://localhost:4173.evil.example/',
	'javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	'java%0ascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'evil.example',
	'@evil.example',
	'',
	'/'.padEnd(5000, 'a')
];

describe('safeNext', () => {
	it.each(BYPASSES)('keeps %j on this site', (next) => {
		const location = safeNext(next, ORIGIN);
		expect(destination(location)).toBe(ORIGIN);
		expect(location).toMatch(/^\/(?![/\\])/);
		expect(location).not.toMatch(/[^!-~]|\\/);
	});

	it('refuses the issue’s bypasses outright rather than rewriting them', () => {
		expect(safeNext('/\t/evil.example/', ORIGIN)).toBe('/');
		expect(safeNext('/\n/x', ORIGIN)).toBe('/');
		expect(safeNext('/.//evil.example', ORIGIN)).toBe('/');
		expect(safeNext('/%2f/evil.example', ORIGIN)).toBe('/');
		expect(safeNext('https://evil.example/', ORIGIN)).toBe('/');
	});

	it('keeps the paths the app sends people back to', () => {
		expect(safeNext('/crm/contacts?q=a', ORIGIN)).toBe('/crm/contacts?q=a');
		expect(safeNext('/admin/users?q=nguyen&role=3', ORIGIN)).toBe('/admin/users?q=nguyen&role=3');
		expect(safeNext('/crm/contacts/12#timeline', ORIGIN)).toBe('/crm/contacts/12#timeline');
		expect(safeNext('/rollout', ORIGIN)).toBe('/rollout');
		expect(safeNext('/', ORIGIN)).toBe('/');
		// A slash typed into a search stays encoded in the query.
		expect(safeNext('/crm/contacts?q=a%2Fb', ORIGIN)).toBe('/crm/contacts?q=a%2Fb');
		// An @ in a path is part of the path.
		expect(safeNext('/@evil.example', ORIGIN)).toBe('/@evil.example');
	});

	it('answers a valid header value for text the address bar would show unencoded', () => {
		expect(safeNext('/crm/contacts?q=Nguyễn', ORIGIN)).toBe('/crm/contacts?q=Nguy%E1%BB%85n');
		expect(() => new Headers({ location: safeNext('/crm/contacts?q=Nguyễn', ORIGIN) })).not.toThrow();
	});

	it('answers / for a missing next', () => {
		expect(safeNext(null, ORIGIN)).toBe('/');
		expect(safeNext(undefined, ORIGIN)).toBe('/');
	});
});
