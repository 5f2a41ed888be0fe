import { requireActor } from '$lib/server/auth/actor';
import { formId, formValues } from '$lib/server/forms';
import { idParam } from '$lib/server/lists';
import { inbox, markAllRead, markRead } from '$lib/server/notifications/inbox';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => ({
	inbox: inbox(requireActor(locals), { page: idParam(url.searchParams, 'page') ?? 1 })
});

export const actions: Actions = {
	read: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const id = formId(formValues(await request.formData()), 'id');
		// Someone else's id reads as none: nothing to mark, nothing told.
		markRead(actor, id);
		return { saved: 'Marked read.' };
	},
	readAll: async ({ locals }) => {
		const n = markAllRead(requireActor(locals));
		return { saved: n ? `Marked ${n} notification${n === 1 ? '' : 's'} read.` : 'Nothing was unread.' };
	}
};
