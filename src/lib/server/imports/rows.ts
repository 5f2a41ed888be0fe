import { asc } from 'drizzle-orm';
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

const { pipelineStage } = schema;
export type Values = Record<string, string | number | null>;
/** A row's values and duplicate keys, or its error and the import fields (keys) the error is about. */
export type ParsedRow = { values: Values; keys: string[] } | { error: string; fields: string[] };
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

type Issue = { path: PropertyKey[]; message: string };

/** The import fields a form schema's issue is about (the schemas name some values differently). */
const ISSUE_FIELDS: Record<string, string[]> = { lastName: ['lastName', 'fullName'], stageId: ['stage'] };

function failed(issues: Issue[], fields: ImportField[]): { error: string; fields: string[] } {
	const keys = issues.flatMap((i) => ISSUE_FIELDS[String(i.path[0])] ?? [String(i.path[0] ?? '')]);
	return { error: describeIssues(issues, fields), fields: [...new Set(keys)] };
}

function describeIssues(issues: Issue[], fields: ImportField[]): string {
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

/**
 * The records of `table` whose `column` is one of `keys`: the keys go as one JSON array (a file can
 * name 100,000 of them) and each is looked up in the column's index.
 */
function withKeys<T>(table: ImportEntity, column: string, select: string, keys: string[]): T[] {
	return db()
		.$client.prepare(`SELECT ${select} FROM json_each(?) AS k JOIN ${table} AS t ON t.${column} = k.value`)
		.all(JSON.stringify(keys)) as T[];
}

/**
 * What validating a row reads from the CRM besides the row: for deals, the pipeline's stages (a row
 * names its stage) and the contacts the file's rows name by email; contacts and companies read
 * nothing here. (The owners and custom fields are read with it, in batches.ts.)
 */
export interface RowContext {
	stages: (typeof pipelineStage.$inferSelect)[];
	/** Email → contact id, in email order. */
	contactByEmail: [string, number][];
}

export function rowContext(entity: ImportEntity, contactEmails: string[]): RowContext {
	if (entity !== 'deal') return { stages: [], contactByEmail: [] };
	const emails = [...new Set(contactEmails)];
	return {
		stages: db().select().from(pipelineStage).orderBy(asc(pipelineStage.position)).all(),
		contactByEmail: withKeys<{ id: number; email: string }>('contact', 'email', 't.id, t.email', emails)
			.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : a.id - b.id))
			.map((c) => [c.email, c.id])
	};
}

/**
 * The row parser of an entity, in the context read for its file. Deals look their stage up by name
 * (the first stage when empty) and their contact by email.
 */
export function rowParser(
	entity: ImportEntity,
	fields: ImportField[],
	context: RowContext
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
			if (!parsed.success) return failed(parsed.error.issues, fields);
			const c = parsed.data;
			return {
				values: {
					firstName: c.firstName,
					lastName: c.lastName,
					nameKey: contactNameKey(c),
					email: c.email,
					phone: c.phone,
					title: c.title,
					companyName: c.companyName,
					city: c.city,
					country: c.country
				},
				keys: c.email ? [c.email] : []
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
			if (!parsed.success) return failed(parsed.error.issues, fields);
			const { ownerId: _owner, ...values } = parsed.data;
			void _owner;
			return {
				values: { ...values, nameKey: fold(values.name) },
				keys: [...(values.domain ? [`d:${values.domain}`] : []), `n:${fold(values.name)}`]
			};
		};
	const { stages } = context;
	const stageByName = new Map(stages.map((s) => [fold(s.name), s]));
	// The first contact with an email wins, as the lookup always chose.
	const contactByEmail = new Map<string, number>();
	for (const [email, id] of context.contactByEmail)
		if (!contactByEmail.has(email)) contactByEmail.set(email, id);
	return (cell) => {
		const stageName = cell('stage');
		const stage = stageName ? stageByName.get(fold(stageName)) : stages[0];
		if (!stage)
			return {
				error: stages.length
					? `Stage: there is no stage called “${stageName}” (the stages are ${stages.map((s) => s.name).join(', ')}).`
					: 'Stage: the pipeline has no stages yet; an admin adds them first.',
				fields: ['stage']
			};
		const written = cell('contactEmail');
		const email = written.toLowerCase();
		const contactId = email ? contactByEmail.get(email) : null;
		if (contactId === undefined)
			return { error: `Contact email: no contact has the email “${written}”.`, fields: ['contactEmail'] };
		const parsed = dealFields.safeParse({
			name: cell('name'),
			companyName: cell('companyName'),
			amount: cell('amount'),
			currency: cell('currency').toUpperCase() || undefined,
			stageId: stage.id,
			closeDate: cell('closeDate'),
			probability: cell('probability').replace(/\s*%$/, '')
		});
		if (!parsed.success) return failed(parsed.error.issues, fields);
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
	type Found = { id: number; version: number; key: string };
	if (entity === 'contact') add(withKeys<Found>('contact', 'email', 't.id, t.version, t.email AS key', keys));
	else if (entity === 'company') {
		const bare = [...new Set(keys.map((k) => k.slice(2)))];
		add(withKeys<Found>('company', 'domain', 't.id, t.version, t.domain AS key', bare), 'd:');
		add(withKeys<Found>('company', 'name_key', 't.id, t.version, t.name_key AS key', bare), 'n:');
	} else {
		const names = [...new Set(keys.map((k) => k.slice(0, k.indexOf('|'))))];
		add(
			withKeys<Found>(
				'deal',
				'name_key',
				`t.id, t.version, t.name_key || '|' || coalesce((SELECT name_key FROM company WHERE id = t.company_id), '') AS key`,
				names
			)
		);
	}
	return found;
}
