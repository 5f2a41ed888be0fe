import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import yauzl from 'yauzl';
import { InvalidInput } from '../validation';

/**
 * Reading an uploaded legacy file (CSV or XLSX) into a header and rows of text, or refusing it with
 * a message the admin can act on. Nothing is written here.
 */

export const IMPORT_LIMITS = {
	/** Upload size. */
	bytes: 50 * 1024 * 1024,
	rows: 200_000,
	columns: 200,
	/** What an XLSX may expand to when unzipped: more is treated as a zip bomb. */
	unzippedBytes: 400 * 1024 * 1024
} as const;

export interface ParsedFile {
	encoding: string;
	headers: string[];
	rows: string[][];
	/**
	 * The file as CSV, for keeping until the import is committed (`parseKeptCsv` reads it back to the
	 * same headers and rows): a CSV upload as it came, an XLSX upload's worksheet written as CSV.
	 */
	csv: Uint8Array;
}

const refuse = (message: string): never => {
	throw new InvalidInput({ file: message });
};

const MB = 1024 * 1024;

function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
	const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
	let encoding: string;
	let offset = 0;
	let label: string;
	if (starts(0xef, 0xbb, 0xbf)) [encoding, offset, label] = ['utf-8', 3, 'UTF-8 with BOM'];
	else if (starts(0xff, 0xfe)) [encoding, offset, label] = ['utf-16le', 2, 'UTF-16 (little-endian)'];
	else if (starts(0xfe, 0xff)) [encoding, offset, label] = ['utf-16be', 2, 'UTF-16 (big-endian)'];
	else {
		if (starts(0x50, 0x4b, 0x03, 0x04))
			refuse('This is an Excel or zip file, not CSV: upload it with its .xlsx name.');
		const head = bytes.subarray(0, 4096);
		const zeros = head.filter((b) => b === 0).length;
		// UTF-16 without a BOM has a zero in every other byte of Latin text; anything else with zeros is binary.
		if (zeros > head.length / 3 && head[1] === 0)
			[encoding, label] = ['utf-16le', 'UTF-16 (little-endian, no BOM)'];
		else if (zeros > head.length / 3 && head[0] === 0)
			[encoding, label] = ['utf-16be', 'UTF-16 (big-endian, no BOM)'];
		else if (zeros > 0)
			return refuse(
				'This is not a text file: save the data as CSV (UTF-8) or Excel (.xlsx) and upload that.'
			);
		else [encoding, label] = ['utf-8', 'UTF-8'];
	}
	try {
		return {
			text: new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(offset)),
			encoding: label
		};
	} catch {
		return refuse(
			'The file is not valid UTF-8 or UTF-16 text (perhaps Windows-1252 or another legacy encoding): in Excel choose “Save as → CSV UTF-8” and upload that.'
		);
	}
}

function parseCsv(bytes: Uint8Array): Omit<ParsedFile, 'csv'> {
	const { text, encoding } = decodeText(bytes);
	const result = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
	const quote = result.errors.find((e) => e.type === 'Quotes');
	if (quote)
		refuse(
			`Row ${(quote.row ?? 0) + 1}: a quoted field is not closed or has stray quotes (${quote.message}). Nothing was imported.`
		);
	const [header, ...rows] = result.data;
	if (!header || header.every((h) => !h.trim()))
		refuse('The file has no header row: its first line must name the columns.');
	const ragged = rows
		.map((r, i) => ({ row: i + 2, fields: r.length }))
		.filter((r) => r.fields !== header.length);
	if (ragged.length)
		refuse(
			`${ragged.length} row${ragged.length === 1 ? ' has' : 's have'} a different number of fields from the header (${header.length}): ${ragged
				.slice(0, 5)
				.map((r) => `row ${r.row} has ${r.fields}`)
				.join(', ')}${ragged.length > 5 ? ', …' : ''}. Check the delimiters and quotes. Nothing was imported.`
		);
	return { encoding, headers: header.map((h) => h.trim()), rows };
}

