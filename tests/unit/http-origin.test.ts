import { describe, expect, it } from 'vitest';
import { fromSameOrigin } from '$lib/server/http/origin';

const ORIGIN = 'http://localhost:4173';
const post = (headers: Record<string, string>) =>
	new Request(`${ORIGIN}/logout`, { method: 'POST', headers });

describe('fromSameOrigin', () => {
	it('takes a post from this site’s pages', () => {
		expect(fromSameOrigin(post({ origin: ORIGIN }), ORIGIN)).toBe(true);
		expect(fromSameOrigin(post({ 'sec-fetch-site': 'same-origin' }), ORIGIN)).toBe(true);
		expect(fromSameOrigin(post({ referer: `${ORIGIN}/crm/contacts?q=a` }), ORIGIN)).toBe(true);
	});

	it('refuses a post from another site, whatever its content type', () => {
		expect(fromSameOrigin(post({ origin: 'https://evil.example' }), ORIGIN)).toBe(false);
		expect(
			fromSameOrigin(post({ origin: 'https://evil.example', 'content-type': 'application/json' }), ORIGIN)
		).toBe(false);
		expect(fromSameOrigin(post({ origin: 'null' }), ORIGIN)).toBe(false);
		expect(fromSameOrigin(post({ origin: 'http://localhost:4174' }), ORIGIN)).toBe(false);
		expect(fromSameOrigin(post({ origin: 'https://localhost:4173' }), ORIGIN)).toBe(false);
	});

	it('believes Origin over the other headers', () => {
		expect(
			fromSameOrigin(post({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }), ORIGIN)
		).toBe(false);
	});

	it('without Origin, refuses a cross-site Sec-Fetch-Site or Referer', () => {
		expect(fromSameOrigin(post({ 'sec-fetch-site': 'cross-site' }), ORIGIN)).toBe(false);
		expect(fromSameOrigin(post({ 'sec-fetch-site': 'same-site' }), ORIGIN)).toBe(false);
		expect(fromSameOrigin(post({ 'sec-fetch-site': 'none' }), ORIGIN)).toBe(false);
		expect(fromSameOrigin(post({ referer: 'https://evil.example/page' }), ORIGIN)).toBe(false);
		expect(fromSameOrigin(post({ referer: `${ORIGIN}.evil.example/` }), ORIGIN)).toBe(false);
		expect(fromSameOrigin(post({ referer: 'not a url' }), ORIGIN)).toBe(false);
	});

	it('refuses a post that says nothing about where it comes from', () => {
		expect(fromSameOrigin(post({}), ORIGIN)).toBe(false);
	});
});
