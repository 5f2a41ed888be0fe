import { asc, eq, inArray } from 'drizzle-orm';
import { DEFAULT_CORE_ACTIONS, type CoreActionDef } from '$lib/adoption';
import { schema, type Conn } from '../db';

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
