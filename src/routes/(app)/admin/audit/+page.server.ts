import { requireActor } from '$lib/server/auth/actor';
import { auditFilters, filterOptions, list, AUDIT_ACTIONS } from '$lib/server/audit/log';
import { rollback } from '$lib/server/audit/rollback';
import { attempt, formValues, formId } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const filters = auditFilters(url.searchParams);
	return {
		filters,
		entries: list(actor, filters),
		options: { ...filterOptions(actor), actions: AUDIT_ACTIONS }
	};
};

export const actions: Actions = {
	rollback: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const result = await attempt(values, () => rollback(actor, formId(values, 'auditId')));
		return 'entity' in result ? { rolledBack: Number(values.auditId) } : result;
	}
};
