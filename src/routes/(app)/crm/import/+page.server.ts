import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { recent, undo, upload } from '$lib/server/imports/batches';
import { IMPORT_LIMITS } from '$lib/server/imports/files';
import { attempt } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	batches: recent(requireActor(locals)),
	limits: IMPORT_LIMITS
});

export const actions: Actions = {
	upload: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const data = await request.formData();
		const entity = String(data.get('entity') ?? '');
		const file = data.get('file');
		const result = await attempt({ entity }, () => upload(actor, entity, file instanceof File ? file : null));
		if ('id' in result) redirect(303, `/crm/import/${result.id}`);
		return result;
	},
	undo: async ({ locals, request }) => {
		const id = Number((await request.formData()).get('batchId'));
		const result = await attempt({}, () => undo(requireActor(locals), id));
		if ('status' in result) return result; // an ActionFailure
		return { saved: `Import #${id} undone: ${result.removed} records removed, ${result.restored} restored.` };
	}
};
