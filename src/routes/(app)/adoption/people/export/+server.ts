import { error } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { peopleExport } from '$lib/server/adoption/people';
import { exportResponse, parseFormat } from '$lib/server/crm/export';
import { peopleFilters } from '../filters';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => {
	const actor = requireActor(locals);
	const { ctx, filters } = peopleFilters(actor, url.searchParams);
	// An export says what it holds: a refused filter is an error, never "everyone" instead.
	const refused = Object.values(ctx.errors);
	if (refused.length) error(400, refused.join(' '));
	const spec = peopleExport(actor, (url.searchParams.get('q') ?? '').trim(), filters);
	return exportResponse(actor, spec, parseFormat(url.searchParams.get('format')));
};
