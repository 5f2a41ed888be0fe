import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { user } from './auth';
import { customValuesColumn, nowMs, ownedRecordColumns } from './columns';

export const company = sqliteTable(
	'company',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		/** Folded name for search and sort ($lib/text.ts fold). */
		nameKey: text('name_key').notNull(),
		/** Web domain, lower case, without scheme or www: the duplicate key besides the name. */
		domain: text('domain').notNull().default(''),
		industry: text('industry').notNull().default(''),
		phone: text('phone').notNull().default(''),
		city: text('city').notNull().default(''),
		country: text('country').notNull().default(''),
		custom: customValuesColumn(),
		...ownedRecordColumns()
	},
	(t) => [
		index('company_name_key_idx').on(t.nameKey),
		// A search-box list sorts all its matches by name: this gives each match's key without reading its row.
		index('company_id_name_key_idx').on(t.id, t.nameKey),
		index('company_domain_idx').on(t.domain),
		index('company_owner_idx').on(t.ownerId, t.nameKey),
		index('company_team_idx').on(t.teamId, t.nameKey),
		index('company_updated_idx').on(t.updatedAt)
	]
);

export const contact = sqliteTable(
	'contact',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		firstName: text('first_name').notNull().default(''),
		lastName: text('last_name').notNull(),
		/** Folded "last first" for sort and search. */
		nameKey: text('name_key').notNull(),
		/** Lower case; the duplicate key of an import. Not unique: legacy data has shared addresses. */
		email: text('email').notNull().default(''),
		phone: text('phone').notNull().default(''),
		title: text('title').notNull().default(''),
		companyId: integer('company_id').references(() => company.id),
		city: text('city').notNull().default(''),
		country: text('country').notNull().default(''),
		custom: customValuesColumn(),
		...ownedRecordColumns()
	},
	(t) => [
		index('contact_name_key_idx').on(t.nameKey),
		// A search-box list sorts all its matches by name: this gives each match's key without reading its row.
		index('contact_id_name_key_idx').on(t.id, t.nameKey),
		index('contact_email_idx').on(t.email),
		index('contact_company_idx').on(t.companyId),
		index('contact_owner_idx').on(t.ownerId, t.nameKey),
		index('contact_team_idx').on(t.teamId, t.nameKey),
		index('contact_updated_idx').on(t.updatedAt)
	]
);

export const pipelineStage = sqliteTable('pipeline_stage', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	position: integer('position').notNull(),
	/** Default probability (%) of deals entering the stage. */
	probability: integer('probability').notNull(),
	kind: text('kind', { enum: ['open', 'won', 'lost'] })
		.notNull()
		.default('open'),
	createdAt: integer('created_at').notNull().default(nowMs),
	updatedAt: integer('updated_at').notNull().default(nowMs),
	version: integer('version').notNull().default(1)
});

export const deal = sqliteTable(
	'deal',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		nameKey: text('name_key').notNull(),
		companyId: integer('company_id').references(() => company.id),
		contactId: integer('contact_id').references(() => contact.id),
		/** In minor units (cents) of `currency`, so that sums are exact. */
		amountMinor: integer('amount_minor').notNull().default(0),
		currency: text('currency').notNull().default('EUR'),
		stageId: integer('stage_id')
			.notNull()
			.references(() => pipelineStage.id),
		/** Expected close date, YYYY-MM-DD. */
		closeDate: text('close_date'),
		probability: integer('probability').notNull().default(0),
		custom: customValuesColumn(),
		...ownedRecordColumns()
	},
	(t) => [
		index('deal_stage_idx').on(t.stageId),
		index('deal_company_idx').on(t.companyId),
		index('deal_contact_idx').on(t.contactId),
		index('deal_owner_idx').on(t.ownerId),
		index('deal_team_idx').on(t.teamId),
		index('deal_close_idx').on(t.closeDate)
	]
);

