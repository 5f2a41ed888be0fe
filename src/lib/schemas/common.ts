import { z } from 'zod';
import { isIsoDate } from '../dates';

/** The version a form was opened on: saves based on an older one are refused (optimistic locking). */
export const version = z.coerce
	.number({ message: 'Reload the page and try again.' })
	.int()
	.positive('Reload the page and try again.');

/** Field shapes the forms of several areas share. */

export const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default('');
export const required = (max: number, message: string) =>
	z.string().trim().min(1, message).max(max, `Use at most ${max} characters.`);
export const optionalId = z.preprocess(
	(v) => (v === '' || v === undefined || v === null ? null : v),
	z.coerce.number().int().positive({ message: 'Choose one of the listed options.' }).nullable()
);
/** Repeated form fields (checkbox groups) arrive as a string or an array of strings. */
export const idList = z.preprocess(
	(v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
	z.array(z.coerce.number().int().positive({ message: 'Choose from the list.' }))
);
export const date = (message = 'Enter a date as YYYY-MM-DD.') =>
	z
		.string()
		.trim()
		.refine((d) => isIsoDate(d), message);
export const optionalDate = z
	.string()
	.trim()
	.default('')
	.refine((d) => d === '' || isIsoDate(d), 'Enter a date as YYYY-MM-DD.')
	.transform((d) => d || null);
