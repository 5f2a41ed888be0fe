import { z } from 'zod';

/** What one action earns: whole points 0–1,000 (0 switches the points off but keeps counting), a daily cap 1–200. */
export const pointsRule = z.object({
	points: z.coerce
		.number({ message: 'Enter a whole number of points.' })
		.int('Enter whole points.')
		.min(0, 'Points cannot be negative: to stop an action earning, switch it off.')
		.max(1000, 'At most 1,000 points for one action.'),
	dailyCap: z.coerce
		.number({ message: 'Enter how many a day earn points.' })
		.int('Enter a whole number.')
		.min(1, 'At least 1 a day.')
		.max(200, 'At most 200 a day.'),
	enabled: z.boolean()
});
export type PointsRuleInput = z.infer<typeof pointsRule>;

const day = z
	.string()
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.')
	.refine(
		(v) =>
			!Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
		'Enter a real date.'
	);

/** A contest as its form sends it; sides are checked against each other by the domain module. */
export const contestForm = z
	.object({
		name: z.string().trim().min(1, 'Give the contest a name.').max(120, 'At most 120 characters.'),
		description: z.string().trim().max(2000, 'At most 2,000 characters.').default(''),
		kind: z.enum(['team', 'individual'], { message: 'Choose team or individual.' }),
		metric: z.string().min(1, 'Choose what counts.'),
		startsOn: day,
		endsOn: day,
		target: z.preprocess(
			(v) => (v === '' || v === undefined || v === null ? null : v),
			z.coerce
				.number({ message: 'Enter a whole number, or leave it empty.' })
				.int('Enter a whole number.')
				.min(1, 'A target is at least 1.')
				.max(1_000_000, 'At most 1,000,000.')
				.nullable()
		),
		prizes: z.string().trim().max(1000, 'At most 1,000 characters.').default('')
	})
	.superRefine((v, ctx) => {
		if (v.endsOn < v.startsOn)
			ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The contest cannot end before it starts.' });
		const days = (Date.parse(v.endsOn) - Date.parse(v.startsOn)) / 86_400_000;
		if (days > 366)
			ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'A contest lasts at most a year.' });
	});
export type ContestInput = z.infer<typeof contestForm>;

/** One side of a contest: a name and the real teams it is made of. */
export const contestSide = z.object({
	name: z.string().trim().min(1, 'Name the team.').max(80, 'At most 80 characters.'),
	teamIds: z.array(z.coerce.number().int().positive()).min(1, 'Choose at least one team.')
});
export type ContestSideInput = z.infer<typeof contestSide>;
