import { json } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { contactSuggestions } from '$lib/server/crm/contact-links';
import type { RequestHandler } from './$types';

/** The contacts a record form's contact field suggests for what has been typed (`?q=`), within scope. */
export const GET: RequestHandler = ({ locals, url }) =>
	json(contactSuggestions(requireActor(locals), url.searchParams.get('q') ?? ''));
