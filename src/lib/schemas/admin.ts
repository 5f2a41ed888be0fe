import { z } from 'zod';
import { PERMISSION_NAMES, SCOPES, type Scope } from '$lib/permissions';

/** Shared by the admin forms and the server's admin module. */

const id = z.coerce.number({ message: 'Choose one.' }).int().positive({ message: 'Choose one.' });
const optionalId = z.preprocess((v) => (v === '' || v === undefined || v === null ? null : v), id.nullable());
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

export const userFields = z.object({
	email: z
		.string()
		.trim()
		.toLowerCase()
		.min(1, 'Enter an email address.')
		.max(320, 'Use at most 320 characters.')
		.pipe(z.email({ message: 'Enter a valid email address, like name@example.com.' })),
	name: z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
	title: z.string().trim().max(120, 'Use at most 120 characters.').default(''),
	roleId: id,
	teamId: optionalId,
	locale: z.enum(['en', 'vi', 'ru', 'zh', 'ta'], { message: 'Choose a language.' }).default('en')
});
export type UserFields = z.output<typeof userFields>;

export { version } from './common';

export const teamFields = z.object({
	name: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
	description: z.string().trim().max(500, 'Use at most 500 characters.').default('')
});
export type TeamFields = z.output<typeof teamFields>;

export const roleFields = z.object({
	label: z.string().trim().min(1, 'Enter a label.').max(80, 'Use at most 80 characters.'),
	description: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
	permissions: z.preprocess(
		(v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
		z.array(z.enum(PERMISSION_NAMES as [string, ...string[]], { message: 'Unknown permission.' }))
	),
	scope: z.enum(Object.keys(SCOPES) as [Scope, ...Scope[]], { message: 'Choose a record scope.' }),
	canExport: checkbox
});
export type RoleFields = z.output<typeof roleFields>;

export const newRoleFields = roleFields.extend({
	name: z
		.string()
		.trim()
		.toLowerCase()
		.regex(
			/^[a-z][a-z0-9_]{1,39}$/,
			'Use 2–40 lower-case letters, digits or underscores, starting with a letter.'
		)
});

export const sessionSettings = z
	.object({
		idleMinutes: z.coerce
			.number({ message: 'Enter a number of minutes.' })
			.int('Enter whole minutes.')
			.min(5, 'At least 5 minutes.')
			.max(1440, 'At most 1,440 minutes (a day).'),
		absoluteHours: z.coerce
			.number({ message: 'Enter a number of hours.' })
			.int('Enter whole hours.')
			.min(1, 'At least 1 hour.')
			.max(720, 'At most 720 hours (30 days).')
	})
	.refine((s) => s.idleMinutes <= s.absoluteHours * 60, {
		path: ['idleMinutes'],
		message: 'The idle timeout cannot be longer than the absolute lifetime.'
	});

/** How many months of raw usage events to keep (Admin → Adoption settings); empty keeps every event. */
export const rawRetention = z.object({
	months: z.preprocess(
		(v) => (v === '' || v === undefined || v === null ? null : v),
		z.coerce
			.number({ message: 'Enter a number of months, or leave it empty to keep every event.' })
			.int('Enter whole months.')
			.min(1, 'Keep at least 1 month.')
			.max(120, 'At most 120 months (10 years).')
			.nullable()
	)
});
