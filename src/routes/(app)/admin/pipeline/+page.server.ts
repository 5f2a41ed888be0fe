import { requireActor } from '$lib/server/auth/actor';
import { create, list, move, remove, update } from '$lib/server/crm/pipeline';
import { attempt, formValues, moveActions, formId, type FormValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ stages: list(requireActor(locals)) });

/** Every action names its stage in a hidden `stageId` field. */
const stageId = (values: FormValues) => formId(values, 'stageId');

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(requireActor(locals), values));
		return 'status' in result ? result : { saved: `Added ${result.name}.` };
	},
	update: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () =>
			update(requireActor(locals), stageId(values), values, values.version)
		);
		return 'status' in result ? result : { saved: `Saved ${result.name}.` };
	},
	...moveActions(move, 'stageId'),
	remove: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		return (
			(await attempt(values, () => remove(requireActor(locals), stageId(values)))) ?? { saved: 'Removed.' }
		);
	}
};
