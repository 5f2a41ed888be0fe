import { and, asc, desc, eq } from 'drizzle-orm';
import { safeSource, settingsProblem } from '$lib/mermaid-settings';
import type { Area } from '$lib/rollout';
import { processMapForm } from '$lib/schemas/rollout';
import { authorize } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { parse } from '../validation';
import { find, insertRecord, rolloutVerbs, type RolloutObject } from './records';

/**
 * Process maps: how work is done today (as-is) and how it will be done with the CRM (to-be), per
 * area, written in mermaid. The server keeps the text; the browser draws it (MermaidDiagram.svelte),
 * so a broken or hostile diagram can only fail to draw; settings that would make viewers' browsers
 * load what the author names are refused on save (schemas/rollout.ts, $lib/mermaid-settings). An as-is
 * map can be cloned into a to-be map.
 */

const { processMap, auditLog, user } = schema;
export type ProcessMap = typeof processMap.$inferSelect;

export const mapObject: RolloutObject<typeof processMap, ProcessMap> = {
	entity: 'process_map',
	module: 'rollout.maps',
	noun: 'process map',
	table: processMap,
	id: processMap.id,
	describe: (m) => `${m.title} (${m.kind === 'as_is' ? 'as-is' : 'to-be'})`
};

const verbs = rolloutVerbs(mapObject, 'rollout.write', (_conn, _actor, input) =>
	parse(processMapForm, input)
);
export const create = verbs.create;
export const update = verbs.update;
export const remove = verbs.remove;

/** Every map, area by area, as-is before to-be. */
export function list(actor: Actor, area?: Area) {
	authorize(actor.user, 'rollout.read');
	return db()
		.select({
			id: processMap.id,
			title: processMap.title,
			area: processMap.area,
			kind: processMap.kind,
			clonedFromId: processMap.clonedFromId,
			updatedAt: processMap.updatedAt
		})
		.from(processMap)
		.where(area ? eq(processMap.area, area) : undefined)
		.orderBy(asc(processMap.area), asc(processMap.kind), asc(processMap.title))
		.all();
}

/** A map's page: the map, the map it was cloned from, and its history from the audit log. */
export function detail(actor: Actor, id: number) {
	authorize(actor.user, 'rollout.read');
	const record = find(db(), mapObject, id);
	const history = db()
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			summary: auditLog.summary,
			by: user.name
		})
		.from(auditLog)
		.leftJoin(user, eq(auditLog.userId, user.id))
		.where(and(eq(auditLog.entity, 'process_map'), eq(auditLog.entityId, String(id))))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(50)
		.all();
	const source = record.clonedFromId
		? db()
				.select({ id: processMap.id, title: processMap.title })
				.from(processMap)
				.where(eq(processMap.id, record.clonedFromId))
				.get()
		: undefined;
	return { record, history, clonedFrom: source };
}

/** A to-be map that starts as a copy of an as-is map, to redraw with the CRM in it. */
export function cloneToBe(actor: Actor, id: number): ProcessMap {
	authorize(actor.user, 'rollout.write');
	return db().transaction((tx) => {
		const from = find(tx, mapObject, id);
		return insertRecord(tx, actor, mapObject, {
			title: from.title,
			area: from.area,
			kind: 'to_be',
			// A map stored before settings were checked keeps only the safe ones in its copy.
			source: settingsProblem(from.source) ? safeSource(from.source) : from.source,
			clonedFromId: from.id
		});
	});
}
