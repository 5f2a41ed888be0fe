import { fail } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, formValues } from '$lib/server/forms';
import { instantiate, loadTemplates, preview } from '$lib/server/rollout/templates';
import { InvalidInput } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const { templates, problems } = loadTemplates();
	const chosen = url.searchParams.get('template');
	const startDate = url.searchParams.get('start') ?? new Date().toISOString().slice(0, 10);
	let plan: ReturnType<typeof preview> | undefined;
	let errors: Record<string, string> = {};
	if (chosen)
		try {
			plan = preview(actor, chosen, startDate);
		} catch (e) {
			if (!(e instanceof InvalidInput)) throw e;
			errors = e.fieldErrors;
		}
	return {
		templates: templates.map(({ id, name, description, phases, goals, risks, maps, readiness, courses }) => ({
			id,
			name,
			description,
			counts: {
				phases: phases.length,
				goals: goals.length,
				risks: risks.length,
				maps: maps.length,
				readiness: readiness.length,
				courses: courses.length
			}
		})),
		problems,
		chosen,
		startDate,
		plan,
		errors
	};
};

const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const id = String(values.template);
		// A fresh plan deletes the plan there is: the first press asks, the confirmation does it.
		if (values.mode === 'fresh' && values.confirm !== 'yes') {
			const asked = await attempt(values, () => preview(actor, id, values.startDate));
			if ('status' in asked) return asked;
			if (asked.hasContent) {
				if (asked.freshRefused) return fail(422, { values, errors: {}, message: asked.freshRefused });
				return { confirmFresh: asked.current };
			}
		}
		const result = await attempt(values, () => instantiate(actor, id, values.startDate, values.mode));
		if ('status' in result) return result;
		const made = `${counted(result.phases, 'phase')}, ${counted(result.goals, 'goal')}, ${counted(result.risks, 'risk')}, ${counted(result.maps, 'process map')}, ${counted(result.readiness, 'readiness question')} and ${counted(result.courses, 'course')}`;
		const removed = result.removed
			? `Deleted the ${counted(result.removed, 'item')} of the plan before (each can be restored from the audit log), then created ${made}.`
			: `Created ${made}.`;
		const skipped = result.skipped.length
			? ` Skipped ${counted(result.skipped.length, 'item')} the plan already had: ${result.skipped.join(', ')}.`
			: '';
		return { saved: `${removed}${skipped} Adjust them to your organisation.` };
	}
};
