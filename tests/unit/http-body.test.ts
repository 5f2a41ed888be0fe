import { parse } from 'devalue';
import { describe, expect, it } from 'vitest';
import { checkFormBody, isFormPost, MAX_NAME_LENGTH, MESSAGES } from '$lib/server/http/body';
import { devalueStringify, refuseFormPost } from '$lib/server/http/refusal';

const URL_ = 'http://localhost:4173/crm/contacts/new?/create';

function post(body: BodyInit | null, contentType?: string): Request {
	const headers = new Headers();
	if (contentType) headers.set('content-type', contentType);
	return new Request(URL_, { method: 'POST', body, headers });
}

const part = (name: string, value: string) =>
	`--b0\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

describe('checkFormBody', () => {
	it('lets a form through and leaves its body for the action', async () => {
		const urlencoded = post('name=Nguy%E1%BB%85n&tag=a&tag=b', 'application/x-www-form-urlencoded');
		expect(await checkFormBody(urlencoded)).toBeNull();
		expect((await urlencoded.formData()).get('name')).toBe('Nguyễn');

		const multipart = post(part('name', 'Иван') + '--b0--\r\n', 'multipart/form-data; boundary=b0');
		expect(await checkFormBody(multipart)).toBeNull();
		expect((await multipart.formData()).get('name')).toBe('Иван');

		const browser = new FormData();
		browser.set('file', new Blob(['a,b\n1,2\n']), 'contacts.csv');
		const upload = new Request(URL_, { method: 'POST', body: browser });
		expect(await checkFormBody(upload)).toBeNull();
		expect(((await upload.formData()).get('file') as File).name).toBe('contacts.csv');

		expect(await checkFormBody(post('', 'application/x-www-form-urlencoded'))).toBeNull();
		expect(await checkFormBody(post(null, 'application/x-www-form-urlencoded'))).toBeNull();
	});

	it.each([
		['no content type', null, undefined],
		['text/plain', 'name=x', 'text/plain'],
		['JSON', '{"name":"x"}', 'application/json'],
		['XML', '<name>x</name>', 'application/xml'],
		['SvelteKit’s binary form', 'x', 'application/x-sveltekit-formdata'],
		['a form type with junk after it', 'name=x', 'application/x-www-form-urlencodedx']
	])('refuses %s with 415', async (_, body, type) => {
		expect(await checkFormBody(post(body, type))).toEqual({ status: 415, message: MESSAGES.type });
	});

	it.each([
		['multipart without a boundary', part('a', '1') + '--b0--\r\n', 'multipart/form-data'],
		['multipart with an empty boundary', part('a', '1') + '--b0--\r\n', 'multipart/form-data; boundary='],
		['multipart with another boundary', part('a', '1') + '--b0--\r\n', 'multipart/form-data; boundary=zz'],
		['multipart cut short', part('a', '1'), 'multipart/form-data; boundary=b0'],
		['multipart cut inside a part', part('a', '1').slice(0, 30), 'multipart/form-data; boundary=b0'],
		['an empty multipart body', '', 'multipart/form-data; boundary=b0'],
		[
			'a part without Content-Disposition',
			'--b0\r\nContent-Type: text/plain\r\n\r\n1\r\n--b0--\r\n',
			'multipart/form-data; boundary=b0'
		],
		[
			'a part without a name',
			'--b0\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b0--\r\n',
			'multipart/form-data; boundary=b0'
		],
		['urlencoded text sent as multipart', 'name=x', 'multipart/form-data; boundary=b0']
	])('refuses %s with 400', async (_, body, type) => {
		expect(await checkFormBody(post(body, type))).toEqual({ status: 400, message: MESSAGES.unreadable });
	});

	it('refuses a body past the size limit with 413', async () => {
		const tooLarge = new ReadableStream({
			start(controller) {
				controller.error(Object.assign(new Error('Payload Too Large'), { status: 413 }));
			}
		});
		const request = new Request(URL_, {
			method: 'POST',
			body: tooLarge,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			duplex: 'half'
		} as RequestInit);
		expect(await checkFormBody(request)).toEqual({ status: 413, message: MESSAGES.tooLarge });
	});

	it('refuses NUL characters in values, beside their fields, keeping the rest of the text', async () => {
		const refusal = await checkFormBody(
			post('name=Ann%00a&title=CEO&tag=a%00&tag=b&password=se%00cret', 'application/x-www-form-urlencoded')
		);
		expect(refusal).toEqual({
			status: 400,
			message: MESSAGES.nul,
			errors: { name: MESSAGES.nulField, tag: MESSAGES.nulField, password: MESSAGES.nulField },
			values: { name: 'Anna', title: 'CEO', tag: ['a', 'b'] }
		});
	});

	it('refuses a NUL character in a field named __proto__', async () => {
		const refusal = await checkFormBody(post('__proto__=a%00b', 'application/x-www-form-urlencoded'));
		expect(refusal?.status).toBe(400);
	});

	it('refuses NUL characters in field and file names', async () => {
		expect(await checkFormBody(post('na%00me=x', 'application/x-www-form-urlencoded'))).toEqual({
			status: 400,
			message: MESSAGES.nulName
		});
		const form = new FormData();
		form.set('file', new Blob(['a']), 'con\0tacts.csv');
		expect(await checkFormBody(new Request(URL_, { method: 'POST', body: form }))).toEqual({
			status: 400,
			message: MESSAGES.nulName
		});
	});

	it('refuses a field name longer than any form uses', async () => {
		const huge = `${'n'.repeat(100_000)}=1`;
		expect(await checkFormBody(post(huge, 'application/x-www-form-urlencoded'))).toEqual({
			status: 400,
			message: MESSAGES.longName
		});
		const long = `cf_${'k'.repeat(MAX_NAME_LENGTH - 3)}=1`;
		expect(await checkFormBody(post(long, 'application/x-www-form-urlencoded'))).toBeNull();
	});

	it('takes odd percent-encoding as the platform decodes it', async () => {
		expect(await checkFormBody(post('%zz=%ff&%E0%A4=x', 'application/x-www-form-urlencoded'))).toBeNull();
	});
});

describe('isFormPost', () => {
	it('covers POSTs to pages, not GETs or endpoints', () => {
		expect(isFormPost('POST', '/(app)/crm/contacts/[id]')).toBe(true);
		expect(isFormPost('POST', '/(auth)/login')).toBe(true);
		expect(isFormPost('GET', '/(app)/crm/contacts/[id]')).toBe(false);
		expect(isFormPost('HEAD', '/(auth)/login')).toBe(false);
		expect(isFormPost('POST', '/logout')).toBe(false);
		expect(isFormPost('POST', '/(app)/crm/contacts/export')).toBe(false);
		expect(isFormPost('POST', null)).toBe(false);
	});
});

describe('refuseFormPost', () => {
	const url = new URL(URL_);
	const enhanced = (accept = 'application/json') =>
		new Request(URL_, { method: 'POST', headers: { accept, 'x-sveltekit-action': 'true' } });

	it('answers an enhanced form with an error result its error page shows', async () => {
		const response = refuseFormPost(enhanced(), url, { status: 415, message: MESSAGES.type }, 'req-1');
		expect(response.status).toBe(415);
		expect(await response.json()).toEqual({
			type: 'error',
			error: { message: MESSAGES.type, requestId: 'req-1' }
		});
	});

	it('answers an enhanced form with a failure its fields show, in devalue as SvelteKit’s client reads it', async () => {
		const refusal = {
			status: 400 as const,
			message: MESSAGES.nul,
			errors: { name: MESSAGES.nulField },
			values: { name: 'Anna', tag: ['a', 'b'] }
		};
		const response = refuseFormPost(enhanced(), url, refusal, 'req-2');
		expect(response.status).toBe(400);
		const result = await response.json();
		expect(result).toMatchObject({ type: 'failure', status: 400 });
		expect(parse(result.data)).toEqual({
			values: refusal.values,
			errors: refusal.errors,
			message: MESSAGES.nul
		});
	});

	it('answers a plain post with a short HTML page', async () => {
		const plain = new Request(URL_, { method: 'POST', headers: { accept: 'text/html' } });
		const response = refuseFormPost(plain, url, { status: 400, message: 'Bad <form> & “text”' }, 'req-3');
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toContain('text/html');
		const html = await response.text();
		expect(html).toContain('Bad &#60;form&#62; &#38; “text”');
		expect(html).toContain('href="/crm/contacts/new"');
	});
});

describe('devalueStringify', () => {
	it('writes what devalue parses back', () => {
		const value = { a: 'x', b: ['y', 'z', ''], c: { d: null, e: 1, f: true }, g: [] };
		expect(parse(devalueStringify(value))).toEqual(value);
	});

	it('leaves out a __proto__ key, which devalue refuses to parse', () => {
		const value = JSON.parse('{"__proto__": "x", "a": "y"}');
		expect(parse(devalueStringify(value))).toEqual({ a: 'y' });
	});
});
