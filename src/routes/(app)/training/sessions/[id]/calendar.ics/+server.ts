import { requireActor } from '$lib/server/auth/actor';
import { idFromParam } from '$lib/server/lists';
import { downloadSession } from '$lib/server/training/calendar';
import type { RequestHandler } from './$types';

/** One session as an .ics file to add to a calendar (its trainer, the people in it, training managers). */
export const GET: RequestHandler = ({ locals, params }) => {
	const { filename, text } = downloadSession(requireActor(locals), idFromParam(params.id));
	return new Response(text, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `attachment; filename="${filename}"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
