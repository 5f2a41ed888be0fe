import { isActionFailure } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { attempt, formId, formValues } from '$lib/server/forms';
import { idParam } from '$lib/server/lists';
import { OUTBOX_STATUSES, outbox, resend } from '$lib/server/notifications/outbox';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const status = OUTBOX_STATUSES.find((s) => s === url.searchParams.get('status'));
	return {
		status,
		mail: outbox(requireActor(locals), { page: idParam(url.searchParams, 'page') ?? 1, status })
	};
};

export const actions: Actions = {
	resend: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const id = formId(values, 'id');
		const result = await attempt(values, () => resend(actor, id));
		return isActionFailure(result)
			? result
			: { saved: 'Queued again: it goes with the next run of the sender, within a few seconds.' };
	}
};
