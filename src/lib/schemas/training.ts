import { z } from 'zod';
import { CRM_MODULES, PROJECT_ROLES } from '../rollout';
import { ATTENDANCE_STATUSES, COMPLETIONS, COURSE_FORMATS } from '../training';
import { idList, optionalDate, optionalId, required, text } from './common';

/** Form schemas of the training area, shared by its pages and the server (training/*.ts). */

const list = <T extends z.ZodTypeAny>(item: T) =>
	z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** A whole number in a range, or null when the field is left empty. */
const optionalCount = (min: number, max: number, message: string) =>
	z.preprocess(
		(v) => (v === '' || v === undefined || v === null ? null : v),
		z.coerce.number({ message }).int(message).min(min, message).max(max, message).nullable()
	);

/** Materials are typed one a line: "Label https://…" or just the address. */
const materials = z
	.string()
	.max(4000, 'Use at most 4000 characters.')
	.default('')
	.transform((v, ctx) => {
		const out: { label: string; url: string }[] = [];
		for (const [i, raw] of v.split('\n').entries()) {
			const line = raw.trim();
			if (!line) continue;
			const at = line.search(/https?:\/\/\S+$/i);
			const url = at >= 0 ? line.slice(at) : '';
			let ok: boolean;
			try {
				ok = !!url && ['http:', 'https:'].includes(new URL(url).protocol);
			} catch {
				ok = false;
			}
			if (!ok) {
				ctx.addIssue({
					code: 'custom',
					message: `Line ${i + 1} needs an address starting with https:// at its end.`
				});
				return z.NEVER;
			}
			out.push({ label: line.slice(0, at).trim() || url, url });
		}
		return out;
	});

export const courseForm = z
	.object({
		title: required(200, 'Name the course.'),
		description: text(4000),
		format: z.enum(COURSE_FORMATS, { message: 'Choose a format.' }),
		durationMinutes: z.coerce
			.number({ message: 'Enter the duration in minutes.' })
			.int('Enter whole minutes.')
			.min(5, 'A course takes at least 5 minutes.')
			.max(60 * 40, 'Enter at most 2400 minutes (40 hours).'),
		modules: list(z.enum(CRM_MODULES, { message: 'Choose from the listed modules.' })),
		materials,
		prerequisites: idList,
		required: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
		roles: idList,
		teams: idList,
		projectRoles: list(z.enum(PROJECT_ROLES, { message: 'Choose from the listed rollout roles.' })),
		phases: idList,
		dueDays: optionalCount(1, 365, 'Enter a number of days from 1 to 365, or leave it empty.'),
		dueBeforePhaseDays: optionalCount(0, 365, 'Enter a number of days from 0 to 365, or leave it empty.'),
		completion: z.enum(COMPLETIONS, { message: 'Choose who completes the course.' }).default('learner'),
		passMark: optionalCount(1, 100, 'Enter a pass mark from 1 to 100 %, or leave it empty.')
	})
	.refine((c) => c.dueBeforePhaseDays === null || c.phases.length > 0, {
		path: ['dueBeforePhaseDays'],
		message: 'A due date before the phase starts needs the course aimed at a phase.'
	});
export type CourseFields = z.output<typeof courseForm>;

export const sessionForm = z.object({
	trainerId: optionalId,
	startsAt: z.string().trim().min(1, 'Enter when the session starts.'),
	endsAt: z.string().trim().min(1, 'Enter when the session ends.'),
	place: text(200),
	link: z
		.string()
		.trim()
		.max(500, 'Use at most 500 characters.')
		.default('')
		.refine((v) => v === '' || /^https:\/\/\S+$/i.test(v), 'Enter the meeting link starting with https://.'),
	capacity: z.coerce
		.number({ message: 'Enter the number of seats.' })
		.int('Enter a whole number of seats.')
		.min(1, 'A session has at least 1 seat.')
		.max(500, 'Enter at most 500 seats.')
});

export const handAssignForm = z.object({
	userId: z.coerce.number({ message: 'Choose a person.' }).int().positive('Choose a person.'),
	dueDate: optionalDate
});

export const selfCompleteForm = z.object({
	score: optionalCount(0, 100, 'Enter your score from 0 to 100 %, or leave it empty.')
});

export const attendanceMark = z.object({
	userId: z.coerce.number().int().positive(),
	status: z.enum(ATTENDANCE_STATUSES, { message: 'Choose present, late, excused or absent.' }),
	remark: text(300)
});
