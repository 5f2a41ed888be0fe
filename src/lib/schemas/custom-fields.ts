import { z } from 'zod';
import { CUSTOM_ENTITIES, CUSTOM_TYPES } from '../custom-fields';
import { fold } from '../text';

/**
 * The admin's form for a custom field definition. Kept apart from $lib/custom-fields, which the CRM
 * list and record pages load in the browser, so that those pages do not ship zod.
 */

const optionList = z
	.string()
	.default('')
	.transform((s) =>
		s
			.split(/\r?\n/)
			.map((o) => o.trim())
			.filter(Boolean)
	)
	.refine((o) => o.length <= 50, 'Use at most 50 choices.')
	.refine((o) => o.every((x) => x.length <= 60), 'Keep each choice to 60 characters.')
	.refine((o) => new Set(o.map(fold)).size === o.length, 'Each choice must be different.');

/** The admin's form for a field definition. */
export const customFieldForm = z
	.object({
		entity: z.enum(CUSTOM_ENTITIES, { message: 'Choose contacts, companies or deals.' }),
		label: z.string().trim().min(1, 'Name the field.').max(60, 'Use at most 60 characters.'),
		type: z.enum(CUSTOM_TYPES, { message: 'Choose a type.' }),
		options: optionList,
		required: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
	})
	.superRefine((f, ctx) => {
		if (f.type === 'select' && f.options.length === 0)
			ctx.addIssue({ code: 'custom', path: ['options'], message: 'List the choices, one per line.' });
		if (f.type === 'checkbox' && f.required)
			ctx.addIssue({
				code: 'custom',
				path: ['required'],
				message: 'A checkbox is either ticked or not: it cannot be required.'
			});
	});
