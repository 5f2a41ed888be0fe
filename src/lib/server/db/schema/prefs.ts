import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { user } from './auth';
import { nowMs } from './columns';

/**
 * A user's own choices for a list (today: the columns they hid), one row per user and list. Not a
 * domain record: it is never audited, and only its user reads or writes it (lists/prefs.ts).
 */
export const userListPrefs = sqliteTable(
	'user_list_prefs',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** The list's name, e.g. `crm.contacts`. */
		list: text('list').notNull(),
		/** Column keys hidden by the user; columns added later show until hidden. */
		hidden: text('hidden', { mode: 'json' }).$type<string[]>().notNull(),
		updatedAt: integer('updated_at').notNull().default(nowMs)
	},
	(t) => [primaryKey({ columns: [t.userId, t.list] })]
);
