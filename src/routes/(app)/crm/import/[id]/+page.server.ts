import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { commit, configure, discard, leaveOut, preview, summary } from '$lib/server/imports/batches';
import { previewQuery } from '$lib/server/imports/preview';
import { attempt, formValues } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const batch = summary(actor, idFromParam(params.id));
	return {
		batch,
		preview: batch.status === 'uploaded' ? preview(actor, batch.id, previewQuery(url.searchParams)) : null
	};
};

export const actions: Actions = {
	configure: async ({ locals, params, request }) => {
		const values = formValues(await request.formData());
		return (
			(await attempt(values, () => configure(requireActor(locals), idFromParam(params.id), values))) ?? {
				saved: 'Mapping saved: check the preview.'
			}
		);
	},
	leaveOut: async ({ locals, params, request }) => {
		const field = (await request.formData()).get('field');
		return (
			(await attempt({}, () => leaveOut(requireActor(locals), idFromParam(params.id), field))) ?? {
				saved: 'That column is left out: check the preview again.'
			}
		);
	},
	commit: async ({ locals, params }) => {
		const result = await attempt({}, () => commit(requireActor(locals), idFromParam(params.id)));
		if ('status' in result) return result; // an ActionFailure
		return {
			saved: `Imported: ${result.created} created, ${result.updated} updated, ${result.skipped} skipped${result.newCompanies ? `, ${result.newCompanies} companies created` : ''}.`
		};
	},
	discard: async ({ locals, params }) => {
		const id = idFromParam(params.id);
		const result = await attempt({}, () => discard(requireActor(locals), id));
		if (result) return result;
		redirect(303, `/crm/import?discarded=${id}`);
	}
};
