import { error } from '@sveltejs/kit';
import { and, asc, count, desc, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { userFields, version as versionSchema, type UserFields } from '$lib/schemas/admin';
import { fold, likePattern } from '$lib/text';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Restorable } from '../audit/restorable';
import type { Actor } from '../auth/actor';
import { hashPassword, passwordProblem } from '../auth/password';
import { invalidateUserSessions } from '../auth/session';
import { db, schema, type Conn } from '../db';
import { paginate, type ListQuery, type Page } from '../lists';
import { InvalidInput, Refused, assertFresh, parse } from '../validation';
import { changesNothing } from '../audit/writes';
import { recomputeUserRollups } from '../adoption/rollups';
import { reconcileLearners } from '../training/assignment';
import { teamNames } from './teams';

const MODULE = 'admin.users';
const { user, role, team } = schema;

export const USER_SORTS = ['name', 'email', 'role', 'team', 'status', 'lastActive'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface UserFilters {
	roleId?: number;
	teamId?: number;
	status?: 'active' | 'inactive';
}

/** The columns of a user that admin pages show and the audit log keeps (never the password hash). */
export const userColumns = {
	id: user.id,
	email: user.email,
	name: user.name,
	title: user.title,
	roleId: user.roleId,
	teamId: user.teamId,
	locale: user.locale,
	active: user.active,
	version: user.version,
	createdAt: user.createdAt,
	updatedAt: user.updatedAt
};
export type UserRecord = Omit<typeof user.$inferSelect, 'passwordHash' | 'nameKey'>;
export type UserRow = UserRecord & { roleLabel: string; teamName: string | null; lastActive: string | null };

const lastActive = sql<string | null>`(select max(d.day) from usage_daily d where d.user_id = ${user.id})`;

export function list(actor: Actor, query: ListQuery<UserSort>, filters: UserFilters = {}): Page<UserRow> {
	authorize(actor.user, 'admin.users');
	const conditions: (SQL | undefined)[] = [
		filters.roleId ? eq(user.roleId, filters.roleId) : undefined,
		filters.teamId ? eq(user.teamId, filters.teamId) : undefined,
		filters.status ? eq(user.active, filters.status === 'active') : undefined
	];
	if (query.q) {
		conditions.push(
			or(
				sql`${user.nameKey} like ${likePattern(fold(query.q))} escape '\\'`,
				sql`${user.email} like ${likePattern(query.q.toLowerCase())} escape '\\'`
			)
		);
	}
	const where = and(...conditions);
	const order = query.dir === 'desc' ? desc : asc;
	const sortColumn = {
		name: user.nameKey,
		email: user.email,
		role: role.label,
		team: team.name,
		status: user.active,
		lastActive
	}[query.sort];
	return paginate(
		query.page,
		(limit, offset) =>
			db()
				.select({ ...userColumns, roleLabel: role.label, teamName: team.name, lastActive })
				.from(user)
				.innerJoin(role, eq(user.roleId, role.id))
				.leftJoin(team, eq(user.teamId, team.id))
				.where(where)
				.orderBy(order(sortColumn), asc(user.id))
				.limit(limit)
				.offset(offset)
				.all(),
		() => db().select({ n: count() }).from(user).where(where).get()?.n ?? 0
	);
}

export function find(conn: Conn, id: number): UserRecord | undefined {
	return conn.select(userColumns).from(user).where(eq(user.id, id)).get();
}

/** One user for the admin; 404 when there is none. */
export function get(actor: Actor, id: number): UserRecord {
	authorize(actor.user, 'admin.users');
	return find(db(), id) ?? error(404, 'Not found');
}

function assertReferences(conn: Conn, fields: UserFields) {
	if (!conn.select({ id: role.id }).from(role).where(eq(role.id, fields.roleId)).get())
		throw new InvalidInput({ roleId: 'Choose one of the listed roles.' });
	if (
		fields.teamId !== null &&
		!conn.select({ id: team.id }).from(team).where(eq(team.id, fields.teamId)).get()
	)
		throw new InvalidInput({ teamId: 'Choose one of the listed teams.' });
}

function assertEmailFree(conn: Conn, email: string, exceptId?: number) {
	const taken = conn
		.select({ id: user.id })
		.from(user)
		.where(and(eq(user.email, email), exceptId ? ne(user.id, exceptId) : undefined))
		.get();
	if (taken) throw new InvalidInput({ email: 'Another user already has this email address.' });
}

function isAdminRole(conn: Conn, roleId: number): boolean {
	return conn.select({ name: role.name }).from(role).where(eq(role.id, roleId)).get()?.name === 'admin';
}

/**
 * The rule that keeps Uptake administrable: the last active admin can be neither deactivated nor
 * moved to another role. Audit rollback of a user checks it too.
 */
export function assertKeepsAnAdmin(
	conn: Conn,
	current: UserRecord,
	next: { active: boolean; roleId: number }
) {
	const wasAdmin = current.active && isAdminRole(conn, current.roleId);
	const staysAdmin = next.active && isAdminRole(conn, next.roleId);
	if (!wasAdmin || staysAdmin) return;
	const others =
		conn
			.select({ n: count() })
			.from(user)
			.innerJoin(role, eq(user.roleId, role.id))
			.where(and(eq(role.name, 'admin'), eq(user.active, true), ne(user.id, current.id)))
			.get()?.n ?? 0;
	if (others === 0)
		throw new Refused('This is the last active administrator: make someone else an administrator first.');
}

type UserChange = Partial<typeof user.$inferInsert>;

/**
 * Writes `changes` as the user's next version and returns the new record; ends their sessions
 * when they are deactivated or their password is replaced. Callers check the rules first.
 */
function writeUser(tx: Conn, before: UserRecord, changes: UserChange): UserRecord {
	const after = tx
		.update(user)
		.set({
			...changes,
			...(changes.name ? { nameKey: fold(changes.name) } : {}),
			version: before.version + 1,
			updatedAt: Date.now()
		})
		.where(eq(user.id, before.id))
		.returning(userColumns)
		.get();
	if (!after.active || changes.passwordHash) invalidateUserSessions(tx, after.id);
	return after;
}

/** writeUser, audited as the actor's update. */
function updateUser(
	tx: Conn,
	actor: Actor,
	before: UserRecord,
	changes: UserChange,
	summary: (after: UserRecord) => string
) {
	const after = writeUser(tx, before, changes);
	recordChange(tx, actor, {
		module: MODULE,
		action: 'update',
		entity: 'user',
		entityId: before.id,
		before,
		after,
		summary: summary(after)
	});
	return after;
}

export async function create(actor: Actor, input: unknown, password: string): Promise<UserRecord> {
	authorize(actor.user, 'admin.users');
	// The password is checked with the other fields, so that every message shows at once.
	const problem = passwordProblem(password, {
		email: String((input as Record<string, unknown>)?.email ?? '')
	});
	const fields = parse(userFields, input, problem ? { password: problem } : {});
	// Hash before the transaction: better-sqlite3 transactions are synchronous.
	const passwordHash = await hashPassword(password);
	return db().transaction((tx) => {
		assertReferences(tx, fields);
		assertEmailFree(tx, fields.email);
		const created = tx
			.insert(user)
			.values({ ...fields, nameKey: fold(fields.name), passwordHash })
			.returning(userColumns)
			.get();
		recordChange(tx, actor, {
			module: MODULE,
			action: 'create',
			entity: 'user',
			entityId: created.id,
			after: created,
			summary: `Created ${created.email}`
		});
		reconcileLearners(tx, actor, [created.id], 'a new user');
		return created;
	});
}

/** Saves an edit made on `baseVersion`; a stale version is refused with what changed, never overwritten. */
export function update(actor: Actor, id: number, input: unknown, baseVersion: unknown): UserRecord {
	authorize(actor.user, 'admin.users');
	const fields = parse(userFields, input);
	const expected = parse(versionSchema, baseVersion);
	return db().transaction((tx) => {
		const before = find(tx, id) ?? error(404, 'Not found');
		assertFresh(before, expected, fields, 'user');
		assertReferences(tx, fields);
		assertEmailFree(tx, fields.email, id);
		assertKeepsAnAdmin(tx, before, { active: before.active, roleId: fields.roleId });
		if (changesNothing(before, fields)) return before;
		const after = updateUser(tx, actor, before, fields, (after) => `Edited ${after.email}`);
		if (after.roleId !== before.roleId || after.teamId !== before.teamId)
			reconcileLearners(tx, actor, [id], 'a change of role or team');
		// "Core" means the core actions of the person's current role, in the past weeks too.
		if (after.roleId !== before.roleId) recomputeUserRollups(db().$client, [id]);
		return after;
	});
}

/** Deactivates (ending the user's sessions at once) or reactivates a user. */
export function setActive(actor: Actor, id: number, active: boolean): UserRecord {
	authorize(actor.user, 'admin.users');
	if (!active && id === actor.user.id) throw new Refused('You cannot deactivate yourself.');
	return db().transaction((tx) => {
		const before = find(tx, id) ?? error(404, 'Not found');
		if (before.active === active) return before;
		assertKeepsAnAdmin(tx, before, { active, roleId: before.roleId });
		const after = updateUser(
			tx,
			actor,
			before,
			{ active },
			(after) => `${active ? 'Reactivated' : 'Deactivated'} ${after.email}`
		);
		reconcileLearners(tx, actor, [id], active ? 'a reactivation' : 'a deactivation');
		return after;
	});
}

/** Sets a new password chosen by the admin and ends the user's sessions. */
export async function resetPassword(actor: Actor, id: number, password: string): Promise<void> {
	authorize(actor.user, 'admin.users');
	const target = get(actor, id);
	const problem = passwordProblem(password, { email: target.email });
	if (problem) throw new InvalidInput({ password: problem });
	const passwordHash = await hashPassword(password);
	db().transaction((tx) => {
		const before = find(tx, id) ?? error(404, 'Not found');
		updateUser(tx, actor, before, { passwordHash }, (after) => `Reset the password of ${after.email}`);
	});
}

/** Roles and teams for the user form's choices. */
export function formOptions(actor: Actor) {
	authorize(actor.user, 'admin.users');
	return {
		roles: db().select({ id: role.id, label: role.label }).from(role).orderBy(asc(role.label)).all(),
		teams: teamNames()
	};
}

/** How audit rollback restores a user: through the same last-admin rule, ending sessions on deactivation. */
export const restoreUser: Restorable<UserRecord> = {
	module: MODULE,
	fields: ['email', 'name', 'title', 'roleId', 'teamId', 'locale', 'active'],
	load: find,
	write(tx, current, values) {
		assertKeepsAnAdmin(tx, current, { ...current, ...values });
		return writeUser(tx, current, values);
	},
	afterRestore(tx, actor, restored) {
		reconcileLearners(tx, actor, [restored.id], 'a rollback');
		recomputeUserRollups(db().$client, [restored.id]);
	},
	insert() {
		// Users are deactivated, never deleted, so there is no deletion to undo.
		throw new Refused('Users are never deleted; reactivate the user instead.');
	}
};
