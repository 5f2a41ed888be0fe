import { json } from '@sveltejs/kit';
import { requireActor } from '$lib/server/auth/actor';
import { ownersInScope } from '$lib/server/crm/records';
import type { RequestHandler } from './$types';

/** The names the lists' owner filter suggests: everyone whose records the actor may see. */
export const GET: RequestHandler = ({ locals }) =>
	json(ownersInScope(requireActor(locals)).map((o) => o.name));
