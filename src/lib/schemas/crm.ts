import { z } from 'zod';

/** Form and import schemas of the CRM's records, shared by forms and server. */

const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default('');
const optionalId = z.preprocess(
	(v) => (v === '' || v === undefined || v === null ? null : v),
	z.coerce.number().int().positive({ message: 'Choose one of the listed options.' }).nullable()
);

/** `https://www.Example.com/about` → `example.com`; empty stays empty. */
export function normaliseDomain(input: string): string {
	return input
		.trim()
		.toLowerCase()
		.replace(/^[a-z]+:\/\//, '')
		.replace(/^www\./, '')
		.replace(/[/?#].*$/, '');
}

const domain = z
	.string()
	.default('')
	.transform(normaliseDomain)
	.refine(
		(d) => d === '' || /^([\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]{2,}$/u.test(d),
		'Enter a web domain such as example.com.'
	)
	.refine((d) => d.length <= 253, 'Use at most 253 characters.');

const phone = text(40).refine(
	(p) => p === '' || /^[+()\d\s./-]{3,}$/.test(p),
	'Enter digits, spaces and + ( ) - / . only.'
);

export const companyFields = z.object({
	name: z.string().trim().min(1, 'Enter the company’s name.').max(200, 'Use at most 200 characters.'),
	domain,
	industry: text(100),
	phone,
	city: text(100),
	country: text(100),
	ownerId: optionalId
});
export type CompanyFields = z.output<typeof companyFields>;

export const contactFields = z.object({
	firstName: text(100),
	lastName: z.string().trim().min(1, 'Enter the last (family) name.').max(100, 'Use at most 100 characters.'),
	email: z
		.string()
		.trim()
		.toLowerCase()
		.max(320, 'Use at most 320 characters.')
		.default('')
		.refine(
			(e) => e === '' || z.email().safeParse(e).success,
			'Enter a valid email address, like name@example.com.'
		),
	phone,
	title: text(120),
	companyId: optionalId,
	/** Alternative to companyId for forms and imports: the company's name, matched without case or accents. */
	companyName: text(200),
	city: text(100),
	country: text(100),
	ownerId: optionalId
});
export type ContactFields = z.output<typeof contactFields>;

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'task'] as const;

export const activityFields = z
	.object({
		type: z.enum(ACTIVITY_TYPES, { message: 'Choose call, email, meeting, note or task.' }),
		subject: z
			.string()
			.trim()
			.min(1, 'Say in a few words what it was about.')
			.max(200, 'Use at most 200 characters.'),
		notes: text(5000),
		/** YYYY-MM-DD; for tasks and meetings. */
		dueDate: z
			.string()
			.trim()
			.default('')
			.refine(
				(d) => d === '' || (/^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d))),
				'Enter a date as YYYY-MM-DD.'
			),
		contactId: optionalId,
		companyId: optionalId,
		dealId: optionalId
	})
	.refine((a) => a.contactId !== null || a.companyId !== null || a.dealId !== null, {
		path: ['subject'],
		message: 'An activity belongs to a contact, a company or a deal.'
	})
	.refine((a) => a.type !== 'task' || a.dueDate !== '', {
		path: ['dueDate'],
		message: 'A task needs a due date.'
	});
export type ActivityFields = z.output<typeof activityFields>;
