import type { Actor } from '../auth/actor';
import type { Conn } from '../db';

/**
 * What audit rollback needs to know of an entity: how to load it, write restored values as a new
 * version (keeping the entity's own rules), and re-create it after a deletion. Each domain module
 * exports one for each of its entities; audit/rollback.ts lists them.
 */
export interface Restorable<R extends { id: number; version: number } = { id: number; version: number }> {
	module: string;
	/** Fields a rollback may restore; anything else in the log (timestamps, version) is bookkeeping. */
	fields: readonly (keyof R & string)[];
	load(conn: Conn, id: number): R | undefined;
	/** Writes `values` over `current` as its next version, keeping the entity's rules; returns the new record. */
	write(tx: Conn, current: R, values: Partial<R>): R;
	/**
	 * Whether the record is as the entry left it (`after`), so that undoing the entry loses nothing;
	 * by default, when it still has the version the entry wrote.
	 */
	unchangedSince?(current: R, after: Record<string, unknown>): boolean;
	/** Re-creates a deleted record from its last logged values. */
	insert(tx: Conn, values: R): R;
	/**
	 * What follows from the restored record in the same transaction (a course's or a person's
	 * training assignments reconciled), after `write` or `insert`.
	 */
	afterRestore?(tx: Conn, actor: Actor, record: R): void;
}
