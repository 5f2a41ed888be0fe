import { asc, eq, inArray } from 'drizzle-orm';
import {
	CORE_ACTION_KINDS,
	CRM_MODULE_NAMES,
	DEFAULT_CORE_ACTIONS,
	describeCoreAction,
	type CoreActionDef,
	type CoreActionKind
} from '$lib/adoption';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput } from '../validation';
import { recomputeUserRollups } from './rollups';

/**
 * Core actions: what each role is expected to do in the CRM. Doing one makes a person "working",
 * not only active. The admin configures them per role; built-in roles start with the defaults in
 * $lib/adoption.
 */

const DEFAULTS_KEY = 'adoption.defaults';

/**
 * Gives the built-in roles their default core actions, once per database (a marker setting keeps
 * an admin's later choice, even "none", from being overwritten at the next start).
 */
export function ensureCoreActionDefaults(conn: Conn): void {
	const done = conn.select().from(schema.setting).where(eq(schema.setting.key, DEFAULTS_KEY)).get();
	if (done) return;
	const roles = conn
		.select({ id: schema.role.id, name: schema.role.name })
		.from(schema.role)
		.where(inArray(schema.role.name, Object.keys(DEFAULT_CORE_ACTIONS)))
		.all();
	for (const r of roles) {
		const defs = DEFAULT_CORE_ACTIONS[r.name as keyof typeof DEFAULT_CORE_ACTIONS] ?? [];
		for (const d of defs)
			conn
				.insert(schema.coreAction)
				.values({ roleId: r.id, ...d })
				.onConflictDoNothing()
				.run();
	}
	conn
		.insert(schema.setting)
		.values({ key: DEFAULTS_KEY, value: { coreActions: true } })
		.run();
}

/** Every role's core actions, by role id. */
export function coreActionsByRole(conn: Conn): Map<number, CoreActionDef[]> {
	const out = new Map<number, CoreActionDef[]>();
	for (const row of conn
		.select()
		.from(schema.coreAction)
		.orderBy(asc(schema.coreAction.module), asc(schema.coreAction.action))
		.all()) {
		const list = out.get(row.roleId) ?? [];
		list.push({ module: row.module, action: row.action } as CoreActionDef);
		out.set(row.roleId, list);
	}
	return out;
}

/**
 * The (module, action) pairs an admin may make core: each CRM module that holds records × create,
 * update, delete (the search box and the importer change no record of their own).
 */
export const CORE_ACTION_CHOICES: CoreActionDef[] = CRM_MODULE_NAMES.filter(
	(m) => m !== 'crm.search' && m !== 'crm.import'
).flatMap((module) =>
	(Object.keys(CORE_ACTION_KINDS) as CoreActionKind[]).map((action) => ({ module, action }))
);

const key = (a: { module: string; action: string }) => `${a.module}:${a.action}`;

/**
 * Sets a role's core actions (`choices` as `module:action` keys), in one audited change; the role's
 * people's rollups are recomputed in the same transaction, so "working" follows the new definition
 * in the past weeks too. An unknown role or action is refused beside the field.
 */
export function setCoreActions(
	actor: Actor,
	roleId: number,
	choices: string[]
): { actions: CoreActionDef[]; changed: boolean } {
	authorize(actor.user, 'admin.settings');
	const known = new Map(CORE_ACTION_CHOICES.map((c) => [key(c), c]));
	const unknown = choices.filter((c) => !known.has(c));
	if (unknown.length)
		throw new InvalidInput({
			actions: `Choose among the listed actions (${unknown.slice(0, 3).join(', ')} is not one).`
		});
	return db().transaction((tx) => {
		const r = tx.select().from(schema.role).where(eq(schema.role.id, roleId)).get();
		if (!r) throw new InvalidInput({ role: 'Choose one of the listed roles.' });
		const before = coreActionsByRole(tx).get(roleId) ?? [];
		const wanted = new Set(choices);
		const after = CORE_ACTION_CHOICES.filter((c) => wanted.has(key(c)));
		if (before.map(key).sort().join() === after.map(key).sort().join())
			return { actions: before, changed: false };
		tx.delete(schema.coreAction).where(eq(schema.coreAction.roleId, roleId)).run();
		if (after.length)
			tx.insert(schema.coreAction)
				.values(after.map((a) => ({ roleId, ...a })))
				.run();
		recordChange(tx, actor, {
			module: 'admin.settings',
			action: 'update',
			entity: 'core_action',
			entityId: roleId,
			before: { role: r.name, actions: before.map(key) },
			after: { role: r.name, actions: after.map(key) },
			summary: `Set the core actions of ${r.label}: ${after.map(describeCoreAction).join(', ') || 'none'}`
		});
		const people = tx
			.select({ id: schema.user.id })
			.from(schema.user)
			.where(eq(schema.user.roleId, roleId))
			.all()
			.map((u) => u.id);
		if (people.length) recomputeUserRollups(db().$client, people);
		return { actions: after, changed: true };
	});
}

/** What the adoption settings page shows: every role with its core actions, and the choices. */
export function coreActionSettings(actor: Actor) {
	authorize(actor.user, 'admin.settings');
	const conn = db();
	const byRole = coreActionsByRole(conn);
	return {
		roles: conn
			.select({ id: schema.role.id, label: schema.role.label })
			.from(schema.role)
			.orderBy(asc(schema.role.label))
			.all()
			.map((r) => ({ ...r, actions: (byRole.get(r.id) ?? []).map(key) })),
		modules: [...new Set(CORE_ACTION_CHOICES.map((c) => c.module))],
		kinds: Object.keys(CORE_ACTION_KINDS) as CoreActionKind[]
	};
}
