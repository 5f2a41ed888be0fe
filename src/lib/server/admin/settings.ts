import { eq } from 'drizzle-orm';
import { sessionSettings } from '$lib/schemas/admin';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { forgetSessionPolicy, sessionPolicy, SESSION_POLICY_KEY, type SessionPolicy } from '../auth/settings';
import { db, schema } from '../db';
import { parse } from '../validation';

export function get(actor: Actor): SessionPolicy {
	authorize(actor.user, 'admin.settings');
	return sessionPolicy();
}

/** Changes the session timeouts; they apply to every session from its next request. */
export function updateSessionPolicy(actor: Actor, input: unknown): SessionPolicy {
	authorize(actor.user, 'admin.settings');
	const value = parse(sessionSettings, input);
	const before = sessionPolicy();
	db().transaction((tx) => {
		const existing = tx.select().from(schema.setting).where(eq(schema.setting.key, SESSION_POLICY_KEY)).get();
		if (existing)
			tx.update(schema.setting)
				.set({ value, version: existing.version + 1, updatedAt: Date.now() })
				.where(eq(schema.setting.key, SESSION_POLICY_KEY))
				.run();
		else tx.insert(schema.setting).values({ key: SESSION_POLICY_KEY, value }).run();
		recordChange(tx, actor, {
			module: 'admin.settings',
			action: 'update',
			entity: 'setting',
			entityId: SESSION_POLICY_KEY,
			before: { ...before },
			after: { ...value },
			summary: 'Changed session timeouts'
		});
	});
	forgetSessionPolicy();
	return sessionPolicy();
}
