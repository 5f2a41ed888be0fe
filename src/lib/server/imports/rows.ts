import { asc, inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { companyFields, contactFields, dealFields } from '$lib/schemas/crm';
import { fold } from '$lib/text';
import { contactNameKey } from '../crm/contacts';
import { db, schema } from '../db';
import type { ImportEntity, ImportField } from './fields';

/**
 * One row of an import file → the values to write and the keys that find its duplicates, with the
 * same rules as the record forms (the forms' zod schemas). Per entity: contacts match by email,
 * companies by web domain or name, deals by name and company.
 */

const { contact, company, deal, pipelineStage } = schema;
export type Values = Record<string, string | number | null>;
export type ParsedRow = { values: Values; keys: string[] } | { error: string };
/** A row's trimmed cell for an import field key ('' when the field is not mapped). */
export type Cell = (key: string) => string;

/** The table columns an import writes, per entity (snake case, as in the database). */
export const COLUMNS: Record<ImportEntity, string[]> = {
	contact: [
		'first_name',
		'last_name',
		'name_key',
		'email',
		'phone',
		'title',
		'company_id',
		'city',
		'country',
		'owner_id',
		'team_id',
		'custom'
	],
	company: [
		'name',
		'name_key',
		'domain',
		'industry',
		'phone',
		'city',
		'country',
		'owner_id',
		'team_id',
		'custom'
	],
	deal: [
		'name',
		'name_key',
		'company_id',
		'contact_id',
		'amount_minor',
		'currency',
		'stage_id',
		'close_date',
		'probability',
		'owner_id',
		'team_id',
		'custom'
	]
};
/** Columns that stay NULL, not '', when a row has nothing for them. */
export const NULLABLE = new Set(['companyId', 'contactId', 'teamId', 'closeDate']);

function describeIssues(issues: { path: PropertyKey[]; message: string }[], fields: ImportField[]): string {
	return issues
		.map((i) => {
			const key = String(i.path[0] ?? '');
			const label =
				fields.find((f) => f.key === key)?.label ??
				{ lastName: 'Last name', stageId: 'Stage', amount: 'Amount' }[key] ??
				key;
			return `${label}: ${i.message}`;
		})
		.join(' ');
}

/** `column` is one of `keys`, passed as one JSON array (a file can name 100,000 of them). */
const inKeys = (column: SQLiteColumn, keys: string[]) =>
	inArray(column, sql`(SELECT value FROM json_each(${JSON.stringify(keys)}))`);

/**
 * The row parser of an entity. Deals look their stage up by name (the first stage when empty) and
 * their contact by email, so their parser first reads the stages and the emails the file names.
 */
export function rowParser(
	entity: ImportEntity,
	fields: ImportField[],
	contactEmails: () => string[]
): (cell: Cell) => ParsedRow {
	if (entity === 'contact')
		return (cell) => {
			const parsed = contactFields.safeParse({
				firstName: cell('firstName'),
				lastName: cell('lastName') || cell('fullName'),
				email: cell('email'),
				phone: cell('phone'),
				title: cell('title'),
				companyName: cell('companyName'),
				city: cell('city'),
				country: cell('country')
			});
			if (!parsed.success) return { error: describeIssues(parsed.error.issues, fields) };
			const { ownerId: _owner, companyId: _company, ...values } = parsed.data;
			void _owner;
			void _company;
			return {
				values: { ...values, nameKey: contactNameKey(values) },
				keys: values.email ? [values.email] : []
			};
		};
	if (entity === 'company')
		return (cell) => {
			const parsed = companyFields.safeParse({
				name: cell('name'),
				domain: cell('domain'),
				industry: cell('industry'),
				phone: cell('phone'),
				city: cell('city'),
				country: cell('country')
			});
			if (!parsed.success) return { error: describeIssues(parsed.error.issues, fields) };
			const { ownerId: _owner, ...values } = parsed.data;
			void _owner;
			return {
				values: { ...values, nameKey: fold(values.name) },
				keys: [...(values.domain ? [`d:${values.domain}`] : []), `n:${fold(values.name)}`]
			};
		};
	const stages = db().select().from(pipelineStage).orderBy(asc(pipelineStage.position)).all();
	const stageByName = new Map(stages.map((s) => [fold(s.name), s]));
	const emails = [...new Set(contactEmails())];
	const contactByEmail = new Map(
		emails.length
			? db()
					.select({ id: contact.id, email: contact.email })
					.from(contact)
					.where(inKeys(contact.email, emails))
					.all()
					.map((c) => [c.email, c.id])
			: []
	);
	return (cell) => {
		const stageName = cell('stage');
		const stage = stageName ? stageByName.get(fold(stageName)) : stages[0];
		if (!stage)
			return {
				error: stages.length
					? `Stage: there is no stage called “${stageName}” (the stages are ${stages.map((s) => s.name).join(', ')}).`
					: 'Stage: the pipeline has no stages yet; an admin adds them first.'
			};
		const email = cell('contactEmail').toLowerCase();
		const contactId = email ? contactByEmail.get(email) : null;
		if (contactId === undefined) return { error: `Contact email: no contact has the email “${email}”.` };
		const parsed = dealFields.safeParse({
			name: cell('name'),
			companyName: cell('companyName'),
			amount: cell('amount'),
			currency: cell('currency').toUpperCase() || undefined,
			stageId: stage.id,
			closeDate: cell('closeDate'),
			probability: cell('probability').replace(/\s*%$/, '')
		});
		if (!parsed.success) return { error: describeIssues(parsed.error.issues, fields) };
		const { name, companyName, amount, currency, closeDate, probability } = parsed.data;
		return {
			values: {
				name,
				nameKey: fold(name),
				companyName,
				contactId,
				amountMinor: amount,
				currency,
				stageId: stage.id,
				closeDate: closeDate || null,
				probability: probability ?? stage.probability
			},
			keys: [`${fold(name)}|${fold(companyName)}`]
		};
	};
}

/** What a duplicate is called in a row's message: "Same email as row 4." */
export const DUPLICATE_NOUN: Record<ImportEntity, string> = {
	contact: 'email',
	company: 'company',
	deal: 'deal name and company'
};

/**
 * Existing records keyed for duplicate detection: contacts by email, companies by domain (`d:`) and
 * by folded name (`n:`), deals by folded name and company name. One query per key kind.
 */
export function existingKeys(
	entity: ImportEntity,
	keys: string[]
): Map<string, { id: number; version: number }> {
	const found = new Map<string, { id: number; version: number }>();
	const add = (rows: { id: number; version: number; key: string }[], prefix = '') => {
		for (const r of rows) if (!found.has(prefix + r.key)) found.set(prefix + r.key, r);
	};
	if (keys.length === 0) return found;
	if (entity === 'contact')
		add(
			db()
				.select({ id: contact.id, version: contact.version, key: contact.email })
				.from(contact)
				.where(inKeys(contact.email, keys))
				.all()
		);
	else if (entity === 'company') {
		const bare = [...new Set(keys.map((k) => k.slice(2)))];
		for (const [prefix, column] of [
			['d:', company.domain],
			['n:', company.nameKey]
		] as const)
			add(
				db()
					.select({ id: company.id, version: company.version, key: column })
					.from(company)
					.where(inKeys(column, bare))
					.all(),
				prefix
			);
	} else {
		const names = [...new Set(keys.map((k) => k.slice(0, k.indexOf('|'))))];
		add(
			db()
				.select({
					id: deal.id,
					version: deal.version,
					key: sql<string>`${deal.nameKey} || '|' || coalesce(${company.nameKey}, '')`
				})
				.from(deal)
				.leftJoin(company, sql`${company.id} = ${deal.companyId}`)
				.where(inKeys(deal.nameKey, names))
				.all()
		);
	}
	return found;
}
