import { error, redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { fromSameOrigin } from '$lib/server/http/origin';
import type { RequestHandler } from './$types';

/**
 * Sign-out is a POST (a link could be triggered by another site); it deletes the session itself.
 * Only this site's own pages may post it: SvelteKit's CSRF check skips a POST without a form content type.
 */
export const POST: RequestHandler = ({ locals, cookies, request, url }) => {
	if (!fromSameOrigin(request, url.origin)) error(403, 'Sign out from Uptake’s own pages.');
	if (locals.session) invalidateSession(locals.session.id);
	deleteSessionCookie(cookies, url);
	redirect(303, '/login');
};
