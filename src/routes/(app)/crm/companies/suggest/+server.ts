import { json } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { companySuggestions } from '$lib/server/crm/companies';
import type { RequestHandler } from './$types';

/** The companies a record form's company field suggests for what has been typed (`?q=`), within scope. */
export const GET: RequestHandler = ({ locals, url }) =>
	json(companySuggestions(requireActor(locals), url.searchParams.get('q') ?? ''));
