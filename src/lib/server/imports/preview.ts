import { formatCustomValue, inputName, type CustomFieldDef } from '$lib/custom-fields';
import { formatMoney } from '$lib/format';
import type { Page } from '../lists';
import type { Plan } from './batches';
import type { ImportEntity, ImportField } from './fields';
import type { ImportOwner } from './owners';
import type { RowContext, Values } from './rows';

/**
 * The preview's table: every row of the file in file order, as it will be written (the values after
 * validation: owner by name, stage by name, amounts with their currency, companies marked when the
 * import creates them) or, for a row with an error or a duplicate left out, as the file has it. One
 * page at a time, optionally only the rows of one outcome. Values are plain text: the page shows them
 * as text, never as markup.
 */

export const PREVIEW_SHOWS = ['all', 'error', 'create', 'update', 'skip'] as const;
export type PreviewShow = (typeof PREVIEW_SHOWS)[number];
export type Outcome = Exclude<PreviewShow, 'all'>;
export interface PreviewQuery {
	page: number;
	show: PreviewShow;
}
export const PREVIEW_PAGE_SIZE = 25;

export interface PreviewColumn {
	key: string;
	label: string;
}

export interface PreviewRow {
	/** The row's number in the spreadsheet (1 is the header). */
	row: number;
	outcome: Outcome;
	/** The CRM record the row matched: the one it updates, the one it duplicates (left out or created beside). */
	match?: number;
	message?: string;
	cells: string[];
}

interface Input {
	batch: { entity: ImportEntity; mapping: Record<string, number> | null; rowCount: number };
	fields: ImportField[];
	plan: Plan;
	rows: string[][];
	context: { owners: ImportOwner[]; defs: CustomFieldDef[]; rowsContext: RowContext };
}

/** A field's label without its hint for the mapping: "Expected close (YYYY-MM-DD)" → "Expected close". */
const short = (label: string) => label.replace(/\s*\(.*\)$/, '');

/** The columns the preview shows: the mapped fields (a contact's name parts as one), the stage and the owner. */
function columnsOf(input: Input): PreviewColumn[] {
	const { entity } = input.batch;
	const mapping = input.batch.mapping ?? {};
	const nameParts = ['firstName', 'lastName', 'fullName'];
	const columns: PreviewColumn[] = entity === 'contact' ? [{ key: 'name', label: 'Name' }] : [];
	for (const field of input.fields) {
		if (field.key === 'ownerEmail' || (entity === 'contact' && nameParts.includes(field.key))) continue;
		if (mapping[field.key] !== undefined || (entity === 'deal' && field.key === 'stage'))
			columns.push({ key: field.key, label: short(field.label) });
	}
	columns.push({ key: 'ownerEmail', label: 'Owner' });
	return columns;
}

export function previewRows(input: Input, query: PreviewQuery) {
	const { batch, plan } = input;
	const mapping = batch.mapping ?? {};
	const columns = columnsOf(input);

	// Each row's outcome, by position in the file.
	type Entry = { outcome: Outcome; match?: number; message?: string; values?: Values };
	const entries: (Entry | undefined)[] = new Array(batch.rowCount);
	for (const c of plan.creates) entries[c.row - 2] = { outcome: 'create', match: c.match, values: c.values };
	for (const u of plan.updates) entries[u.row - 2] = { outcome: 'update', match: u.id, values: u.values };
	for (const s of plan.skips) entries[s.row - 2] = { outcome: 'skip', match: s.id };
	for (const p of plan.problems) entries[p.row - 2] = { outcome: 'error', message: p.message };
	const counts: Record<PreviewShow, number> = {
		all: batch.rowCount,
		error: plan.problems.length,
		create: plan.creates.length,
		update: plan.updates.length,
		skip: plan.skips.length
	};

	const total = counts[query.show];
	const pages = Math.max(1, Math.ceil(total / PREVIEW_PAGE_SIZE));
	const page = Math.min(query.page, pages);
	const from = (page - 1) * PREVIEW_PAGE_SIZE;
	const picked: number[] = [];
	for (let i = 0, seen = 0; i < entries.length && picked.length < PREVIEW_PAGE_SIZE; i++) {
		if (query.show !== 'all' && entries[i]?.outcome !== query.show) continue;
		if (seen++ >= from) picked.push(i);
	}

	const ownerName = new Map(input.context.owners.map((o) => [o.id, o.name]));
	const stageName = new Map(input.context.rowsContext.stages.map((s) => [s.id, s.name]));
	const defs = new Map(input.context.defs.map((d) => [inputName(d.key), d]));
	const newCompanies = new Set(plan.newCompanies);

	const rows: PreviewRow[] = picked.map((i) => {
		const entry = entries[i] ?? { outcome: 'error' as const };
		const raw = input.rows[i] ?? [];
		const cell = (key: string) => (mapping[key] === undefined ? '' : (raw[mapping[key]] ?? '').trim());
		const v = entry.values;
		let custom: Record<string, unknown> | undefined;
		const text = (key: string): string => {
			if (batch.entity === 'contact' && key === 'name')
				return v
					? [v.firstName, v.lastName].filter(Boolean).join(' ')
					: [cell('firstName'), cell('lastName') || cell('fullName')].filter(Boolean).join(' ');
			if (!v) return cell(key);
			const def = defs.get(key);
			if (def) {
				custom ??= JSON.parse(String(v.custom ?? '{}')) as Record<string, unknown>;
				return custom[def.key] === undefined ? '' : formatCustomValue(def, custom[def.key]);
			}
			switch (key) {
				case 'ownerEmail':
					return ownerName.get(Number(v.ownerId)) ?? '';
				case 'companyName': {
					const name = String(v.companyName ?? '');
					return name && newCompanies.has(name) ? `${name} (new company)` : name;
				}
				case 'contactEmail':
					return cell(key);
				case 'amount':
					return v.amountMinor === null || v.amountMinor === undefined || v.amountMinor === ''
						? ''
						: formatMoney(Number(v.amountMinor), String(v.currency ?? ''));
				case 'stage':
					return stageName.get(Number(v.stageId)) ?? '';
				case 'probability':
					return v.probability === null || v.probability === undefined ? '' : `${v.probability} %`;
				default:
					return String(v[key] ?? '');
			}
		};
		return {
			row: i + 2,
			outcome: entry.outcome,
			...(entry.match !== undefined ? { match: entry.match } : {}),
			...(entry.message ? { message: entry.message } : {}),
			cells: columns.map((c) => text(c.key))
		};
	});

	const result: Page<PreviewRow> = { rows, total, page, pageSize: PREVIEW_PAGE_SIZE };
	return { columns, counts, show: query.show, rows: result };
}

/** The preview's page and outcome filter from the URL (`?show=error&page=2`). */
export function previewQuery(params: URLSearchParams): PreviewQuery {
	const show = PREVIEW_SHOWS.find((s) => s === params.get('show')) ?? 'all';
	const page = Math.max(1, Math.min(100_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));
	return { page, show };
}
