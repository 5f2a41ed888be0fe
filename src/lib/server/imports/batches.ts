import { error } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { and, desc, eq, getTableColumns, max, sql } from 'drizzle-orm';
import { inputName, parseCustomValues } from '$lib/custom-fields';
import { fold } from '$lib/text';
import { authorize } from '../access/policy';
import { recordBulkChange, recordBulkUpdate, recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { fieldsOf } from '../crm/custom-fields';
import { reversePointsOf } from '../engagement/points';
import { db, refreshStatistics, schema, withSearchDeferred, type Conn } from '../db';
import { insertRows, withBulkForeignKeyChecks } from '../db/bulk';
import { importFinished } from '../notifications/events';
import { drainBacklog, queueForIndex } from '../crm/search-index';
import { InvalidInput, Refused } from '../validation';
import { IMPORT_FIELDS, guessMapping, type ImportEntity, type ImportField } from './fields';
import { COLUMNS, DUPLICATE_NOUN, NULLABLE, existingKeys, rowContext, rowParser, type Values } from './rows';
import { IMPORT_LIMITS, parseKeptCsv, parseUpload } from './files';
import { ownerMatcher, ownersInScope } from './owners';
import { previewRows, type PreviewQuery } from './preview';

/**
 * Importing legacy contacts, companies and deals: upload → map columns → preview with per-row errors
 * and duplicates → commit in one transaction → undo. Needs the `crm.import` permission. How one row
 * becomes values is in rows.ts.
 */

const { importBatch, importChange, contact, company, deal, user } = schema;
export type DuplicateMode = 'skip' | 'update' | 'create';
const TABLES = { contact, company, deal } as const;
const ENTITIES = Object.keys(TABLES) as ImportEntity[];

/** The fields an import of `entity` can fill: its own, then the admin's custom fields (`cf_<key>`). */
export function importFields(entity: ImportEntity): ImportField[] {
	return [
		...IMPORT_FIELDS[entity],
		...fieldsOf(entity).map((def) => ({
			key: inputName(def.key),
			label: def.label,
			required: def.required,
			aliases: [def.key]
		}))
	];
}

export interface RowProblem {
	row: number;
	message: string;
}

/** Per import field key: how many rows failed on it, and what the first of them was told. */
export type FieldFailures = Record<string, { rows: number; example: string }>;

export interface Plan {
	/** Rows to insert, with their values ready for the table (`match`: the record a duplicate created anyway matched). */
	creates: { row: number; values: Values; match?: number }[];
	/** Rows that update an existing record. */
	updates: { row: number; id: number; values: Values }[];
	/** Duplicates left out, with the record each matched. */
	skips: { row: number; id: number }[];
	skipped: number;
	/** Duplicates found (whatever is done with them). */
	duplicates: number;
	/** Companies a contact import will create because rows name them and they do not exist. */
	newCompanies: string[];
	problems: RowProblem[];
	failures: FieldFailures;
}

export async function upload(actor: Actor, entity: unknown, file: File | null) {
	authorize(actor.user, 'crm.import');
	if (!ENTITIES.includes(entity as ImportEntity))
		throw new InvalidInput({ entity: 'Choose contacts, companies or deals.' });
	if (!file || typeof file === 'string' || file.size === 0)
		throw new InvalidInput({ file: file?.size === 0 ? 'The file is empty.' : 'Choose a file.' });
	const parsed = await parseUpload(file.name, new Uint8Array(await file.arrayBuffer()));
	const batch = db()
		.insert(importBatch)
		.values({
			userId: actor.user.id,
			entity: entity as ImportEntity,
			fileName: file.name.slice(0, 200),
			encoding: parsed.encoding,
			headers: parsed.headers,
			file: Buffer.from(parsed.csv.buffer, parsed.csv.byteOffset, parsed.csv.byteLength),
			rowCount: parsed.rows.length,
			mapping: guessMapping(entity as ImportEntity, parsed.headers, importFields(entity as ImportEntity)),
			duplicates: 'skip'
		})
		.returning({ id: importBatch.id })
		.get();
	keep(batch.id, parsed.rows);
	return batch;
}

/**
 * Between an import's requests (upload → mapping → preview → commit) the server keeps a batch's parsed
 * rows and its preview's validation, so that no step redoes the one before: for the last two batches
 * worked on, at most as many rows in all as one file may have, each for 20 minutes after it was last
 * kept. A batch not kept (a restart, an abandoned import) is parsed again from the file the database
 * keeps, and validated again, with the same result.
 */
const KEEP = { batches: 2, rows: IMPORT_LIMITS.rows, ms: 20 * 60_000 };
interface Kept {
	rows: string[][];
	validated?: Validated;
	expiry: ReturnType<typeof setTimeout>;
}
const kept = new Map<number, Kept>();

function keep(id: number, rows: string[][]) {
	forget(id);
	if (rows.length > KEEP.rows) return;
	kept.set(id, { rows, expiry: setTimeout(() => forget(id), KEEP.ms).unref() });
	let total = 0;
	for (const entry of kept.values()) total += entry.rows.length;
	for (const [old, entry] of kept) {
		if (kept.size <= KEEP.batches && total <= KEEP.rows) break;
		total -= entry.rows.length;
		forget(old);
	}
}

function forget(id: number) {
	const entry = kept.get(id);
	if (!entry) return;
	clearTimeout(entry.expiry);
	kept.delete(id);
}

/** A batch's rows as uploaded (null once committed). */
function rowsOf(id: number): string[][] | null {
	const entry = kept.get(id);
	if (entry) return entry.rows;
	const file = db()
		.select({ file: importBatch.file })
		.from(importBatch)
		.where(eq(importBatch.id, id))
		.get()?.file;
	if (!file) return null;
	const rows = parseKeptCsv(file);
	keep(id, rows);
	return rows;
}

const { file: _file, ...withoutFile } = getTableColumns(importBatch);
void _file;

/** The batch without its file (which can be 50 MB). */
function get(actor: Actor, id: number): Header {
	authorize(actor.user, 'crm.import');
	const batch = db().select(withoutFile).from(importBatch).where(eq(importBatch.id, id)).get();
	if (!batch) error(404, 'Not found');
	return batch;
}

/** The batch without its file, plus the first few rows for the mapping page. */
export function summary(actor: Actor, id: number) {
	const batch = get(actor, id);
	const sample = rowsOf(id)?.slice(0, 5) ?? [];
	return { ...batch, sample, fields: importFields(batch.entity) };
}

export function recent(actor: Actor, limit = 20) {
	authorize(actor.user, 'crm.import');
	return db()
		.select({
			id: importBatch.id,
			entity: importBatch.entity,
			fileName: importBatch.fileName,
			status: importBatch.status,
			rowCount: importBatch.rowCount,
			created: importBatch.created,
			updated: importBatch.updated,
			skipped: importBatch.skipped,
			createdAt: importBatch.createdAt,
			userName: user.name
		})
		.from(importBatch)
		.innerJoin(user, eq(importBatch.userId, user.id))
		.orderBy(desc(importBatch.id))
		.limit(limit)
		.all();
}

/** Saves the column mapping and what to do with duplicates, from the mapping form. */
export function configure(actor: Actor, id: number, input: Record<string, unknown>) {
	const batch = get(actor, id);
	if (batch.status !== 'uploaded') throw new Refused('This import has been committed already.');
	const mapping: Record<string, number> = {};
	const used = new Map<number, string>();
	const errors: Record<string, string> = {};
	const fields = importFields(batch.entity);
	for (const field of fields) {
		const raw = input[`map_${field.key}`];
		if (raw === undefined || raw === '') {
			if (field.required && field.key.startsWith('cf_'))
				errors[`map_${field.key}`] = `${field.label} is required: map the column that holds it.`;
			continue;
		}
		const column = Number(raw);
		if (!Number.isInteger(column) || column < 0 || column >= batch.headers.length) {
			errors[`map_${field.key}`] = 'Choose one of the file’s columns.';
			continue;
		}
		if (used.has(column))
			errors[`map_${field.key}`] = `“${batch.headers[column]}” is mapped to ${used.get(column)} already.`;
		used.set(column, field.label);
		mapping[field.key] = column;
	}
	const nameField = batch.entity === 'contact' ? (mapping.lastName ?? mapping.fullName) : mapping.name;
	if (nameField === undefined)
		errors[batch.entity === 'contact' ? 'map_lastName' : 'map_name'] = {
			contact: 'Map a last-name or a full-name column.',
			company: 'Map the column with the company’s name.',
			deal: 'Map the column with the deal’s name.'
		}[batch.entity];
	const duplicates = input.duplicates;
	if (duplicates !== 'skip' && duplicates !== 'update' && duplicates !== 'create')
		errors.duplicates = 'Choose what to do with duplicates.';
	if (Object.keys(errors).length) throw new InvalidInput(errors);
	db()
		.update(importBatch)
		.set({ mapping, duplicates: duplicates as DuplicateMode })
		.where(eq(importBatch.id, id))
		.run();
	const entry = kept.get(id);
	if (entry) entry.validated = undefined; // validated with the old mapping
}

/** A row that passed validation: its values and the keys that find its duplicates. */
interface Candidate {
	row: number;
	values: Values;
	keys: string[];
}

/**
 * A file's rows validated in a context: the candidates, the rows' problems and the company names
 * they mention. Depends only on the rows (fixed at upload) and on what `fingerprint` covers, so a
 * commit reuses its preview's validation when the fingerprint is still the same.
 */
interface Validated {
	fingerprint: string;
	candidates: Candidate[];
	problems: RowProblem[];
	companyNames: Set<string>;
	/** Every candidate's duplicate keys (each once: a key twice in the file is a problem). */
	keys: string[];
	/** The contact emails a deal file names (its context's look-ups). */
	contactEmails: string[];
	failures: FieldFailures;
	/** What the preview shows values with: the owners in scope, the stages, the custom fields. */
	context: Pick<ReturnType<typeof validationContext>, 'owners' | 'defs' | 'rowsContext'>;
}

type Header = Omit<typeof importBatch.$inferSelect, 'file'>;

/**
 * Everything validation reads besides the rows: who imports (the default owner, and whose scope the
 * owners are matched in), the mapping, the people in that scope (owners by email or name), the
 * entity's custom fields and, for deals, stages and contacts.
 */
function validationContext(actor: Actor, batch: Header, contactEmails: string[]) {
	const owners = ownersInScope(actor);
	const defs = fieldsOf(batch.entity);
	const rowsContext = rowContext(batch.entity, contactEmails);
	const who = [actor.user.id, actor.user.teamId, actor.user.scope];
	const fingerprint = createHash('sha256')
		.update(JSON.stringify([who, batch.mapping, owners, defs, rowsContext]))
		.digest('base64');
	return { owners, defs, rowsContext, fingerprint };
}

const NO_CUSTOM_VALUES = Object.freeze({ values: Object.freeze({}), errors: Object.freeze({}) });
const NO_CUSTOM_JSON = JSON.stringify(NO_CUSTOM_VALUES.values);

/** Validates every row with the same rules as the forms and finds duplicates within the file. */
function validate(actor: Actor, batch: Header): Validated {
	const rows = rowsOf(batch.id);
	if (!rows || !batch.mapping) throw new Refused('This import has no rows left to look at.');
	const mapping = batch.mapping;
	const cell = (row: string[], key: string) =>
		mapping[key] === undefined ? '' : (row[mapping[key]] ?? '').trim();
	const contactEmails =
		batch.entity === 'deal' ? rows.map((raw) => cell(raw, 'contactEmail').toLowerCase()).filter(Boolean) : [];
	const context = validationContext(actor, batch, contactEmails);
	const ownerOf = ownerMatcher(actor, context.owners);
	const me = { id: actor.user.id, teamId: actor.user.teamId };
	const problems: RowProblem[] = [];
	const failures: FieldFailures = {};
	const failedOn = (fields: string[], row: number, message: string) => {
		for (const key of fields)
			if (failures[key]) failures[key].rows++;
			else failures[key] = { rows: 1, example: `Row ${row}: ${message}` };
	};
	const candidates: Candidate[] = [];
	const seen = new Map<string, number>();
	const companyNames = new Set<string>();
	const fields = importFields(batch.entity);
	const parseRow = rowParser(batch.entity, fields, context.rowsContext);
	// Only mapped custom fields are read: an unmapped checkbox must not untick what records have.
	const customDefs = context.defs.filter((def) => mapping[inputName(def.key)] !== undefined);

	const labelOf = (name: string) => fields.find((f) => f.key === name)?.label ?? name;
	let raw: string[] = [];
	const read = (key: string) => cell(raw, key);
	const readCustom = (key: string) => cell(raw, inputName(key));
	for (let index = 0; index < rows.length; index++) {
		raw = rows[index];
		const row = index + 2; // spreadsheet row numbers: 1 is the header
		const ownerCell = read('ownerEmail');
		const ownerMatch = ownerCell ? ownerOf(ownerCell) : null;
		const parsed = parseRow(read);
		const custom = customDefs.length ? parseCustomValues(customDefs, readCustom) : NO_CUSTOM_VALUES;
		const customErrors = customDefs.length ? Object.entries(custom.errors) : [];
		if ((ownerMatch && 'error' in ownerMatch) || 'error' in parsed || customErrors.length) {
			const messages: string[] = [];
			if (ownerMatch && 'error' in ownerMatch) {
				messages.push(ownerMatch.error);
				failedOn(['ownerEmail'], row, ownerMatch.error);
			}
			if ('error' in parsed) {
				messages.push(parsed.error);
				failedOn(parsed.fields, row, parsed.error);
			}
			for (const [name, message] of customErrors) {
				messages.push(`${labelOf(name)}: ${message}`);
				failedOn([name], row, `${labelOf(name)}: ${message}`);
			}
			problems.push({ row, message: messages.join(' ') });
			continue;
		}
		const owner = ownerMatch && 'owner' in ownerMatch ? ownerMatch.owner : me;
		const { values, keys } = parsed;
		let twin: number | undefined;
		for (const k of keys) twin ??= seen.get(k);
		if (twin !== undefined) {
			problems.push({ row, message: `Same ${DUPLICATE_NOUN[batch.entity]} as row ${twin}.` });
			continue;
		}
		for (const k of keys) seen.set(k, row);
		if (values.companyName) companyNames.add(String(values.companyName));
		values.custom = custom === NO_CUSTOM_VALUES ? NO_CUSTOM_JSON : JSON.stringify(custom.values);
		values.ownerId = owner.id;
		values.teamId = owner.teamId;
		candidates.push({ row, values, keys });
	}
	return {
		fingerprint: context.fingerprint,
		candidates,
		problems,
		companyNames,
		keys: [...seen.keys()],
		contactEmails,
		failures,
		context: { owners: context.owners, defs: context.defs, rowsContext: context.rowsContext }
	};
}

/** What to do with each valid row given the records the CRM has now. Writes nothing. */
function settle(batch: Header, validated: Validated): Plan {
	const { candidates, problems, companyNames } = validated;
	const existing = existingKeys(batch.entity, validated.keys);
	const result: Plan = {
		creates: [],
		updates: [],
		skips: [],
		skipped: 0,
		duplicates: 0,
		newCompanies: [],
		problems,
		failures: validated.failures
	};
	for (const c of candidates) {
		let match: { id: number } | undefined;
		for (const k of c.keys) match ??= existing.get(k);
		if (!match) result.creates.push({ row: c.row, values: c.values });
		else {
			result.duplicates++;
			if (batch.duplicates === 'update') result.updates.push({ row: c.row, id: match.id, values: c.values });
			else if (batch.duplicates === 'create')
				result.creates.push({ row: c.row, values: c.values, match: match.id });
			else {
				result.skipped++;
				result.skips.push({ row: c.row, id: match.id });
			}
		}
	}
	if (companyNames.size) {
		const known = existingKeys(
			'company',
			[...companyNames].map((n) => `n:${fold(n)}`)
		);
		result.newCompanies = [...companyNames].filter((n) => !known.has(`n:${fold(n)}`));
	}
	return result;
}

/**
 * What committing would do, row by row (the preview): validates every row with the same rules as
 * the forms, finds duplicates in the file and in the CRM, resolves owners and companies. Writes
 * nothing to the database; the validation is kept for the commit (and the preview's next page).
 */
export function plan(actor: Actor, id: number): Plan {
	return planned(actor, uploaded(actor, id)).plan;
}

function uploaded(actor: Actor, id: number): Header {
	const batch = get(actor, id);
	if (batch.status !== 'uploaded') throw new Refused('This import has been committed already.');
	return batch;
}

function planned(actor: Actor, batch: Header) {
	const validated = validatedNow(actor, batch);
	const entry = kept.get(batch.id);
	if (entry) entry.validated = validated;
	return { validated, plan: settle(batch, validated) };
}

/**
 * The last validation when nothing it read has changed since (same mapping, owners, custom fields,
 * stages, contacts); otherwise the rows are validated again. Duplicates are always looked up afresh.
 */
function validatedNow(actor: Actor, batch: Header): Validated {
	const previewed = kept.get(batch.id)?.validated;
	if (
		previewed &&
		validationContext(actor, batch, previewed.contactEmails).fingerprint === previewed.fingerprint
	)
		return previewed;
	return validate(actor, batch);
}

/**
 * The preview page: the plan's counts, the columns that fail on every row (each can be left out), and
 * one page of the rows as they will be written, or as the file has them with their error.
 */
export function preview(actor: Actor, id: number, query: PreviewQuery) {
	const batch = uploaded(actor, id);
	const { validated, plan: p } = planned(actor, batch);
	const fields = importFields(batch.entity);
	const mapping = batch.mapping ?? {};
	const leaveOut = Object.entries(p.failures)
		.filter(([key, f]) => f.rows === batch.rowCount && mapping[key] !== undefined && !mustMap(batch, key))
		.map(([key, f]) => ({
			key,
			label: fields.find((x) => x.key === key)?.label ?? key,
			column: batch.headers[mapping[key]] ?? '',
			example: f.example
		}));
	return {
		creates: p.creates.length,
		updates: p.updates.length,
		skipped: p.skipped,
		duplicates: p.duplicates,
		newCompanies: p.newCompanies.slice(0, 20),
		newCompanyCount: p.newCompanies.length,
		problemCount: p.problems.length,
		// A file without errors whose every row is a duplicate to skip writes nothing: nothing is offered.
		nothingToImport: !p.problems.length && !p.creates.length && !p.updates.length,
		leaveOut,
		...previewRows(
			{ batch, fields, plan: p, rows: rowsOf(batch.id) ?? [], context: validated.context },
			query
		)
	};
}

/** A field the mapping cannot go without: the name, or a required custom field. */
function mustMap(batch: Header, key: string): boolean {
	if (batch.entity === 'contact' ? key === 'lastName' || key === 'fullName' : key === 'name') return true;
	return importFields(batch.entity).some((f) => f.key === key && f.required);
}

/**
 * Leaves a field's column out of the mapping (from the preview, for a column that fails on every row):
 * the rows are validated again without it.
 */
export function leaveOut(actor: Actor, id: number, key: unknown) {
	const batch = uploaded(actor, id);
	const mapping = { ...batch.mapping };
	if (typeof key !== 'string' || mapping[key] === undefined)
		throw new Refused('That column is not imported any more: look at the preview again.');
	if (mustMap(batch, key))
		throw new Refused('This field must come from a column: choose another column for it in the mapping.');
	delete mapping[key];
	db().update(importBatch).set({ mapping }).where(eq(importBatch.id, id)).run();
	const entry = kept.get(id);
	if (entry) entry.validated = undefined; // validated with the old mapping
}

/**
 * Discards an import that was never committed: the batch goes, with the file it kept (nothing was
 * written to the CRM from it). Audited like any deletion.
 */
export function discard(actor: Actor, id: number) {
	const batch = get(actor, id);
	if (batch.status !== 'uploaded')
		throw new Refused(
			batch.status === 'committed'
				? 'This import has been committed: undo it instead.'
				: 'This import has been undone already.'
		);
	db().transaction((tx) => {
		tx.delete(importBatch)
			.where(and(eq(importBatch.id, id), eq(importBatch.status, 'uploaded')))
			.run();
		recordChange(tx, actor, {
			module: 'crm.import',
			action: 'delete',
			entity: 'import_batch',
			entityId: id,
			before: {
				entity: batch.entity,
				fileName: batch.fileName,
				rowCount: batch.rowCount,
				status: 'uploaded'
			},
			summary: `Discarded import of ${batch.fileName} before it was committed`
		});
	});
	forget(id);
}

const camel = (column: string) => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * Commits the plan in one transaction: every row, the companies contacts name, an audit row per
 * record and the list of changes undo needs. A file with any invalid row is refused whole.
 */
export function commit(actor: Actor, id: number) {
	const batch = uploaded(actor, id);
	const validated = validatedNow(actor, batch);
	const planned = settle(batch, validated);

	if (planned.problems.length)
		throw new Refused(
			`${planned.problems.length} row(s) have errors: correct them in the file and upload it again, or leave out a column that fails on every row. Nothing was imported.`
		);
	const client = db().$client;
	const now = Date.now();
	const table = TABLES[batch.entity];
	const columns = COLUMNS[batch.entity];
	const keys = columns.map(camel);
	const nullable = keys.map((k) => NULLABLE.has(k));
	const companyColumn = keys.indexOf('companyId');
	const updatable = columns.filter((c) => c !== 'owner_id' && c !== 'team_id');
	const customColumn = columns.indexOf('custom');
	const updatableAt = updatable.map((c) => columns.indexOf(c));
	const summary = `Imported from ${batch.fileName} (#${batch.id})`;
	const lastId = (t: (typeof TABLES)[ImportEntity]) =>
		db()
			.select({ id: max(t.id) })
			.from(t)
			.get()?.id ?? 0;
	/** Lists every record of `t` above `afterId` as created by this batch and audits each. */
	const created = (tx: Conn, t: (typeof TABLES)[ImportEntity], entity: ImportEntity, afterId: number) => {
		tx.run(sql`
			INSERT INTO import_change (batch_id, entity, entity_id, action, before, version)
			SELECT ${batch.id}, ${entity}, id, 'create', NULL, 1 FROM ${t} WHERE id > ${afterId}`);
		recordBulkChange(tx, actor, { table: t, entity, action: 'create', where: sql`id > ${afterId}`, summary });
	};

	/**
	 * Fills in the records duplicates matched, in one statement: empty cells keep what a record has
	 * (an import fills in, it does not blank out), custom values are merged in. Each record's row as
	 * it was goes to import_change for undo, and each gets an update audit row. Two rows of the file
	 * that match the same record (one by domain, one by name) are applied in file order.
	 */
	const updateAll = (
		tx: Conn,
		updates: Plan['updates'],
		valuesOf: (v: Values) => (string | number | null)[]
	) => {
		const merged = new Map<number, (string | number | null)[]>();
		for (const u of updates) {
			const values = valuesOf(u.values).map((v) => (v === '' ? null : v));
			const earlier = merged.get(u.id);
			merged.set(
				u.id,
				earlier
					? values.map((v, i) =>
							i === customColumn
								? JSON.stringify({ ...JSON.parse(String(earlier[i])), ...JSON.parse(String(v)) })
								: (v ?? earlier[i])
						)
					: values
			);
		}
		const staged = `temp.import_${batch.entity}_updates`;
		client.exec(`CREATE TABLE IF NOT EXISTS ${staged} (id INTEGER PRIMARY KEY, ${updatable.join(', ')})`);
		client.exec(`DELETE FROM ${staged}`);
		insertRows(
			client,
			staged,
			['id', ...updatable],
			[...merged].map(([id, values]) => [id, ...updatableAt.map((i) => values[i])])
		);
		const raw = Object.values(getTableColumns(table)).map((c) => `'${c.name}', t."${c.name}"`);
		client
			.prepare(
				`INSERT INTO import_change (batch_id, entity, entity_id, action, before, version)
				SELECT ?, ?, t.id, 'update', json_object(${raw.join(', ')}), t.version + 1
				FROM ${batch.entity} t JOIN ${staged} u ON u.id = t.id ORDER BY t.id`
			)
			.run(batch.id, batch.entity);
		recordBulkUpdate(
			tx,
			actor,
			{ table, entity: batch.entity, where: sql.raw(`id IN (SELECT id FROM ${staged})`), summary },
			() =>
				client
					.prepare(
						`UPDATE ${batch.entity} SET ${updatable
							.map((c) =>
								c === 'custom'
									? `custom = json_patch(${batch.entity}.custom, u.custom)`
									: `${c} = coalesce(u.${c}, ${batch.entity}.${c})`
							)
							.join(', ')}, version = ${batch.entity}.version + 1, updated_at = ?
						FROM ${staged} u WHERE ${batch.entity}.id = u.id`
					)
					.run(now)
		);
		client.exec(`DELETE FROM ${staged}`);
	};

	// New records' references are checked by distinct value (db/bulk.ts), not row by row; an import
	// that updates records writes references row by row, so SQLite checks those as it always does.
	const checkingReferences = <T>(write: () => T) =>
		planned.updates.length ? write() : withBulkForeignKeyChecks(client, write);
	// The rows are written with the search index's triggers quiet and queued for it instead
	// (search-index.ts): one index write per row was most of an import's time.
	const result = withSearchDeferred(() =>
		checkingReferences(() =>
			db().transaction((tx) => {
				// A contact or deal import first creates the companies its rows name and the CRM lacks.
				const companyIds = new Map<string, number>();
				if (batch.entity !== 'company') {
					const afterCompany = lastId(company);
					insertRows(
						client,
						'company',
						['name', 'name_key', 'owner_id', 'team_id'],
						planned.newCompanies.map((name) => [name, fold(name), actor.user.id, actor.user.teamId]),
						{ created_at: now, updated_at: now }
					);
					created(tx, company, 'company', afterCompany);
					// Every company the file's valid rows name (a skipped row's too: a look-up more, no harm).
					const named = [...validated.companyNames];
					for (const [key, found] of existingKeys(
						'company',
						named.map((n) => `n:${fold(n)}`)
					))
						companyIds.set(key.slice(2), found.id);
				}
				const companyIdOf = new Map<string, number | null>();
				const valuesOf = (v: Values) => {
					const name = v.companyName ? String(v.companyName) : '';
					let companyId = companyIdOf.get(name);
					if (companyId === undefined)
						companyIdOf.set(name, (companyId = name ? (companyIds.get(fold(name)) ?? null) : null));
					const out: (string | number | null)[] = new Array(keys.length);
					for (let i = 0; i < keys.length; i++)
						out[i] = i === companyColumn ? companyId : (v[keys[i]] ?? (nullable[i] ? null : ''));
					return out;
				};

				const afterId = lastId(table);
				// New rows go in one statement (db/bulk.ts): each statement that touches a table with
				// full-text triggers costs ~15 µs of FTS5 bookkeeping, even when the triggers are quiet.
				// They go in name order, which the name indexes grow along (ids follow names, not the file).
				insertRows(
					client,
					batch.entity,
					columns,
					(function* () {
						for (const c of planned.creates) yield valuesOf(c.values);
					})(),
					{ created_at: now, updated_at: now },
					'name_key'
				);

				created(tx, table, batch.entity, afterId);

				if (planned.updates.length) updateAll(tx, planned.updates, valuesOf);

				queueForIndex(
					tx,
					sql`SELECT ${importChange.entity} AS entity, ${importChange.entityId} AS id FROM ${importChange} WHERE ${importChange.batchId} = ${batch.id}`
				);

				const counts = {
					created: planned.creates.length,
					updated: planned.updates.length,
					skipped: planned.skipped
				};
				tx.update(importBatch)
					.set({ ...counts, status: 'committed', committedAt: now, file: null })
					.where(eq(importBatch.id, batch.id))
					.run();
				recordChange(tx, actor, {
					module: 'crm.import',
					action: 'create',
					entity: 'import_batch',
					entityId: batch.id,
					after: {
						entity: batch.entity,
						fileName: batch.fileName,
						...counts,
						newCompanies: planned.newCompanies.length
					},
					summary: `Imported ${batch.fileName}: ${counts.created} created, ${counts.updated} updated, ${counts.skipped} skipped`
				});
				importFinished(tx, actor, batch, counts);
				return { ...counts, newCompanies: planned.newCompanies.length };
			})
		)
	);

	forget(id);
	refreshStatistics(client);

	void drainBacklog();
	return result;
}

/**
 * Undoes a committed import in one transaction: deletes what it created, restores what it updated.
 * Refused, naming the records, when any of them has changed since (or something now refers to a
 * record it created).
 */
export function undo(actor: Actor, id: number) {
	const batch = get(actor, id);
	if (batch.status !== 'committed')
		throw new Refused(
			batch.status === 'undone' ? 'This import has been undone already.' : 'This import was never committed.'
		);
	const client = db().$client;
	// Every record the import made or changed must still be as it left it: found in one query per kind.
	// A later import that updated a record and was undone since is no change: its update and its undo
	// each moved the version on by one and left the values as they were (its own undo was refused
	// unless nothing else had changed the record in between), so such a record is as this import left
	// it at its version plus two per later undone import. Anything else that touched it moved the
	// version further.
	const changed = ENTITIES.flatMap(
		(entity) =>
			client
				.prepare(
					`WITH undone AS (
						SELECT l.entity_id, count(*) AS n FROM import_change l
						WHERE l.batch_id IN (SELECT id FROM import_batch WHERE id > @id AND status = 'undone' AND updated > 0)
							AND l.entity = @entity AND l.action = 'update'
						GROUP BY l.entity_id
					)
					SELECT c.entity, c.entity_id AS entityId FROM import_change c
					LEFT JOIN ${entity} t ON t.id = c.entity_id LEFT JOIN undone u ON u.entity_id = c.entity_id
					WHERE c.batch_id = @id AND c.entity = @entity
						AND (t.version IS NULL OR t.version <> c.version + 2 * coalesce(u.n, 0))
					ORDER BY c.entity_id`
				)
				.all({ id, entity }) as { entity: string; entityId: number }[]
	);
	if (changed.length)
		throw new Refused(
			`${changed.length} record(s) from this import have been changed or deleted since (${changed
				.slice(0, 5)
				.map((c) => `${c.entity} #${c.entityId}`)
				.join(
					', '
				)}${changed.length > 5 ? ', …' : ''}): undo is refused so that their later changes are not lost.`
		);
	const now = Date.now();
	const summary = `Undo of import #${id}`;
	try {
		// Restored records are re-indexed after the commit, as an import's are (deleted ones leave the
		// index through its triggers).
		const result = withSearchDeferred(() =>
			db().transaction((tx) => {
				// What it updated gets its values from before the import back, in one statement per kind,
				// audited per record with field names like any change (so each restore rolls back in turn);
				// first, since an update may point a record at a company the import created.
				let restored = 0;
				for (const entity of ENTITIES) {
					const restore = COLUMNS[entity].filter((col) => col !== 'owner_id' && col !== 'team_id');
					restored += recordBulkUpdate(
						tx,
						actor,
						{
							table: TABLES[entity],
							entity,
							where: sql`id IN (SELECT entity_id FROM import_change WHERE batch_id = ${id} AND entity = ${entity} AND action = 'update')`,
							summary
						},
						() =>
							client
								.prepare(
									`UPDATE ${entity} SET ${restore
										.map((col) => `${col} = json_extract(c.before, '$.${col}')`)
										.join(', ')}, version = ${entity}.version + 1, updated_at = ?
								FROM import_change c
								WHERE c.batch_id = ? AND c.entity = ? AND c.action = 'update' AND c.entity_id = ${entity}.id`
								)
								.run(now, id, entity)
					);
				}
				// Then what the import created goes, with an audit row per record, in one statement per
				// kind: deals before the contacts and companies they may point to, contacts before companies.
				let removed = 0;
				for (const entity of ['deal', 'contact', 'company'] as const) {
					const table = TABLES[entity];
					const created = sql`id IN (SELECT entity_id FROM import_change WHERE batch_id = ${id} AND entity = ${entity} AND action = 'create')`;
					recordBulkChange(tx, actor, { table, entity, action: 'delete', where: created, summary });
					reversePointsOf(tx, { table, entity, where: created }, 'Its import was undone');
					removed += tx.run(sql`DELETE FROM ${table} WHERE ${created}`).changes;
				}
				tx.update(importBatch)
					.set({ status: 'undone', undoneAt: now })
					.where(and(eq(importBatch.id, id), eq(importBatch.status, 'committed')))
					.run();
				const counts = { removed, restored };
				recordChange(tx, actor, {
					module: 'crm.import',
					action: 'update',
					entity: 'import_batch',
					entityId: id,
					before: { status: 'committed' },
					after: { status: 'undone', ...counts },
					summary: `Undid import of ${batch.fileName}: ${counts.removed} removed, ${counts.restored} restored`
				});
				queueForIndex(
					tx,
					sql`SELECT entity, entity_id AS id FROM import_change WHERE batch_id = ${id} AND action = 'update'`
				);
				return counts;
			})
		);
		void drainBacklog();
		return result;
	} catch (e) {
		// drizzle wraps the driver's error (as its cause) for the statements it runs.
		const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
		if (cause instanceof Error && 'code' in cause && String(cause.code) === 'SQLITE_CONSTRAINT_FOREIGNKEY')
			throw new Refused(
				'Records created by this import are now referred to by others (deals, activities, contacts): undo is refused.'
			);
		throw e;
	}
}
