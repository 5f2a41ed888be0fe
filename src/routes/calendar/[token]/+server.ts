import { feedFor } from '$lib/server/training/calendar';
import type { RequestHandler } from './$types';

/**
 * A person's training calendar feed, `/calendar/<secret>.ics`. Public on purpose: calendar apps fetch
 * it without signing in, so the secret in the address is the only key, and an unknown, revoked or
 * malformed one is a plain 404, whatever the reason.
 */
export const GET: RequestHandler = ({ params }) => {
	const token = params.token.endsWith('.ics') ? params.token.slice(0, -'.ics'.length) : '';
	const text = token ? feedFor(token) : undefined;
	if (text === undefined)
		return new Response('Not found', {
			status: 404,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }
		});
	return new Response(text, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': 'inline; filename="training.ics"',
			'Cache-Control': 'private, max-age=300'
		}
	});
};
