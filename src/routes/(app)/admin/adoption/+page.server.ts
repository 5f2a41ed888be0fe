import { fail } from '@sveltejs/kit';
import { authorize } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import { coreActionSettings, setCoreActions } from '$lib/server/adoption/core';
import {
	QUALITY_ENTITIES,
	QUALITY_FIELD_CHOICES,
	qualityFields,
	setQualityFields
} from '$lib/server/adoption/quality';
import { dropOldEvents, rawRetentionSettings, setRawRetention } from '$lib/server/adoption/raw-events';
import { db } from '$lib/server/db';
import { formValues } from '$lib/server/forms';
import { parseId } from '$lib/server/lists';
import { InvalidInput } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

/** `?role=ID` opens that role's core actions for editing (the rep role's by default). */
export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	authorize(actor.user, 'admin.settings');
	const chosen = qualityFields(db());
	const core = coreActionSettings(actor);
	const asked = parseId(url.searchParams.get('role'));
	const editing =
		core.roles.find((r) => r.id === asked) ?? core.roles.find((r) => r.actions.length) ?? core.roles[0];
	return {
		core,
		editing: editing?.id ?? null,
		raw: rawRetentionSettings(actor),
		quality: QUALITY_ENTITIES.map((entity) => ({
			entity,
			choices: QUALITY_FIELD_CHOICES[entity].map((c) => ({ field: c.field, label: c.label })),
			chosen: chosen[entity]
		}))
	};
};

const list = (v: string | string[] | undefined) =>
	v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v];

/**
 * Runs one section's save; its answer names the section (`form`), so the page shows it there. `run`
 * says whether anything changed, or says itself what was done.
 */
function save(form: string, saved: string, run: () => boolean | string, values?: Record<string, unknown>) {
	try {
		const done = run();
		if (typeof done === 'string') return { saved: done, form };
		return done ? { saved, form } : { saved: 'Nothing to save: these were the settings already.', form };
	} catch (e) {
		if (e instanceof InvalidInput)
			return fail(400, { errors: e.fieldErrors, message: e.message, form, values });
		throw e;
	}
}

export const actions: Actions = {
	core: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		return save(`core-${values.roleId}`, 'Core actions saved; past weeks are measured by them too.', () => {
			const roleId = parseId(String(values.roleId ?? ''));
			if (roleId === null) throw new InvalidInput({ role: 'Choose one of the listed roles.' });
			return setCoreActions(actor, roleId, list(values.actions)).changed;
		});
	},
	quality: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		const entity = String(values.entity ?? '');
		return save(`quality-${entity}`, 'Key fields saved; the scores use them from now on.', () => {
			const before = (qualityFields(db()) as Record<string, string[]>)[entity]?.join() ?? '';
			return setQualityFields(actor, entity, list(values.fields)).join() !== before;
		});
	},
	retention: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const values = formValues(await request.formData());
		return save(
			'retention',
			'Saved. Older raw events stay until you drop them below.',
			() => setRawRetention(actor, { months: values.months }).changed,
			{ months: String(values.months ?? '').slice(0, 20) }
		);
	},
	drop: ({ locals }) => {
		const actor = requireActor(locals);
		return save('drop', '', () => {
			const { dropped, before } = dropOldEvents(actor);
			return dropped
				? `Dropped ${dropped.toLocaleString('en')} raw usage events before ${before}; the rollups stay.`
				: `No raw usage events before ${before} were left to drop.`;
		});
	}
};
