import { error } from '@sveltejs/kit';
import { and, asc, count, eq, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { authorize, authorizeRecord, inScope, scopeWhere } from '../access/policy';
import {
	deleteRecord,
	insertRecord,
	restorableOf,
	updateRecord as updateAudited,
	type AuditedObject
} from '../audit/writes';
import type { Restorable } from '../audit/restorable';
import type { Actor } from '../auth/actor';
import { db, schema, type Conn } from '../db';
import { withStoredFields } from '../form-fields';
import { InvalidInput, collectInvalid } from '../validation';
import { personLabel } from '$lib/people';
import { fold } from '$lib/text';
import type { CustomEntity, CustomValues } from '$lib/custom-fields';
import { customValuesOf } from './custom-fields';

/**
 * The write path every CRM record shares: record scope (own / team / all) from the access policy,
 * optimistic locking, and the audit row and usage event in the change's transaction. Each object's
 * module (companies.ts, contacts.ts, …) validates its own fields and calls these.
 */

export interface OwnedRow {
	id: number;
	ownerId: number;
	teamId: number | null;
	version: number;
}

/** A CRM object: how it is audited, plus how it is found and whether it has custom fields. */
export interface CrmObject<T extends SQLiteTable, R extends OwnedRow> extends AuditedObject<T, R> {
	find(conn: Conn, id: number): R | undefined;
	/** Set for objects that have the admin's custom fields (a `custom` JSON column). */
	custom?: CustomEntity;
}

/**
 * Who owns a new or reassigned record: the actor unless another owner is chosen; the record's team
 * is its owner's team. The result must stay within the actor's scope (a rep cannot give a record away).
 */
export function resolveOwner(
	conn: Conn,
	actor: Actor,
	chosen: number | string | null | undefined
): { ownerId: number; teamId: number | null } {
	const id = typeof chosen === 'string' ? ownerNamed(conn, actor, chosen) : (chosen ?? actor.user.id);
	const owner = conn
		.select({ id: schema.user.id, teamId: schema.user.teamId, active: schema.user.active })
		.from(schema.user)
		.where(eq(schema.user.id, id))
		.get();
	if (!owner || !owner.active) throw new InvalidInput({ ownerId: 'Choose an active user as owner.' });
	const assignment = { ownerId: owner.id, teamId: owner.teamId };
	if (!inScope(actor.user, assignment))
		throw new InvalidInput({ ownerId: 'You can only assign records to people within your own scope.' });
	return assignment;
}

/**
 * The person a typed owner field names: `Name <email>` as its suggestions write it, or a name that
 * only one person in scope has (accents and case aside).
 */
function ownerNamed(conn: Conn, actor: Actor, text: string): number {
	const { user } = schema;
	const email = /<([^<>\s]+)>\s*$/.exec(text)?.[1]?.toLowerCase();
	const named = conn
		.select({ id: user.id })
		.from(user)
		.where(and(ownersInScopeWhere(actor), email ? eq(user.email, email) : eq(user.nameKey, fold(text))))
		.limit(2)
		.all();
	if (named.length === 1) return named[0].id;
	throw new InvalidInput({
		ownerId: named.length
			? `More than one person is called “${text}”: choose one from the suggestions, which show their email.`
			: `No one you can give records to is called “${text}”: choose one from the suggestions.`
	});
}

export function createRecord<T extends SQLiteTable, R extends OwnedRow>(
	tx: Conn,
	actor: Actor,
	object: CrmObject<T, R>,
	values: T['$inferInsert']
): R {
	authorize(actor.user, 'crm.write');
	return insertRecord(tx, actor, object, values);
}

/** Loads a record the actor may write, or 404 (missing and out-of-scope look the same). */
export function loadForWrite<T extends SQLiteTable, R extends OwnedRow>(
	tx: Conn,
	actor: Actor,
	object: CrmObject<T, R>,
	id: number,
	action: 'crm.write' | 'crm.delete' = 'crm.write'
): R {
	return authorizeRecord(actor.user, action, object.find(tx, id));
}

/**
 * Writes `values` over the record as its next version; a save based on an older version is merged
 * field by field with what was saved since, or refused with the fields both sides changed
 * (audit/writes.ts). Call inside a transaction after validating `values`.
 */
export function updateRecord<T extends SQLiteTable, R extends OwnedRow>(
	tx: Conn,
	actor: Actor,
	object: CrmObject<T, R>,
	before: R,
	values: Partial<R>,
	baseVersion: unknown
): R {
	return updateAudited(tx, actor, withOwnersTeam(object), before, values, baseVersion ?? null);
}

/**
 * A CRM record's team is its owner's: when a merge keeps the other person's owner, it keeps their
 * team too (the form's team came from the owner the form had).
 */
function withOwnersTeam<T extends SQLiteTable, R extends OwnedRow>(object: CrmObject<T, R>): CrmObject<T, R> {
	return {
		...object,
		derived: [...(object.derived ?? []), 'teamId'],
		derive: (values, current): Partial<R> => {
			const keepsTheirs = values.ownerId === undefined || values.ownerId === current.ownerId;
			return {
				...object.derive?.(values, current),
				...(keepsTheirs ? { teamId: current.teamId } : {})
			} as Partial<R>;
		}
	};
}

export { deleteRecord };

/** A record the actor may read, or 404. */
export function readable<R extends OwnedRow>(actor: Actor, row: R | undefined): R {
	return authorizeRecord(actor.user, 'crm.read', row) ?? error(404, 'Not found');
}

/** Runs a write in one transaction on the process's database. */
export function inTransaction<X>(work: (tx: Conn) => X): X {
	return db().transaction(work);
}

/** Up to this many people in scope an owner is chosen from a select (a form's or a list filter's); beyond, typed. */
export const OWNER_CHOICES_MAX = 30;

/**
 * The people whose records the actor may see, and so may filter by or (with crm.write) assign to,
 * while they are few enough for a select: in name order, or null when there are more. They are
 * counted (up to one more than a select lists) before any is listed.
 */
export function ownerChoices(actor: Actor): { id: number; name: string }[] | null {
	authorize(actor.user, 'crm.read');
	const { user } = schema;
	const inScope = ownersInScopeWhere(actor);
	const atMost = db()
		.select({ n: count() })
		.from(
			db()
				.select({ id: user.id })
				.from(user)
				.where(inScope)
				.limit(OWNER_CHOICES_MAX + 1)
				.as('in_scope')
		)
		.get();
	return (atMost?.n ?? 0) > OWNER_CHOICES_MAX ? null : people(inScope).map(({ id, name }) => ({ id, name }));
}

/** People matching `where`, in name order, at most `limit` of them. */
export function people(where: SQL | undefined, limit = OWNER_CHOICES_MAX) {
	const { user } = schema;
	return db()
		.select({ id: user.id, name: user.name, email: user.email })
		.from(user)
		.where(where)
		.orderBy(asc(user.nameKey), asc(user.id))
		.limit(limit)
		.all();
}

/**
 * A record form's owner field: a select of the people in scope while they are few; otherwise the
 * owner is typed, and the field starts with `ownerId`'s label.
 */
export function ownerField(actor: Actor, ownerId: number) {
	const choices = ownerChoices(actor);
	if (choices) return { choices, current: '' };
	const { user } = schema;
	const owner = db()
		.select({ name: user.name, email: user.email })
		.from(user)
		.where(eq(user.id, ownerId))
		.get();
	return { choices, current: owner ? personLabel(owner) : '' };
}

/** The condition on `user` of the people in scope: active, and the actor, their team or anyone. */
export function ownersInScopeWhere(actor: Actor): SQL | undefined {
	const { user } = schema;
	const scope = actor.user.scope;
	return and(
		eq(user.active, true),
		scope === 'all'
			? undefined
			: scope === 'team' && actor.user.teamId !== null
				? or(eq(user.teamId, actor.user.teamId), eq(user.id, actor.user.id))
				: eq(user.id, actor.user.id)
	);
}

/** A record owner's id and name, for record pages. */
export function ownerOf(ownerId: number) {
	const { user } = schema;
	return db().select({ id: user.id, name: user.name }).from(user).where(eq(user.id, ownerId)).get();
}

/**
 * The create and update verbs of an object whose form values `values` validates and resolves (owner,
 * links) — the same for every CRM object, so written once.
 */
export function writeVerbs<T extends SQLiteTable, R extends OwnedRow>(
	object: CrmObject<T, R>,
	values: (conn: Conn, actor: Actor, input: unknown, current?: R) => T['$inferInsert'] & Partial<R>
) {
	/** The form's fields and custom fields, with every field's error reported in one answer. */
	const withCustom = (tx: Conn, actor: Actor, input: unknown, before?: R) => {
		const [fields, custom] = collectInvalid(
			() => values(tx, actor, input, before),
			() =>
				object.custom &&
				customValuesOf(tx, object.custom, input, (before as { custom?: CustomValues } | undefined)?.custom)
		);
		return custom ? { ...fields, custom } : fields;
	};
	return {
		create(actor: Actor, input: unknown): R {
			authorize(actor.user, 'crm.write');
			return inTransaction((tx) => createRecord(tx, actor, object, withCustom(tx, actor, input)));
		},
		update(actor: Actor, id: number, input: unknown, baseVersion: unknown): R {
			authorize(actor.user, 'crm.write');
			return inTransaction((tx) => {
				const before = loadForWrite(tx, actor, object, id);
				const edit = withStoredFields(input, before);
				return updateRecord(tx, actor, object, before, withCustom(tx, actor, edit, before), baseVersion);
			});
		}
	};
}

/**
 * How audit rollback restores a CRM object: the listed fields (derived ones such as name keys
 * included, so they stay in step) and its owner and team.
 */
export function restorable<T extends SQLiteTable, R extends OwnedRow>(
	object: CrmObject<T, R>,
	fields: (keyof R & string)[]
): Restorable<R> {
	return restorableOf(object, [...fields, 'ownerId', 'teamId'], object.find);
}

/**
 * How many records of `table` link to record `id` through `column`: all of them, and those the actor
 * may see. A refusal counts only the second; the others are said to exist, never counted (DESIGN rule 1).
 */
export function linkedRecords(
	conn: Conn,
	actor: Actor,
	table: OwnedTable,
	column: SQLiteColumn,
	id: number
): { all: number; visible: number } {
	const n = (where: SQL | undefined) => conn.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
	const all = n(eq(column, id));
	return { all, visible: all ? n(and(eq(column, id), scopeWhere(actor.user, table))) : 0 };
}

type OwnedTable = SQLiteTable & { ownerId: SQLiteColumn; teamId: SQLiteColumn };

/** "2 contacts and 1 deal, and records you may not see", from linkedRecords' counts and each kind's nouns. */
export function stillLinked(links: { all: number; visible: number }[], nouns: [string, string][]): string {
	const seen = links
		.map((l, i) => (l.visible ? `${l.visible} ${nouns[i][l.visible === 1 ? 0 : 1]}` : ''))
		.filter(Boolean);
	const listed = seen.length > 1 ? `${seen.slice(0, -1).join(', ')} and ${seen.at(-1)}` : (seen[0] ?? '');
	if (!links.some((l) => l.all > l.visible)) return listed;
	return listed ? `${listed}, and records you may not see` : 'records you may not see';
}

/**
 * A record's linked company or contact as its page shows it: its name always, and `visible` when the
 * actor may open it — a linked record out of scope is its name only, never a link (DESIGN rule 1).
 */
export function linkedCompany(actor: Actor, id: number | null) {
	if (id === null) return undefined;
	const { company } = schema;
	const row = db()
		.select({ id: company.id, name: company.name, ownerId: company.ownerId, teamId: company.teamId })
		.from(company)
		.where(eq(company.id, id))
		.get();
	return row && { id: row.id, name: row.name, visible: inScope(actor.user, row) };
}

/** linkedCompany for a linked contact. */
export function linkedContact(actor: Actor, id: number | null) {
	if (id === null) return undefined;
	const { contact } = schema;
	const row = db()
		.select({
			id: contact.id,
			firstName: contact.firstName,
			lastName: contact.lastName,
			ownerId: contact.ownerId,
			teamId: contact.teamId
		})
		.from(contact)
		.where(eq(contact.id, id))
		.get();
	return (
		row && { id: row.id, firstName: row.firstName, lastName: row.lastName, visible: inScope(actor.user, row) }
	);
}
