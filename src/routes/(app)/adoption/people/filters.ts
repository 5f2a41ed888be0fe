import type { Actor } from '$lib/server/auth/actor';
import { adoptionContext } from '$lib/server/adoption/overview';
import { PEOPLE_KINDS, type PeopleFilters, type PeopleKind } from '$lib/server/adoption/people';

/** The people list's filters from the URL: the kind, and the adoption filters' team, role and phase. */
export function peopleFilters(actor: Actor, params: URLSearchParams) {
	const ctx = adoptionContext(actor, params);
	const kind: PeopleKind = PEOPLE_KINDS.find((k) => k === params.get('kind')) ?? 'never';
	const phase = ctx.filters.phaseId
		? ctx.options.phases.find((p) => p.id === ctx.filters.phaseId)
		: undefined;
	let teamIds = ctx.filters.teamId ? [ctx.filters.teamId] : undefined;
	if (phase) teamIds = (teamIds ?? phase.teamIds).filter((t) => phase.teamIds.includes(t));
	const filters: PeopleFilters = { kind, teamIds, roleId: ctx.filters.roleId };
	return { ctx, filters };
}
