import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { create as createContact, exportSpec } from '$lib/server/crm/contacts';
import { exportResponse } from '$lib/server/crm/export';
import { recordFilters } from '$lib/server/crm/record-filters';
import { db, schema } from '$lib/server/db';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor, makeTeam } from './helpers';

let manager: Actor;
let rep: Actor;
let outsider: Actor;

beforeAll(() => {
	const team = makeTeam();
	manager = makeActor('manager', { teamId: team });
	rep = makeActor('rep', { teamId: team });
	outsider = makeActor('manager', { teamId: makeTeam() });
	createContact(rep, {
		firstName: 'Văn Anh',
		lastName: 'Nguyễn',
		email: 'anh@example.vn',
		title: '=HYPERLINK("http://evil.example","click")'
	});
	createContact(rep, {
		firstName: 'Сергей',
		lastName: 'Иванов',
		title: '+1 buyer',
		phone: '+7 912 000-00-00'
	});
	createContact(outsider, { lastName: 'Elsewhere' });
	for (let i = 0; i < 2500; i++) createContact(rep, { lastName: `Bulk ${i}` }); // more than one chunk
});

const lastAudit = () => db().select().from(schema.auditLog).orderBy(schema.auditLog.id).all().at(-1)!;

describe('CSV export', () => {
	it('streams every row in scope as UTF-8 with a BOM, formulas neutralised, and is audited', async () => {
		const response = exportResponse(manager, exportSpec(manager, '', {}), 'csv');
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/
		);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM that tells Excel it is UTF-8
		const text = new TextDecoder().decode(bytes);
		expect(text.startsWith('First name,Last name,Email')).toBe(true);
		const lines = text.trim().split('\r\n');
		expect(lines).toHaveLength(1 + 2502);
		expect(text).toContain('Văn Anh,Nguyễn,anh@example.vn');
		expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
		expect(text).toContain("'+1 buyer");
		expect(text).toContain("'+7 912 000-00-00");
		expect(text).not.toContain('Elsewhere');
		expect(lastAudit()).toMatchObject({
			action: 'export',
			entity: 'contact',
			userId: manager.user.id,
			summary: 'Exported 2,502 contacts as CSV'
		});
	});

	it('exports only what the list shows when it is filtered', async () => {
		const text = await exportResponse(manager, exportSpec(manager, 'nguyen', {}), 'csv').text();
		expect(text.trim().split('\r\n')).toHaveLength(2);
	});

	it('exports the records of the owners the owner filter matched, and audits them as ids', async () => {
		const filters = recordFilters(manager, new URLSearchParams({ owner: rep.user.name }));
		const response = exportResponse(manager, exportSpec(manager, '', filters), 'csv');
		expect((await response.text()).trim().split('\r\n')).toHaveLength(1 + 2502);
		const after = lastAudit().after as { filters: Record<string, unknown> };
		expect(after.filters).toEqual({
			q: '',
			custom: undefined,
			ownerIds: [rep.user.id],
			companyId: undefined
		});
		const nobody = recordFilters(manager, new URLSearchParams({ owner: 'Nobody at all' }));
		expect(
			(await exportResponse(manager, exportSpec(manager, '', nobody), 'csv').text()).trim().split('\r\n')
		).toHaveLength(1);
	});

	it('is refused without the export permission', () => {
		expect(() => exportResponse(rep, exportSpec(rep, '', {}), 'csv')).toThrow(
			expect.objectContaining({ status: 403 })
		);
	});
});

describe('Excel export', () => {
	it('writes text cells (never formulas) for every row in scope', async () => {
		const response = exportResponse(manager, exportSpec(manager, '', {}), 'xlsx');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await response.arrayBuffer());
		const sheet = workbook.getWorksheet('contacts')!;
		expect(sheet.rowCount).toBe(1 + 2502);
		const hyperlink = sheet
			.getRows(2, sheet.rowCount - 1)!
			.find((r) => String(r.getCell(5).value).includes('HYPERLINK'))!;
		expect(hyperlink.getCell(5).type).toBe(ExcelJS.ValueType.String);
		expect(lastAudit()).toMatchObject({ action: 'export', summary: 'Exported 2,502 contacts as XLSX' });
	});
});