export const activity = sqliteTable(
	'activity',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		type: text('type', { enum: ['call', 'email', 'meeting', 'note', 'task'] }).notNull(),
		subject: text('subject').notNull(),
		notes: text('notes').notNull().default(''),
		/** Epoch ms: when a task or meeting is due; null for a note. */
		dueAt: integer('due_at'),
		doneAt: integer('done_at'),
		contactId: integer('contact_id').references(() => contact.id),
		companyId: integer('company_id').references(() => company.id),
		dealId: integer('deal_id').references(() => deal.id),
		...ownedRecordColumns()
	},
	(t) => [
		index('activity_contact_idx').on(t.contactId, t.createdAt),
		index('activity_company_idx').on(t.companyId, t.createdAt),
		index('activity_deal_idx').on(t.dealId, t.createdAt),
		index('activity_owner_due_idx').on(t.ownerId, t.doneAt, t.dueAt)
	]
);

/** A support case (`case` is an SQL keyword, hence the table name). */
export const supportCase = sqliteTable(
	'support_case',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		subject: text('subject').notNull(),
		description: text('description').notNull().default(''),
		status: text('status', { enum: ['new', 'open', 'pending', 'resolved', 'closed'] })
			.notNull()
			.default('new'),
		priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] })
			.notNull()
			.default('normal'),
		contactId: integer('contact_id').references(() => contact.id),
		companyId: integer('company_id').references(() => company.id),
		resolvedAt: integer('resolved_at'),
		...ownedRecordColumns()
	},
	(t) => [
		index('case_status_idx').on(t.status, t.priority),
		index('case_contact_idx').on(t.contactId),
		index('case_company_idx').on(t.companyId),
		index('case_owner_idx').on(t.ownerId),
		index('case_team_idx').on(t.teamId)
	]
);

export const campaign = sqliteTable(
	'campaign',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		channel: text('channel', {
			enum: ['email', 'event', 'webinar', 'social', 'ads', 'direct_mail', 'phone']
		}).notNull(),
		status: text('status', { enum: ['planned', 'active', 'completed', 'cancelled'] })
			.notNull()
			.default('planned'),
		startDate: text('start_date'),
		endDate: text('end_date'),
		budgetMinor: integer('budget_minor').notNull().default(0),
		currency: text('currency').notNull().default('EUR'),
		...ownedRecordColumns()
	},
	(t) => [index('campaign_owner_idx').on(t.ownerId), index('campaign_team_idx').on(t.teamId)]
);

export const campaignMember = sqliteTable(
	'campaign_member',
	{
		campaignId: integer('campaign_id')
			.notNull()
			.references(() => campaign.id, { onDelete: 'cascade' }),
		contactId: integer('contact_id')
			.notNull()
			.references(() => contact.id, { onDelete: 'cascade' }),
		status: text('status', { enum: ['invited', 'responded', 'attended', 'converted'] })
			.notNull()
			.default('invited'),
		addedAt: integer('added_at').notNull().default(nowMs)
	},
	(t) => [
		primaryKey({ columns: [t.campaignId, t.contactId] }),
		index('campaign_member_contact_idx').on(t.contactId)
	]
);

/** Fields the admin adds to contacts, companies and deals without code. */
export const customField = sqliteTable(
	'custom_field',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		entity: text('entity', { enum: ['contact', 'company', 'deal'] }).notNull(),
		/** Key in the records' `custom` JSON; lower snake case, fixed once created. */
		key: text('key').notNull(),
		label: text('label').notNull(),
		type: text('type', { enum: ['text', 'number', 'date', 'select', 'checkbox'] }).notNull(),
		options: text('options', { mode: 'json' }).$type<string[]>().notNull().default([]),
		required: integer('required', { mode: 'boolean' }).notNull().default(false),
		position: integer('position').notNull().default(0),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull().default(nowMs),
		updatedAt: integer('updated_at').notNull().default(nowMs),
		version: integer('version').notNull().default(1)
	},
	(t) => [uniqueIndex('custom_field_key_unique').on(t.entity, t.key)]
);
