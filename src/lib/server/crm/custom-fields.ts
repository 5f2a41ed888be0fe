import { error } from '@sveltejs/kit';
import { and, asc, eq, max, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
	CUSTOM_ENTITIES,
	PRESENT,
	inputName,
	keyOf,
	parseCustomValues,
	type CustomEntity,
	type CustomFieldDef,
	type CustomValues
} from '$lib/custom-fields';
import { version as versionSchema } from '$lib/schemas/common';
import { customFieldForm } from '$lib/schemas/custom-fields';
import { likePattern } from '$lib/text';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { InvalidInput, assertFresh, parse } from '../validation';

/**
 * Custom fields of contacts, companies and deals: the admin's definitions (admin.settings, audited as
 * `admin.fields`), and what forms, lists, filters, import and export do with them. Pure parsing and
 * formatting is in `$lib/custom-fields` (the forms use it too).
 */

const MODULE = 'admin.fields';
const { customField } = schema;
export type CustomField = typeof customField.$inferSelect;

export function isCustomEntity(entity: unknown): entity is CustomEntity {
	return CUSTOM_ENTITIES.includes(entity as CustomEntity);
}

/** An entity's fields in their order: every form, list, import and export of it reads this. */
export function fieldsOf(entity: CustomEntity, conn: Conn = db()): CustomFieldDef[] {
	return conn
		.select({
			key: customField.key,
			label: customField.label,
			type: customField.type,
			options: customField.options,
			required: customField.required
		})
		.from(customField)
		.where(eq(customField.entity, entity))
		.orderBy(asc(customField.position), asc(customField.id))
		.all();
}

/** The admin page: every definition, grouped by entity in the page. */
export function list(actor: Actor): CustomField[] {
	authorize(actor.user, 'admin.settings');
	return db()
		.select()
		.from(customField)
		.orderBy(asc(customField.entity), asc(customField.position), asc(customField.id))
		.all();
}

function load(conn: Conn, id: number): CustomField {
	return conn.select().from(customField).where(eq(customField.id, id)).get() ?? error(404, 'Not found');
}

export function create(actor: Actor, input: unknown): CustomField {
	authorize(actor.user, 'admin.settings');
	const fields = parse(customFieldForm, input);
	return db().transaction((tx) => {
		const taken = new Set(
			tx
				.select({ key: customField.key })
				.from(customField)
				.where(eq(customField.entity, fields.entity))
				.all()
				.map((f) => f.key)
		);
		if (
			tx
				.select({ id: customField.id })
				.from(customField)
				.where(
					and(
						eq(customField.entity, fields.entity),
						sql`lower(${customField.label}) = lower(${fields.label})`
					)
				)
				.get()
		)
			throw new InvalidInput({ label: `There is a field called ${fields.label} already.` });
		const base = keyOf(fields.label);
		let key = base;
		for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
		const last =
			tx
				.select({ p: max(customField.position) })
				.from(customField)
				.where(eq(customField.entity, fields.entity))
				.get()?.p ?? 0;
		const created = tx
			.insert(customField)
			.values({ ...fields, key, position: last + 1, createdBy: actor.user.id })
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'custom_field',
			entityId: created.id,
			after: created,
			summary: `Added the ${fields.entity} field ${created.label}`
		});
		return created;
	});
}

/** Label, choices and required can change; the entity, key and type are fixed once values exist. */
export function update(actor: Actor, id: number, input: unknown, baseVersion: unknown): CustomField {
	authorize(actor.user, 'admin.settings');
	return db().transaction((tx) => {
		const before = load(tx, id);
		const fields = parse(customFieldForm, { ...(input as object), entity: before.entity, type: before.type });
		assertFresh(before, parse(versionSchema, baseVersion), fields, 'field');
		const after = tx
			.update(customField)
			.set({
				label: fields.label,
				options: fields.options,
				required: fields.required,
				version: before.version + 1,
				updatedAt: Date.now()
			})
			.where(eq(customField.id, id))
			.returning()
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'custom_field',
			entityId: id,
			before,
			after,
			summary: `Edited the ${before.entity} field ${after.label}`
		});
		return after;
	});
}

/** Moves a field one place earlier (-1) or later (+1) among its entity's fields. */
export function move(actor: Actor, id: number, by: -1 | 1): void {
	authorize(actor.user, 'admin.settings');
	db().transaction((tx) => {
		const field = load(tx, id);
		const siblings = tx
			.select()
			.from(customField)
			.where(eq(customField.entity, field.entity))
			.orderBy(asc(customField.position), asc(customField.id))
			.all();
		const from = siblings.findIndex((f) => f.id === id);
		const to = from + by;
		if (to < 0 || to >= siblings.length) return;
		[siblings[from], siblings[to]] = [siblings[to], siblings[from]];
		siblings.forEach((f, position) => {
			if (f.position !== position + 1)
				tx.update(customField)
					.set({ position: position + 1 })
					.where(eq(customField.id, f.id))
					.run();
		});
		recordChange(tx, actor, {
			module: MODULE,
			action: 'update',
			entity: 'custom_field',
			entityId: id,
			before: { position: field.position },
			after: { position: to + 1 },
			summary: `Moved the ${field.entity} field ${field.label} ${by < 0 ? 'earlier' : 'later'}`
		});
	});
}

