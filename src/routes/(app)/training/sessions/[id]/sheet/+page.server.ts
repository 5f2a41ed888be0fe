import { error } from '@sveltejs/kit';
import { teamNames } from '$lib/server/admin/teams';
import { requireActor } from '$lib/server/auth/actor';
import { idFromParam } from '$lib/server/lists';
import { detail } from '$lib/server/training/sessions';
import type { PageServerLoad } from './$types';

/** The attendance sheet to print and sign: the session's people with an empty signature column. */
export const load: PageServerLoad = ({ locals, params }) => {
	const d = detail(requireActor(locals), idFromParam(params.id));
	// The sheet is for whoever runs the session; to anyone else it is not there.
	if (!d.runs) error(404, 'Not found');
	const team = new Map(teamNames().map((t) => [t.id, t.name]));
	return {
		session: {
			id: d.session.id,
			startsAt: d.session.startsAt,
			endsAt: d.session.endsAt,
			place: d.session.place,
			link: d.session.link,
			status: d.session.status
		},
		course: { title: d.course.title },
		trainer: d.trainer?.name ?? '',
		people: d.roster
			.filter((p) => p.status === 'enrolled')
			.map((p) => ({ id: p.id, name: p.name, team: p.teamId === null ? '' : (team.get(p.teamId) ?? '') }))
			.sort((a, b) => a.name.localeCompare(b.name))
	};
};