/** Lists the zip's entries without inflating them, refusing what would expand too far. */
function checkZip(bytes: Uint8Array): Promise<void> {
	return new Promise((resolve, reject) => {
		yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (err, zip) => {
			if (err || !zip)
				return reject(new InvalidInput({ file: 'This .xlsx file is damaged or is not an Excel file.' }));
			let total = 0;
			zip.on('entry', (entry: yauzl.Entry) => {
				total += entry.uncompressedSize;
				if (total > IMPORT_LIMITS.unzippedBytes) {
					zip.close();
					return reject(
						new InvalidInput({
							file: `This .xlsx file would expand to more than ${IMPORT_LIMITS.unzippedBytes / MB} MB: it is refused as unsafe.`
						})
					);
				}
				zip.readEntry();
			});
			zip.on('end', () => resolve());
			zip.on('error', () =>
				reject(new InvalidInput({ file: 'This .xlsx file is damaged or is not an Excel file.' }))
			);
			zip.readEntry();
		});
	});
}

async function parseXlsx(bytes: Uint8Array): Promise<Omit<ParsedFile, 'csv'>> {
	if (!(bytes[0] === 0x50 && bytes[1] === 0x4b))
		refuse('This is not an Excel (.xlsx) file. Older .xls files must be saved as .xlsx or CSV first.');
	await checkZip(bytes);
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	} catch {
		refuse('This .xlsx file could not be read: open it in Excel, save it again and retry.');
	}
	const sheet = workbook.worksheets[0];
	if (!sheet || sheet.rowCount === 0) refuse('The first worksheet is empty.');
	const width = sheet.columnCount;
	const text = (row: ExcelJS.Row) =>
		Array.from({ length: width }, (_, i) => row.getCell(i + 1).text?.trim() ?? '');
	const all: string[][] = [];
	sheet.eachRow({ includeEmpty: false }, (row) => {
		const cells = text(row);
		// A row of blank cells is skipped, as in a CSV file.
		if (cells.some(Boolean)) all.push(cells);
	});
	const [header, ...rows] = all;
	if (!header || header.every((h) => !h))
		refuse('The first row of the first worksheet must name the columns.');
	return { encoding: 'XLSX', headers: header, rows };
}

/** Parses an upload by its name (.csv or .xlsx), within the limits. */
export async function parseUpload(name: string, bytes: Uint8Array): Promise<ParsedFile> {
	if (bytes.length === 0) refuse('The file is empty.');
	if (bytes.length > IMPORT_LIMITS.bytes)
		refuse(`The file is larger than ${IMPORT_LIMITS.bytes / MB} MB: split it and import the parts.`);
	const extension = name.toLowerCase().split('.').pop();
	let parsed: ParsedFile;
	if (extension === 'csv' || extension === 'txt') parsed = { ...parseCsv(bytes), csv: bytes };
	else if (extension === 'xlsx') {
		const sheet = await parseXlsx(bytes);
		const csv = new TextEncoder().encode(Papa.unparse([sheet.headers, ...sheet.rows], { newline: '\r\n' }));
		parsed = { ...sheet, csv };
	} else return refuse('Upload a .csv or .xlsx file.');
	if (parsed.rows.length === 0) refuse('The file has a header but no rows.');
	if (parsed.rows.length > IMPORT_LIMITS.rows)
		refuse(
			`The file has ${parsed.rows.length.toLocaleString('en')} rows; at most ${IMPORT_LIMITS.rows.toLocaleString('en')} can be imported at once.`
		);
	if (parsed.headers.length > IMPORT_LIMITS.columns)
		refuse(`The file has ${parsed.headers.length} columns; at most ${IMPORT_LIMITS.columns}.`);
	return parsed;
}

/** The rows of a file `parseUpload` accepted, read back from its `csv`. */
export function parseKeptCsv(csv: Uint8Array): string[][] {
	return parseCsv(csv).rows;
}
