import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { idFromParam, parseId } from '$lib/server/lists';

// What `Number()` takes for 1 or 1000 besides the canonical id; each would give one record many addresses.
const NOT_IDS = [
	'1e3',
	'1E3',
	'0x10',
	'0X10',
	'0o7',
	'0b1',
	' 1',
	'1 ',
	'\t1',
	'\n1',
	'01',
	'001',
	'+1',
	'-1',
	'0',
	'00',
	'-0',
	'1.0',
	'1.',
	'.5',
	'1_000',
	'1,000',
	'١',
	'１',
	'Infinity',
	'NaN',
	'',
	'9007199254740993',
	'12345678901234567',
	'1%00',
	'1\u0000'
];

describe('parseId', () => {
	it('reads canonical decimal ids', () => {
		expect(parseId('1')).toBe(1);
		expect(parseId('42')).toBe(42);
		expect(parseId('1000')).toBe(1000);
		expect(parseId('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
	});

	it.each(NOT_IDS)('refuses %j', (text) => {
		expect(parseId(text)).toBeNull();
	});

	it('refuses a missing value', () => {
		expect(parseId(null)).toBeNull();
		expect(parseId(undefined)).toBeNull();
	});
});

describe('idFromParam', () => {
	it('answers 404 for anything but a canonical id', () => {
		expect(idFromParam('17')).toBe(17);
		for (const text of NOT_IDS) {
			let status: number | undefined;
			try {
				idFromParam(text);
			} catch (e) {
				status = isHttpError(e) ? e.status : undefined;
			}
			expect(status, text).toBe(404);
		}
	});
});
