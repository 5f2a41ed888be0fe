import { eq, sql } from 'drizzle-orm';
import { POINT_ACTION_KEYS, POINT_ACTIONS, type PointActionKey } from '$lib/engagement';
import { pointsRule, type PointsRuleInput } from '$lib/schemas/engagement';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput, Refused } from '../validation';

/** The points rules: every action of the catalogue, with the admin's values or the defaults. Shown to everyone. */

export interface RuleRow {
	action: PointActionKey;
	label: string;
	rule: string;
	points: number;
	dailyCap: number;
	enabled: boolean;
	defaults: { points: number; dailyCap: number };
}

export function rules(conn: Conn = db()): RuleRow[] {
	const stored = new Map(
		conn
			.select()
			.from(schema.pointsRule)
			.all()
			.map((r) => [r.action, r])
	);
	return POINT_ACTION_KEYS.map((action) => {
		const d = POINT_ACTIONS[action];
		const r = stored.get(action);
		return {
			action,
			label: d.label,
			rule: d.rule,
			points: r?.points ?? d.points,
			dailyCap: r?.dailyCap ?? d.dailyCap,
			enabled: r?.enabled ?? true,
			defaults: { points: d.points, dailyCap: d.dailyCap }
		};
	});
}

/**
 * Saves the rules the form sends (`points.<action>`, `cap.<action>`, `enabled.<action>`), each change
 * audited; all or nothing. Points already given stay as given (the ledger says under which rule);
 * a running contest counts by the rules frozen at its start. Returns how many rules changed.
 */
/** What the rules were when a form was opened: a save based on an older stamp is refused, not merged. */
export function rulesStamp(conn: Conn = db()): string {
	const row = conn
		.select({
			versions: sql<number>`coalesce(sum(${schema.pointsRule.version}), 0)`,
			n: sql<number>`count(*)`
		})
		.from(schema.pointsRule)
		.get();
	return `${row?.n ?? 0}.${row?.versions ?? 0}`;
}

export function setRules(actor: Actor, values: Record<string, unknown>): number {
	authorize(actor.user, 'engagement.manage');
	if (values.stamp !== undefined && values.stamp !== rulesStamp())
		throw new Refused(
			'Someone else changed the points rules after you opened this page: nothing was saved. Open the page again to see their values, then make your change.'
		);
	const errors: Record<string, string> = {};
	const wanted = new Map<PointActionKey, PointsRuleInput>();
	for (const action of POINT_ACTION_KEYS) {
		const parsed = pointsRule.safeParse({
			points: values[`points.${action}`],
			dailyCap: values[`cap.${action}`],
			enabled: values[`enabled.${action}`] === 'on'
		});
		if (parsed.success) wanted.set(action, parsed.data);
		else
			for (const issue of parsed.error.issues)
				errors[`${issue.path[0] === 'points' ? 'points' : 'cap'}.${action}`] ??= issue.message;
	}
	if (Object.keys(errors).length) throw new InvalidInput(errors);
	const current = new Map(rules().map((r) => [r.action, r]));
	let changed = 0;
	db().transaction((tx) => {
		for (const [action, v] of wanted) {
			const was = current.get(action)!;
			if (was.points === v.points && was.dailyCap === v.dailyCap && was.enabled === v.enabled) continue;
			const existing = tx.select().from(schema.pointsRule).where(eq(schema.pointsRule.action, action)).get();
			if (existing)
				tx.update(schema.pointsRule)
					.set({ ...v, updatedAt: Date.now(), version: existing.version + 1 })
					.where(eq(schema.pointsRule.action, action))
					.run();
			else
				tx.insert(schema.pointsRule)
					.values({ action, ...v })
					.run();
			recordChange(tx, actor, {
				module: 'engagement.rules',
				action: 'update',
				entity: 'points_rule',
				entityId: action,
				before: { points: was.points, dailyCap: was.dailyCap, enabled: was.enabled },
				after: v,
				summary: `Points for “${POINT_ACTIONS[action].label}”: ${v.enabled ? `${v.points} (at most ${v.dailyCap} a day)` : 'switched off'}`
			});
			changed++;
		}
	});
	return changed;
}
