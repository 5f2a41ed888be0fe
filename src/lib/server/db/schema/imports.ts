import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { user } from './auth';
import { nowMs } from './columns';

/**
 * One upload of legacy data: the file waits here between upload, mapping and preview; after
 * commit the batch lists what it changed (import_change) so that it can be undone.
 */
export const importBatch = sqliteTable(
	'import_batch',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		entity: text('entity', { enum: ['contact', 'company', 'deal'] }).notNull(),
		fileName: text('file_name').notNull(),
		/** What the file turned out to be: `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `XLSX`, … */
		encoding: text('encoding').notNull(),
		status: text('status', { enum: ['uploaded', 'committed', 'undone'] })
			.notNull()
			.default('uploaded'),
		headers: text('headers', { mode: 'json' }).$type<string[]>().notNull(),
		/** The file as uploaded, kept until the batch is committed (parsed again when needed). */
		file: blob('file', { mode: 'buffer' }),
		rowCount: integer('row_count').notNull(),
		/** Field key → column index. */
		mapping: text('mapping', { mode: 'json' }).$type<Record<string, number>>(),
		duplicates: text('duplicates', { enum: ['skip', 'update', 'create'] }),
		created: integer('created').notNull().default(0),
		updated: integer('updated').notNull().default(0),
		skipped: integer('skipped').notNull().default(0),
		createdAt: integer('created_at').notNull().default(nowMs),
		committedAt: integer('committed_at'),
		undoneAt: integer('undone_at')
	},
	(t) => [index('import_batch_user_idx').on(t.userId, t.id)]
);

/** One record a committed batch created or updated, with what to restore on undo. */
export const importChange = sqliteTable(
	'import_change',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		batchId: integer('batch_id')
			.notNull()
			.references(() => importBatch.id),
		/** `contact`, `company` or `deal` (contact and deal imports create the companies rows name). */
		entity: text('entity', { enum: ['contact', 'company', 'deal'] }).notNull(),
		entityId: integer('entity_id').notNull(),
		action: text('action', { enum: ['create', 'update'] }).notNull(),
		/** For an update: the record before the import. */
		before: text('before', { mode: 'json' }).$type<Record<string, unknown> | null>(),
		/** The record's version right after the import: undo refuses if it has moved on. */
		version: integer('version').notNull()
	},
	(t) => [index('import_change_batch_idx').on(t.batchId)]
);
