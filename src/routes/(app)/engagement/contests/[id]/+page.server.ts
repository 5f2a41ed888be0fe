import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import {
	contestRules,
	deleteContest,
	getContest,
	standings,
	takesPart,
	updateContest
} from '$lib/server/engagement/contests';
import { contestFormOptions, sidesFrom } from '$lib/server/engagement/contest-form';
import { contestEffect } from '$lib/server/engagement/effect';
import { formValues } from '$lib/server/forms';
import { idFromParam } from '$lib/server/lists';
import { InvalidInput, Refused } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const actor = requireActor(locals);
	const c = getContest(idFromParam(params.id));
	const editable = c.status === 'upcoming' && can(actor.user, 'engagement.manage');
	const initial: Record<string, string | string[]> = {
		name: c.name,
		description: c.description,
		kind: c.kind,
		metric: c.metric,
		startsOn: c.startsOn,
		endsOn: c.endsOn,
		target: c.target === null ? '' : String(c.target),
		prizes: c.prizes,
		version: String(c.version)
	};
	c.sides.forEach((s, i) => {
		initial[`side.${i}.name`] = s.name;
		initial[`side.${i}.teams`] = s.teams.map((t) => String(t.id));
	});
	return {
		contest: {
			id: c.id,
			name: c.name,
			description: c.description,
			kind: c.kind,
			status: c.status,
			metric: c.metric,
			metricLabel: c.metricLabel,
			startsOn: c.startsOn,
			endsOn: c.endsOn,
			target: c.target,
			prizes: c.prizes,
			version: c.version,
			sides: c.sides
		},
		mine: takesPart(actor, c),
		rules: contestRules(c),
		standings: standings(actor, c),
		effect: can(actor.user, 'adoption.read') && c.status !== 'upcoming' ? contestEffect(actor, c) : null,
		edit: editable ? { options: contestFormOptions(), initial } : null
	};
};

export const actions: Actions = {
	update: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		try {
			updateContest(actor, idFromParam(params.id), values, sidesFrom(values), values.version);
		} catch (e) {
			if (e instanceof InvalidInput) return fail(400, { errors: e.fieldErrors, message: e.message, values });
			if (e instanceof Refused) return fail(409, { errors: {}, message: e.message, values });
			throw e;
		}
		return { saved: 'Contest saved.' };
	},
	delete: async ({ locals, params, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		try {
			deleteContest(actor, idFromParam(params.id), values.version);
		} catch (e) {
			if (e instanceof Refused) return fail(409, { errors: {}, message: e.message, values });
			throw e;
		}
		redirect(303, '/engagement/contests');
	}
};
