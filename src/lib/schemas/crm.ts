import { z } from 'zod';
import { isIsoDate } from '../dates';

/** Form and import schemas of the CRM's records, shared by forms and server. */

/** Built once: a zod schema costs more to build than to run, and an import checks 100,000 emails. */
const emailAddress = z.email();
const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default('');
const optionalId = z.preprocess(
	(v) => (v === '' || v === undefined || v === null ? null : v),
	z.coerce.number().int().positive({ message: 'Choose one of the listed options.' }).nullable()
);

/**
 * A record's owner as a form sends it: a person's id from a select, or a person typed (`Name <email>`
 * as the suggestions write it, or a name) where too many people are in scope for a select; the CRM's
 * write path (crm/records.ts resolveOwner) finds who is meant. Empty: the actor.
 */
const ownerRef = z.preprocess(
	(v) =>
		v === '' || v === undefined || v === null
			? null
			: typeof v === 'string' && /^\s*\d+\s*$/.test(v)
				? Number(v)
				: v,
	z
		.union([
			z.number().int().positive({ message: 'Choose one of the listed options.' }),
			z.string().trim().min(1).max(300, 'Type at most 300 characters.')
		])
		.nullable()
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
	ownerId: ownerRef
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
			(e) => e === '' || emailAddress.safeParse(e).success,
			'Enter a valid email address, like name@example.com.'
		),
	phone,
	title: text(120),
	companyId: optionalId,
	/** Alternative to companyId for forms and imports: the company's name, matched without case or accents. */
	companyName: text(200),
	city: text(100),
	country: text(100),
	ownerId: ownerRef
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
			.refine((d) => d === '' || isIsoDate(d), 'Enter a date as YYYY-MM-DD.'),
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

export const CURRENCIES = ['EUR', 'GBP', 'USD', 'VND', 'RUB', 'CNY', 'INR'] as const;

/** `12,500.50` or `12500.5` → 1250050 minor units; null when it is not an amount. */
export function parseAmount(input: string): number | null {
	const clean = input.trim().replace(/[\s,]/g, '');
	if (!/^\d{1,13}(\.\d{1,2})?$/.test(clean)) return null;
	const [whole, fraction = ''] = clean.split('.');
	return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

const date = z
	.string()
	.trim()
	.default('')
	.refine((d) => d === '' || isIsoDate(d), 'Enter a date as YYYY-MM-DD.');

export const dealFields = z.object({
	name: z.string().trim().min(1, 'Name the deal.').max(200, 'Use at most 200 characters.'),
	companyName: text(200),
	companyId: optionalId,
	contactId: optionalId,
	/** Alternative to contactId for forms: the contact's name as shown (crm/contact-links.ts resolveContact). */
	contactName: text(200),
	amount: z
		.string()
		.default('0')
		.transform((a, ctx) => {
			const minor = parseAmount(a === '' ? '0' : a);
			if (minor === null)
				ctx.addIssue({ code: 'custom', message: 'Enter an amount such as 12500 or 12,500.00.' });
			return minor ?? 0;
		}),
	currency: z.enum(CURRENCIES, { message: 'Choose a currency.' }).default('EUR'),
	stageId: z.coerce.number({ message: 'Choose a stage.' }).int().positive({ message: 'Choose a stage.' }),
	closeDate: date,
	probability: z.preprocess(
		(v) => (v === '' || v === undefined || v === null ? null : v),
		z.coerce
			.number({ message: 'Enter a percentage from 0 to 100.' })
			.int('Enter a whole percentage.')
			.min(0, 'At least 0.')
			.max(100, 'At most 100.')
			.nullable()
	),
	ownerId: ownerRef
});
export type DealFields = z.output<typeof dealFields>;

export const stageFields = z.object({
	name: z.string().trim().min(1, 'Name the stage.').max(60, 'Use at most 60 characters.'),
	probability: z.coerce
		.number({ message: 'Enter a percentage from 0 to 100.' })
		.int('Enter a whole percentage.')
		.min(0, 'At least 0.')
		.max(100, 'At most 100.'),
	kind: z.enum(['open', 'won', 'lost'], { message: 'Choose open, won or lost.' })
});

export const CASE_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export const caseFields = z.object({
	subject: z.string().trim().min(1, 'Say what the case is about.').max(200, 'Use at most 200 characters.'),
	description: text(5000),
	status: z.enum(CASE_STATUSES, { message: 'Choose a status.' }).default('new'),
	priority: z.enum(CASE_PRIORITIES, { message: 'Choose a priority.' }).default('normal'),
	contactId: optionalId,
	companyName: text(200),
	companyId: optionalId,
	ownerId: ownerRef
});

export const CAMPAIGN_CHANNELS = [
	'email',
	'event',
	'webinar',
	'social',
	'ads',
	'direct_mail',
	'phone'
] as const;
export const CAMPAIGN_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;

export const campaignFields = z
	.object({
		name: z.string().trim().min(1, 'Name the campaign.').max(200, 'Use at most 200 characters.'),
		channel: z.enum(CAMPAIGN_CHANNELS, { message: 'Choose a channel.' }),
		status: z.enum(CAMPAIGN_STATUSES, { message: 'Choose a status.' }).default('planned'),
		startDate: date,
		endDate: date,
		budget: z
			.string()
			.default('0')
			.transform((a, ctx) => {
				const minor = parseAmount(a === '' ? '0' : a);
				if (minor === null)
					ctx.addIssue({ code: 'custom', message: 'Enter an amount such as 5000 or 5,000.00.' });
				return minor ?? 0;
			}),
		currency: z.enum(CURRENCIES, { message: 'Choose a currency.' }).default('EUR'),
		ownerId: ownerRef
	})
	.refine((c) => !c.startDate || !c.endDate || c.endDate >= c.startDate, {
		path: ['endDate'],
		message: 'The end date cannot be before the start date.'
	});
