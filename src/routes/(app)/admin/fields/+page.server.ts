import { requireActor } from '$lib/server/auth/actor';
import { create, list, move, remove, update } from '$lib/server/crm/custom-fields';
import { attempt, formValues, moveActions, formId, type FormValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ fields: list(requireActor(locals)) });

/** Every action but create names its field in a hidden `fieldId`. */
const fieldId = (values: FormValues) => formId(values, 'fieldId');

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () => create(requireActor(locals), values));
		return 'status' in result ? result : { saved: `Added the field ${result.label}.` };
	},
	update: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		const result = await attempt(values, () =>
			update(requireActor(locals), fieldId(values), values, values.version)
		);
		return 'status' in result ? result : { saved: `Saved ${result.label}.` };
	},
	...moveActions(move, 'fieldId'),
	remove: async ({ locals, request }) => {
		const values = formValues(await request.formData());
		return (
			(await attempt(values, () => remove(requireActor(locals), fieldId(values)))) ?? {
				saved: 'Removed the field.'
			}
		);
	}
};
