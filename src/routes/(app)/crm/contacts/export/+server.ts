import { requireActor } from '$lib/server/auth/actor';
import { exportSpec } from '$lib/server/crm/contacts';
import { exportResponse, parseFormat } from '$lib/server/crm/export';
import { contactFilters } from '../filters';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => {
	const actor = requireActor(locals);
	const spec = exportSpec(
		actor,
		(url.searchParams.get('q') ?? '').trim(),
		contactFilters(actor, url.searchParams)
	);
	return exportResponse(actor, spec, parseFormat(url.searchParams.get('format')));
};
