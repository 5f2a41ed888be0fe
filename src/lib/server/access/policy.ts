import { error } from '@sveltejs/kit';
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Permission, Scope } from '$lib/permissions';

/**
 * The one place that answers "may user U do A (on record R)". Every load, action and endpoint asks
 * here; nothing else compares roles or permissions.
 */

/** What the policy needs to know of a user (a signed-in AuthUser satisfies it). */
export interface Principal {
	id: number;
	active: boolean;
	teamId: number | null;
	permissions: readonly string[];
	scope: Scope;
	canExport: boolean;
}

/** What the policy needs to know of a record to apply the role's record scope. */
export interface OwnedRecord {
	ownerId: number | null;
	teamId: number | null;
}

export type Action = Permission | 'export';

export function can(user: Principal | null | undefined, action: Action, record?: OwnedRecord): boolean {
	if (!user || !user.active) return false;
	const granted = action === 'export' ? user.canExport : user.permissions.includes(action);
	if (!granted) return false;
	return record ? inScope(user, record) : true;
}

/** Whether the record lies within the user's record scope (own / team / all). */
export function inScope(user: Principal, record: OwnedRecord): boolean {
	switch (user.scope) {
		case 'all':
			return true;
		case 'team':
			return record.ownerId === user.id || (user.teamId !== null && record.teamId === user.teamId);
		case 'own':
			return record.ownerId === user.id;
	}
}

/** Throws 403 unless the user may perform the action at all. */
export function authorize(user: Principal | null | undefined, action: Action): asserts user is Principal {
	if (!can(user, action)) error(403, 'You do not have permission to do that.');
}

/**
 * Throws unless the user may act on this record: 403 without the permission, 404 when the record
 * is missing or outside the scope (a record out of scope must not be distinguishable from none).
 */
export function authorizeRecord<R extends OwnedRecord>(
	user: Principal | null | undefined,
	action: Action,
	record: R | undefined | null
): R {
	authorize(user, action);
	if (!record || !inScope(user, record)) error(404, 'Not found');
	return record;
}

/**
 * The WHERE condition that limits a query to the user's record scope (undefined: no limit).
 * `ordered`: for a query that walks an index in its ORDER BY and stops at a page (a list's rows):
 * the owner and team columns are then kept from steering the plan (`+column`), because merging the
 * two lookups (owner OR team) and sorting the union costs far more on a large table than walking
 * the sort index until a page is full. Counts want the default, which uses those indexes.
 */
export function scopeWhere(
	user: Principal,
	columns: { ownerId: SQLiteColumn; teamId: SQLiteColumn },
	mode: 'filter' | 'ordered' = 'filter'
): SQL | undefined {
	const col = (c: SQLiteColumn) => (mode === 'ordered' ? sql`+${c}` : sql`${c}`);
	switch (user.scope) {
		case 'all':
			return undefined;
		case 'team':
			return user.teamId === null
				? sql`${col(columns.ownerId)} = ${user.id}`
				: sql`(${col(columns.ownerId)} = ${user.id} or ${col(columns.teamId)} = ${user.teamId})`;
		case 'own':
			return sql`${col(columns.ownerId)} = ${user.id}`;
	}
}

/**
 * Whose training a user sees (enrollments, completion, rosters): trainers (`training.manage`) see
 * every learner; people who read adoption see the learners in their record scope (a manager their
 * team); everyone else themselves. `columns` are the learner's user id and team.
 */
export function learnerWhere(
	user: Principal,
	columns: { userId: SQLiteColumn; teamId: SQLiteColumn }
): SQL | undefined {
	if (can(user, 'training.manage')) return undefined;
	if (can(user, 'adoption.read'))
		return scopeWhere(user, { ownerId: columns.userId, teamId: columns.teamId });
	return sql`${columns.userId} = ${user.id}`;
}

/**
 * Who runs a session (takes attendance, manages its seats, moves or cancels it): a trainer in scope of
 * the session (its trainer and their team) or of its course.
 */
export function canRunSession(
	user: Principal | null | undefined,
	session: { trainerId: number; teamId: number | null },
	course: OwnedRecord
): boolean {
	return (
		can(user, 'training.manage', { ownerId: session.trainerId, teamId: session.teamId }) ||
		can(user, 'training.manage', course)
	);
}

/** Groups smaller than this show no per-person breakdown to anyone but administrators (DESIGN: privacy). */
export const SMALL_GROUP = 5;

/**
 * How far a user's view of adoption reaches: everyone (people who read adoption with an all-records
 * scope: the steering committee, project managers, admins; and trainers), their team (a manager), or
 * their own figures beside their team's totals without names (everyone else: a rep).
 */
export type AdoptionReach =
	{ kind: 'all' } | { kind: 'team'; teamId: number } | { kind: 'self'; teamId: number | null };

export function adoptionReach(user: Principal): AdoptionReach {
	if (can(user, 'adoption.read')) {
		// Trainers follow every learner (learnerWhere): their adoption view is as wide as their training view.
		if (user.scope === 'all' || can(user, 'training.manage')) return { kind: 'all' };
		if (user.teamId !== null) return { kind: 'team', teamId: user.teamId };
	}
	return { kind: 'self', teamId: user.teamId };
}

/** The people whose adoption figures a user reads by name (`columns`: the person's id and team). */
export function adoptionWhere(user: Principal, columns: { userId: SQLiteColumn; teamId: SQLiteColumn }): SQL {
	const reach = adoptionReach(user);
	if (reach.kind === 'all') return sql`1 = 1`;
	if (reach.kind === 'team') return sql`${columns.teamId} = ${reach.teamId}`;
	return sql`${columns.userId} = ${user.id}`;
}

/**
 * Whether a user may see a group of `size` people person by person (names, a person's page): only
 * within their reach, and for a group under SMALL_GROUP only if they administer the system.
 */
export function mayNamePeople(user: Principal, size: number): boolean {
	if (adoptionReach(user).kind === 'self') return false;
	return size >= SMALL_GROUP || can(user, 'admin.settings');
}
