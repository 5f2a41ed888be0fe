import type { RequestEvent } from '@sveltejs/kit';
import { requireActor } from '../auth/actor';
import { attempt, formValues, formId } from '../forms';
import { complete, log } from './activities';

/**
 * The form actions every record page with a timeline offers: log an activity against the record,
 * and mark a task done. Spread into a page's `actions`.
 */
export const activityActions = {
	logActivity: async ({ locals, request }: RequestEvent) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => log(actor, values));
		if ('status' in result) return result; // an ActionFailure
		return { saved: `Logged the ${result.type}.` };
	},
	completeActivity: async ({ locals, request }: RequestEvent) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => complete(actor, formId(values, 'activityId'), values.version));
		if ('status' in result) return result; // an ActionFailure
		return { saved: `Marked “${result.subject}” done.` };
	}
};
