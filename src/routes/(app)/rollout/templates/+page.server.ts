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

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () =>
			instantiate(requireActor(locals), String(values.template), values.startDate)
		);
		if ('status' in result) return result;
		return {
			saved: `Created ${result.phases} phases, ${result.goals} goals, ${result.risks} risks, ${result.maps} process maps and ${result.readiness} readiness questions. Adjust them to your organisation.`
		};
	}
};
