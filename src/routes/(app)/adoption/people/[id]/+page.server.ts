import { requireActor } from '$lib/server/auth/actor';
import { adoptionContext, filterBar } from '$lib/server/adoption/overview';
import { personAdoption, visiblePerson } from '$lib/server/adoption/person';
import { idFromParam } from '$lib/server/lists';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const person = visiblePerson(actor, idFromParam(params.id));
	const ctx = adoptionContext(actor, url.searchParams);
	return {
		person,
		mine: person.id === actor.user.id,
		bar: filterBar(ctx, url.searchParams),
		...personAdoption(person, ctx.filters, ctx.options)
	};
};
