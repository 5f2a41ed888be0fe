import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import type { RequestHandler } from './$types';

/** Sign-out is a POST (a link could be triggered by another site); it deletes the session itself. */
export const POST: RequestHandler = ({ locals, cookies, url }) => {
	if (locals.session) invalidateSession(locals.session.id);
	deleteSessionCookie(cookies, url);
	redirect(303, '/login');
};
