import { json } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { ownerSuggestions } from '$lib/server/crm/record-filters';
import type { RequestHandler } from './$types';

/** The names the lists' owner filter suggests for what has been typed (`?q=`), within the actor's scope. */
export const GET: RequestHandler = ({ locals, url }) =>
	json(ownerSuggestions(requireActor(locals), url.searchParams.get('q') ?? ''));
