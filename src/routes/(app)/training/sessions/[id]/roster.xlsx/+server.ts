import { requireActor } from '$lib/server/auth/actor';
import { idFromParam } from '$lib/server/lists';
import { exportRoster } from '$lib/server/training/roster';
import type { RequestHandler } from './$types';

/** The session's roster as an Excel workbook, for someone who runs it and may export. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const { filename, type, body } = await exportRoster(requireActor(locals), idFromParam(params.id), 'xlsx');
	return new Response(body, {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
