import { requireActor } from '$lib/server/auth/actor';
import { peopleExport } from '$lib/server/adoption/people';
import { exportResponse, parseFormat } from '$lib/server/crm/export';
import { peopleFilters } from '../filters';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => {
	const actor = requireActor(locals);
	const { filters } = peopleFilters(actor, url.searchParams);
	const spec = peopleExport(actor, (url.searchParams.get('q') ?? '').trim(), filters);
	return exportResponse(actor, spec, parseFormat(url.searchParams.get('format')));
};
