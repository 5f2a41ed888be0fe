import { requireActor } from '$lib/server/auth/actor';
import { commit, configure, plan, summary } from '$lib/server/imports/batches';
import { attempt, formValues } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const actor = requireActor(locals);
	const batch = summary(actor, idFromParam(params.id));
	const preview = batch.status === 'uploaded' ? plan(actor, batch.id) : null;
	return {
		batch,
		preview: preview && {
			creates: preview.creates.length,
			updates: preview.updates.length,
			skipped: preview.skipped,
			duplicates: preview.duplicates,
			newCompanies: preview.newCompanies.slice(0, 20),
			newCompanyCount: preview.newCompanies.length,
			problems: preview.problems.slice(0, 100),
			problemCount: preview.problems.length
		}
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
	commit: async ({ locals, params }) => {
		const result = await attempt({}, () => commit(requireActor(locals), idFromParam(params.id)));
		if ('status' in result) return result; // an ActionFailure
		return {
			saved: `Imported: ${result.created} created, ${result.updated} updated, ${result.skipped} skipped${result.newCompanies ? `, ${result.newCompanies} companies created` : ''}.`
		};
	}
};
