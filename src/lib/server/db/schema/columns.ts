import { sql } from 'drizzle-orm';
import { integer, text } from 'drizzle-orm/sqlite-core';
import type { CustomValues } from '../../../custom-fields';
import { team, user } from './auth';

/** Epoch milliseconds, set by SQLite so that every writer agrees on the clock. */
export const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** Columns every CRM record has: owner and team (the record scope), timestamps and the optimistic-lock version. */
export function ownedRecordColumns() {
	return {
		ownerId: integer('owner_id')
			.notNull()
			.references(() => user.id),
		teamId: integer('team_id').references(() => team.id),
		createdAt: integer('created_at').notNull().default(nowMs),
		updatedAt: integer('updated_at').notNull().default(nowMs),
		version: integer('version').notNull().default(1)
	};
}

/** Values of the admin's custom fields, validated against their definitions (crm/custom-fields.ts). */
export function customValuesColumn() {
	return text('custom', { mode: 'json' })
		.$type<CustomValues>()
		.notNull()
		.default(sql`'{}'`);
}
