import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { discard, recent, undo, upload } from '$lib/server/imports/batches';
import { IMPORT_LIMITS } from '$lib/server/imports/files';
import { attempt } from '$lib/server/forms';
import { idParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => ({
	batches: recent(requireActor(locals)),
	limits: IMPORT_LIMITS,
	// Set by the batch page's discard, which comes back here.
	discarded: idParam(url.searchParams, 'discarded') ?? null
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
	},
	discard: async ({ locals, request }) => {
		const id = Number((await request.formData()).get('batchId'));
		const result = await attempt({}, () => discard(requireActor(locals), id));
		return result ?? { saved: `Import #${id} discarded: its file and rows are deleted.` };
	}
};
