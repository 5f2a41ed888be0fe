import { error } from '@sveltejs/kit';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { adoptionWhere, authorize, can, mayNamePeople } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { appliedFilters, type ExportSpec } from '../crm/export';
import { defineList } from '../lists/engine';

/**
 * The lists a manager acts on: people who never signed in, people who lapsed (active before, not in
 * the last 14 days), people active in the last 14 days without a core action of their role, or
 * everyone — each with last seen, role and team. Within the viewer's reach (adoption scope), and a
 * group of fewer than 5 people is shown to administrators only (DESIGN: privacy).
 */

const { user, team, role, usageUser, coreAction } = schema;

export const FOLLOW_UP_DAYS = 14;
export const PEOPLE_KINDS = ['never', 'lapsed', 'idle', 'all'] as const;
export type PeopleKind = (typeof PEOPLE_KINDS)[number];
export const PEOPLE_KIND_LABELS: Record<PeopleKind, string> = {
	never: 'Never signed in',
	lapsed: `Lapsed: not seen in ${FOLLOW_UP_DAYS} days`,
	idle: `Active, no core action in ${FOLLOW_UP_DAYS} days`,
	all: 'Everyone'
};

export interface PeopleFilters {
	kind: PeopleKind;
	teamIds?: number[];
	roleId?: number;
	/** The reference instant (tests pass one). */
	now?: number;
}

/** The person's role has core actions (for the others, "no core action" means nothing). */
const roleHasCore = () =>
	sql`exists (select 1 from ${coreAction} where ${coreAction.roleId} = ${user.roleId})`;

/**
 * Each kind as a condition on the user row alone (a subquery of `usage_user`), so that the list's
 * count, which reads the user table only, and its rows agree.
 */
function kindWhere(kind: PeopleKind, now: number) {
	const since = now - FOLLOW_UP_DAYS * 86_400_000;
	const spans = (where: ReturnType<typeof sql>) =>
		sql`${user.id} in (select ${usageUser.userId} from ${usageUser} where ${where})`;
	switch (kind) {
		case 'never':
			return sql`${user.id} not in (select ${usageUser.userId} from ${usageUser})`;
		case 'lapsed':
			return spans(sql`${usageUser.lastAt} < ${since}`);
		case 'idle':
			return and(
				spans(
					sql`${usageUser.lastAt} >= ${since} and (${usageUser.lastCoreAt} is null or ${usageUser.lastCoreAt} < ${since})`
				),
				roleHasCore()
			);
		case 'all':
			return undefined;
	}
}

/** The group the filters name (kind aside), whose size decides whether names may be shown. */
function groupWhere(f: Omit<PeopleFilters, 'kind'>) {
	return [
		eq(user.active, true),
		f.teamIds ? inArray(user.teamId, f.teamIds) : undefined,
		f.roleId ? eq(user.roleId, f.roleId) : undefined
	];
}

export const peopleList = defineList({
	name: 'adoption.people',
	permission: 'adoption.read',
	id: user.id,
	scope: (actor: Actor) => adoptionWhere(actor.user, { userId: user.id, teamId: user.teamId }),
	search: { column: user.nameKey },
	filters: (f: PeopleFilters) => [...groupWhere(f), kindWhere(f.kind, f.now ?? Date.now())],
	sorts: {
		name: user.nameKey,
		team: team.name,
		role: role.label,
		lastSeen: usageUser.lastAt,
		lastCore: usageUser.lastCoreAt,
		firstSeen: usageUser.firstAt
	},
	columns: [
		{ key: 'name', label: 'Name', sort: 'name', always: true },
		{ key: 'team', label: 'Team', sort: 'team' },
		{ key: 'role', label: 'Role', sort: 'role' },
		{ key: 'lastSeen', label: 'Last seen', sort: 'lastSeen' },
		{ key: 'lastCore', label: 'Last core action', sort: 'lastCore' },
		{ key: 'firstSeen', label: 'First seen', sort: 'firstSeen' }
	],
	plainScope: true,
	select: () =>
		db()
			.select({
				id: user.id,
				name: user.name,
				email: user.email,
				teamId: user.teamId,
				team: team.name,
				role: role.label,
				firstSeen: usageUser.firstAt,
				lastSeen: usageUser.lastAt,
				lastCore: usageUser.lastCoreAt
			})
			.from(user)
			.leftJoin(usageUser, eq(usageUser.userId, user.id))
			.leftJoin(team, eq(team.id, user.teamId))
			.innerJoin(role, eq(role.id, user.roleId))
			.$dynamic()
});

/** How many people the filters' group holds for the viewer (kind and search aside). */
export function groupSize(actor: Actor, f: Omit<PeopleFilters, 'kind'>): number {
	return (
		db()
			.select({ n: count() })
			.from(user)
			.where(and(adoptionWhere(actor.user, { userId: user.id, teamId: user.teamId }), ...groupWhere(f)))
			.get()?.n ?? 0
	);
}

/** Whether the viewer may see this group's people by name. */
export function namesAllowed(actor: Actor, f: Omit<PeopleFilters, 'kind'>): boolean {
	return can(actor.user, 'adoption.read') && mayNamePeople(actor.user, groupSize(actor, f));
}

/** Counts of each kind for the group (for the tabs), within the viewer's reach. */
export function kindCounts(actor: Actor, f: Omit<PeopleFilters, 'kind'>): Record<PeopleKind, number> {
	const now = f.now ?? Date.now();
	const out = {} as Record<PeopleKind, number>;
	for (const kind of PEOPLE_KINDS)
		out[kind] =
			db()
				.select({ n: count() })
				.from(user)
				.leftJoin(usageUser, eq(usageUser.userId, user.id))
				.where(
					and(
						adoptionWhere(actor.user, { userId: user.id, teamId: user.teamId }),
						...groupWhere(f),
						kindWhere(kind, now)
					)
				)
				.get()?.n ?? 0;
	return out;
}

/** The list as an export (CSV or XLSX), audited; only for a group the viewer may see by name. */
export function peopleExport(actor: Actor, q: string, f: PeopleFilters) {
	authorize(actor.user, 'adoption.read');
	if (!namesAllowed(actor, f)) error(403, 'This group is too small to list people by name.');
	const where = peopleList.where(actor, q, f);
	const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
	const spec: ExportSpec<{
		id: number;
		name: string;
		email: string;
		team: string | null;
		role: string;
		firstSeen: number | null;
		lastSeen: number | null;
		lastCore: number | null;
	}> = {
		entity: 'user',
		module: 'adoption.people',
		noun: `people-${f.kind}`,
		permission: 'adoption.read',
		filters: appliedFilters(q, f),
		columns: [
			['Name', (r) => r.name],
			['Email', (r) => r.email],
			['Team', (r) => r.team],
			['Role', (r) => r.role],
			['First seen', (r) => iso(r.firstSeen)],
			['Last seen', (r) => iso(r.lastSeen)],
			['Last core action', (r) => iso(r.lastCore)]
		],
		chunk: (afterId, limit) =>
			db()
				.select({
					id: user.id,
					name: user.name,
					email: user.email,
					team: team.name,
					role: role.label,
					firstSeen: usageUser.firstAt,
					lastSeen: usageUser.lastAt,
					lastCore: usageUser.lastCoreAt
				})
				.from(user)
				.leftJoin(usageUser, eq(usageUser.userId, user.id))
				.leftJoin(team, eq(team.id, user.teamId))
				.innerJoin(role, eq(role.id, user.roleId))
				.where(and(where, sql`${user.id} > ${afterId}`))
				.orderBy(user.id)
				.limit(limit)
				.all()
	};
	return spec;
}
