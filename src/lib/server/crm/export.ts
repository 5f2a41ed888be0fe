import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { PassThrough, Readable } from 'node:stream';
import { authorize, type Action } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db } from '../db';

/**
 * Streamed exports of CRM lists, as filtered and within the user's scope, for roles with the export
 * permission. Rows are read in keyset chunks (never one long-lived cursor, which would block the
 * shared connection), so memory does not grow with the row count. Every export is audited with
 * who, what, the filters and how many rows.
 */

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportSpec<Row extends { id: number }> {
	entity: string;
	module: string;
	/** Plural, for the file name and the audit summary: "contacts". */
	noun: string;
	columns: [header: string, value: (row: Row) => string | number | null][];
	/** Up to `limit` rows with id greater than `afterId`, in id order, within scope and filters. */
	chunk: (afterId: number, limit: number) => Row[];
	/** What was exported, for the audit log. */
	filters: Record<string, unknown>;
	/** What reading the rows needs besides the export permission (the CRM's lists: `crm.read`). */
	permission?: Action;
}

/**
 * The filters an export applied, for its audit row: the search and the list's filters, without the
 * owner and team fields' own state (the owners and team they matched are there, as ids).
 */
export function appliedFilters(q: string, filters: object): Record<string, unknown> {
	const { owner: _owner, team: _team, ...applied } = filters as Record<string, unknown>;
	void [_owner, _team];
	return { q, ...applied };
}

const CHUNK = 2000;

export function parseFormat(value: string | null): ExportFormat {
	const format = EXPORT_FORMATS.find((f) => f === value);
	if (!format) error(400, 'Choose csv or xlsx.');
	return format;
}

function* rowsOf<Row extends { id: number }>(spec: ExportSpec<Row>): Generator<Row[]> {
	let after = 0;
	for (;;) {
		const rows = spec.chunk(after, CHUNK);
		if (rows.length === 0) return;
		yield rows;
		after = rows[rows.length - 1].id;
		if (rows.length < CHUNK) return;
	}
}

function audit(
	actor: Actor,
	spec: Pick<ExportSpec<{ id: number }>, 'entity' | 'module' | 'noun' | 'filters'>,
	format: ExportFormat,
	rows: number,
	complete: boolean
) {
	db().transaction((tx) =>
		recordChange(tx, actor, {
			module: spec.module,
			action: 'export',
			entity: spec.entity,
			entityId: '*',
			after: { format, rows, complete, filters: spec.filters },
			summary: `Exported ${rows.toLocaleString('en')} ${spec.noun} as ${format.toUpperCase()}${complete ? '' : ' (cancelled)'}`
		})
	);
}

function csvStream<Row extends { id: number }>(
	actor: Actor,
	spec: ExportSpec<Row>
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const chunks = rowsOf(spec);
	let count = 0;
	let header = true;
	return new ReadableStream({
		pull(controller) {
			const next = chunks.next();
			if (next.done) {
				audit(actor, spec, 'csv', count, true);
				controller.close();
				return;
			}
			const data = next.value.map((row) => spec.columns.map(([, value]) => value(row) ?? ''));
			// escapeFormulae: cells starting with = + - @ tab or CR get a leading ' so no spreadsheet runs them.
			const text = Papa.unparse(
				{ fields: spec.columns.map(([h]) => h), data },
				{ header, escapeFormulae: true, newline: '\r\n' }
			);
			// A BOM first, so that Excel reads the UTF-8 of Vietnamese, Russian, Chinese and Tamil names.
			controller.enqueue(encoder.encode((header ? '\uFEFF' : '\r\n') + text));
			header = false;
			count += data.length;
		},
		cancel() {
			audit(actor, spec, 'csv', count, false);
		}
	});
}

function xlsxStream<Row extends { id: number }>(
	actor: Actor,
	spec: ExportSpec<Row>
): ReadableStream<Uint8Array> {
	const pass = new PassThrough();
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: pass,
		useSharedStrings: false,
		useStyles: false
	});
	const sheet = workbook.addWorksheet(spec.noun);
	sheet.columns = spec.columns.map(([header]) => ({ header, width: 24 }));
	let count = 0;
	(async () => {
		try {
			for (const rows of rowsOf(spec)) {
				// String cells are written as text, never as formulas, whatever they start with.
				for (const row of rows) sheet.addRow(spec.columns.map(([, value]) => value(row) ?? '')).commit();
				count += rows.length;
				await new Promise((resolve) => setImmediate(resolve)); // let other requests run between chunks
			}
			sheet.commit();
			await workbook.commit();
			audit(actor, spec, 'xlsx', count, true);
		} catch (e) {
			pass.destroy(e as Error);
		}
	})();
	return Readable.toWeb(pass) as ReadableStream<Uint8Array>;
}

/** The export as a download response; 403 without the export permission. */
export function exportResponse<Row extends { id: number }>(
	actor: Actor,
	spec: ExportSpec<Row>,
	format: ExportFormat
): Response {
	authorize(actor.user, spec.permission ?? 'crm.read');
	authorize(actor.user, 'export');
	const day = new Date().toISOString().slice(0, 10);
	const body = format === 'csv' ? csvStream(actor, spec) : xlsxStream(actor, spec);
	return new Response(body, {
		headers: {
			'content-type':
				format === 'csv'
					? 'text/csv; charset=utf-8'
					: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${spec.noun}-${day}.${format}"`,
			'cache-control': 'no-store'
		}
	});
}