/**
 * Removes the definition: the field leaves every form, list, filter, import and export. Values already
 * stored stay in the records' JSON (and in the audit log), so adding the field back with the same name
 * brings them back.
 */
export function remove(actor: Actor, id: number): void {
	authorize(actor.user, 'admin.settings');
	db().transaction((tx) => {
		const before = load(tx, id);
		tx.delete(customField).where(eq(customField.id, id)).run();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'delete',
			entity: 'custom_field',
			entityId: id,
			before,
			summary: `Removed the ${before.entity} field ${before.label}`
		});
	});
}

/**
 * A record form's custom values, merged into what the record has: a form that does not carry the
 * custom fields (no `cf__present`) keeps them as they are. Throws InvalidInput naming each field.
 */
export function customValuesOf(
	conn: Conn,
	entity: CustomEntity,
	input: unknown,
	current: CustomValues = {}
): CustomValues {
	const form = (input ?? {}) as Record<string, unknown>;
	if (!(PRESENT in form)) return current;
	const { values, errors } = parseCustomValues(
		fieldsOf(entity, conn),
		(key) => form[inputName(key)],
		current
	);
	if (Object.keys(errors).length) throw new InvalidInput(errors);
	return values;
}

/** A field's value in SQL, for sorting and filtering lists. */
export function customColumn(custom: SQLiteColumn, key: string): SQL {
	return sql`json_extract(${custom}, ${`$.${key}`})`;
}

export type CustomFilters = Record<string, string>;

/**
 * The list filters of custom fields from the URL: `cf_<key>` and, for numbers and dates, `_from`/`_to`;
 * undefined when none is set.
 */
export function customFilters(defs: CustomFieldDef[], params: URLSearchParams): CustomFilters | undefined {
	const filters: CustomFilters = {};
	for (const def of defs)
		for (const name of def.type === 'number' || def.type === 'date'
			? [`${inputName(def.key)}_from`, `${inputName(def.key)}_to`]
			: [inputName(def.key)]) {
			const value = (params.get(name) ?? '').trim().slice(0, 200);
			if (value) filters[name] = value;
		}
	return Object.keys(filters).length ? filters : undefined;
}

/**
 * The conditions of the custom-field filters: a choice or a checkbox matches exactly, text contains,
 * numbers and dates are ranges. Malformed values are ignored, like other URL filters.
 */
export function customWhere(custom: SQLiteColumn, defs: CustomFieldDef[], filters: CustomFilters): SQL[] {
	const where: SQL[] = [];
	for (const def of defs) {
		const column = customColumn(custom, def.key);
		const name = inputName(def.key);
		if (def.type === 'checkbox' && filters[name])
			where.push(filters[name] === 'yes' ? sql`${column} = 1` : sql`coalesce(${column}, 0) = 0`);
		else if (def.type === 'select' && filters[name]) where.push(sql`${column} = ${filters[name]}`);
		else if (def.type === 'text' && filters[name])
			where.push(sql`${column} LIKE ${likePattern(filters[name])} ESCAPE '\\'`);
		else if (def.type === 'number' || def.type === 'date') {
			const parse = (v: string | undefined) =>
				v === undefined
					? undefined
					: def.type === 'number'
						? Number.isFinite(Number(v))
							? Number(v)
							: undefined
						: /^\d{4}-\d{2}-\d{2}$/.test(v)
							? v
							: undefined;
			const from = parse(filters[`${name}_from`]);
			const to = parse(filters[`${name}_to`]);
			if (from !== undefined) where.push(sql`${column} >= ${from}`);
			if (to !== undefined) where.push(sql`${column} <= ${to}`);
		}
	}
	return where;
}

/** A list's sort on a custom field: `cf_<key>`, as its column header links it. */
export type CustomSort = `cf_${string}`;

/** The sorts a list accepts beyond its own columns: one per custom field of its entity. */
export function customSorts(defs: CustomFieldDef[]): CustomSort[] {
	return defs.map((def) => inputName(def.key) as CustomSort);
}

/** The SQL to sort by when `sort` names one of `entity`'s custom fields, else undefined. */
export function customSortColumn(entity: CustomEntity, custom: SQLiteColumn, sort: string): SQL | undefined {
	if (!sort.startsWith('cf_')) return undefined;
	const def = fieldsOf(entity).find((d) => inputName(d.key) === sort);
	return def && customColumn(custom, def.key);
}

/** The custom-field conditions of a list of `entity`. */
export function customListWhere(
	entity: CustomEntity,
	custom: SQLiteColumn,
	filters: CustomFilters = {}
): SQL[] {
	return Object.keys(filters).length ? customWhere(custom, fieldsOf(entity), filters) : [];
}

/**
 * What an export of `entity` adds for its custom fields: one selected value per field (`cf_<key>`,
 * read from the JSON in SQL) and its column, where numbers stay numbers and checkboxes read Yes / No.
 */
export function customExport(entity: CustomEntity, custom: SQLiteColumn) {
	const defs = fieldsOf(entity);
	return {
		select: Object.fromEntries(
			defs.map((def) => [inputName(def.key), sql<string | number | null>`${customColumn(custom, def.key)}`])
		),
		columns: defs.map(
			(def): [string, (row: Record<string, string | number | null>) => string | number | null] => [
				def.label,
				(row) => {
					const value = row[inputName(def.key)];
					if (def.type === 'checkbox') return value ? 'Yes' : 'No';
					return value ?? null;
				}
			]
		)
	};
}
