import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { db, schema } from '$lib/server/db';
import { backlogSize, drainBacklog } from '$lib/server/crm/search-index';
import {
	commit,
	configure,
	discard,
	leaveOut,
	plan,
	preview,
	summary,
	undo,
	upload
} from '$lib/server/imports/batches';
import { previewQuery } from '$lib/server/imports/preview';
import { guessMapping } from '$lib/server/imports/fields';
import { parseKeptCsv, parseUpload } from '$lib/server/imports/files';
import { InvalidInput, Refused } from '$lib/server/validation';
import { rollback } from '$lib/server/audit/rollback';
import { create as createField } from '$lib/server/crm/custom-fields';
import { create as createStage } from '$lib/server/crm/pipeline';
import { log } from '$lib/server/crm/activities';
import { fold } from '$lib/text';
import { makeActor, makeTeam } from './helpers';

const fixture = (name: string) => new File([readFileSync(`tests/fixtures/${name}`)], name);
const searchCount = (word: string) =>
	db().$client.prepare('SELECT count(*) FROM crm_search WHERE crm_search MATCH ?').pluck().get(`"${word}"*`);
const count = (table: string) =>
	db().$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const refusal = async (name: string, bytes: Uint8Array) => {
	const e = await parseUpload(name, bytes).catch((x) => x);
	expect(e).toBeInstanceOf(InvalidInput);
	return (e as InvalidInput).fieldErrors.file;
};

describe('reading files', () => {
	it('detects UTF-8 with and without a BOM and UTF-16, and keeps every script intact', async () => {
		const sf = await parseUpload('sf.csv', readFileSync('tests/fixtures/salesforce-contacts.csv'));
		expect(sf.encoding).toBe('UTF-8 with BOM');
		expect(sf.headers[0]).toBe('First Name');
		expect(sf.rows.map((r) => r[1])).toEqual(
			expect.arrayContaining(['Nguyễn', 'Кузнецов', '王', 'சுப்பிரமணியம்', 'Ørsted'])
		);
		expect((await parseUpload('hs.csv', readFileSync('tests/fixtures/hubspot-contacts.csv'))).encoding).toBe(
			'UTF-8'
		);
		const utf16 = Buffer.concat([
			Buffer.from([0xff, 0xfe]),
			Buffer.from('Name,Email\nЗоя,zoya@example.com\n', 'utf16le')
		]);
		const parsed = await parseUpload('u16.csv', utf16);
		expect(parsed).toMatchObject({
			encoding: 'UTF-16 (little-endian)',
			headers: ['Name', 'Email'],
			rows: [['Зоя', 'zoya@example.com']]
		});
	});

	it('refuses malformed and hostile files with a clear message', async () => {
		expect(await refusal('empty.csv', new Uint8Array())).toBe('The file is empty.');
		expect(await refusal('ragged.csv', readFileSync('tests/fixtures/ragged.csv'))).toMatch(
			/2 rows have a different number of fields .*row 3 has 2, row 4 has 4/
		);
		expect(await refusal('bad.csv', readFileSync('tests/fixtures/bad-quotes.csv'))).toMatch(/quoted field/);
		expect(
			await refusal(
				'image.csv',
				new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
			)
		).toMatch(/not a text file/);
		expect(
			await refusal(
				'latin1.csv',
				new Uint8Array([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a])
			)
		).toMatch(/not valid UTF-8/);
		expect(await refusal('fake.xlsx', new TextEncoder().encode('Name,Email\n'))).toMatch(/not an Excel/);
		expect(await refusal('notes.pdf', new TextEncoder().encode('%PDF'))).toMatch(/\.csv or \.xlsx/);
	});

	it('refuses a zip bomb renamed .xlsx without inflating it', async () => {
		// One entry claiming 1 GiB uncompressed: the central directory alone gives it away.
		const body = deflateRawSync(Buffer.alloc(1024 * 1024)); // 1 MiB of zeros, deflated to ~1 KB
		const name = Buffer.from('xl/worksheets/sheet1.xml');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(1024 ** 3, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(1024 ** 3, 24);
		central.writeUInt16LE(name.length, 28);
		const centralOffset = local.length + name.length + body.length;
		const end = Buffer.alloc(22);
		end.writeUInt32LE(0x06054b50, 0);
		end.writeUInt16LE(1, 8);
		end.writeUInt16LE(1, 10);
		end.writeUInt32LE(central.length + name.length, 12);
		end.writeUInt32LE(centralOffset, 16);
		const bomb = Buffer.concat([local, name, body, central, name, end]);
		expect(await refusal('bomb.xlsx', bomb)).toMatch(/expand to more than 400 MB/);
	});

	it('reads the first worksheet of an Excel file', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Companies');
		sheet.addRow(['Company name', 'Website']);
		sheet.addRow(['Редвуд Retail', 'redwood-retail.example']);
		sheet.addRow(['  ', '']);
		sheet.addRow(['Smith, "Jones"\nand Sons', '']);
		const parsed = await parseUpload('companies.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
		const rows = [
			['Редвуд Retail', 'redwood-retail.example'],
			['Smith, "Jones"\nand Sons', '']
		];
		expect(parsed).toMatchObject({ encoding: 'XLSX', headers: ['Company name', 'Website'], rows });
		// What the import keeps until its commit reads back to the same rows.
		expect(parseKeptCsv(parsed.csv)).toEqual(rows);
	});

	it('keeps a CSV upload as it came', async () => {
		const bytes = new TextEncoder().encode('\uFEFFName;Stadt\r\n"Müller; Söhne";Köln\r\n');
		const parsed = await parseUpload('firmen.csv', bytes);
		expect(parsed.rows).toEqual([['Müller; Söhne', 'Köln']]);
		expect(parsed.csv).toBe(bytes);
		expect(parseKeptCsv(parsed.csv)).toEqual(parsed.rows);
	});
});

describe('guessing the mapping', () => {
	it('knows Salesforce and HubSpot column names', () => {
		expect(
			guessMapping('contact', [
				'First Name',
				'Last Name',
				'Title',
				'Account Name',
				'Phone',
				'Mobile',
				'Email',
				'Mailing City',
				'Mailing Country'
			])
		).toEqual({
			firstName: 0,
			lastName: 1,
			title: 2,
			companyName: 3,
			phone: 4,
			email: 6,
			city: 7,
			country: 8
		});
		expect(
			guessMapping('contact', [
				'Record ID',
				'First Name',
				'Last Name',
				'Email',
				'Phone Number',
				'Job Title',
				'Company Name',
				'City',
				'Country/Region'
			])
		).toMatchObject({
			email: 3,
			phone: 4,
			title: 5,
			companyName: 6,
			country: 8
		});
		expect(guessMapping('company', ['Company name', 'Website', 'Industry'])).toEqual({
			name: 0,
			domain: 1,
			industry: 2
		});
	});
});

describe('an import', () => {
	it('previews, commits in one go with audit rows, creates named companies, and can be undone', async () => {
		const admin = makeActor('admin');
		const before = { contacts: count('contact'), companies: count('company'), audit: count('audit_log') };
		const { id } = await upload(admin, 'contact', fixture('salesforce-contacts.csv'));
		expect(summary(admin, id).mapping).toMatchObject({ firstName: 0, lastName: 1, email: 6 });
		const preview = plan(admin, id);
		expect(preview.problems).toEqual([]);
		expect(preview.creates).toHaveLength(8);
		expect(preview.newCompanies).toHaveLength(6);
		expect(count('contact')).toBe(before.contacts); // a preview writes nothing
		expect(commit(admin, id)).toEqual({ created: 8, updated: 0, skipped: 0, newCompanies: 6 });
		expect(count('contact')).toBe(before.contacts + 8);
		expect(count('company')).toBe(before.companies + 6);
		expect(count('audit_log')).toBe(before.audit + 8 + 6 + 1);
		// The records are queued for the search index with the commit and indexed right after it.
		expect(backlogSize()).toBe(14);
		// Each record has its own audit row, with the same fields as a change made in a form.
		const audited = db()
			.$client.prepare("SELECT after FROM audit_log WHERE entity = 'contact' ORDER BY id DESC LIMIT 1")
			.pluck()
			.get() as string;
		expect(JSON.parse(audited)).toMatchObject({
			lastName: expect.any(String),
			version: 1,
			companyId: expect.any(Number)
		});
		expect(searchCount('nguyen')).toBe(0);
		await drainBacklog();
		expect(backlogSize()).toBe(0);
		expect(searchCount('nguyen')).toBeGreaterThan(0);
		expect(() => commit(admin, id)).toThrow(Refused);

		expect(undo(admin, id)).toEqual({ removed: 14, restored: 0 });
		expect(count('contact')).toBe(before.contacts);
		// Each removed record has its own audit row holding what it was, and the undo one of its own.
		const undone = db()
			.$client.prepare('SELECT id, entity, action, before FROM audit_log WHERE summary = ? ORDER BY id')
			.all(`Undo of import #${id}`) as { id: number; entity: string; action: string; before: string }[];
		expect(undone.map((a) => a.action)).toEqual(Array(14).fill('delete'));
		expect(undone.filter((a) => a.entity === 'contact')).toHaveLength(8);
		const removed = undone.find((a) => a.entity === 'contact')!;
		expect(JSON.parse(removed.before)).toMatchObject({ lastName: expect.any(String), version: 1 });
		expect(
			db()
				.$client.prepare(
					"SELECT after FROM audit_log WHERE entity = 'import_batch' AND entity_id = ? ORDER BY id DESC"
				)
				.pluck()
				.get(String(id))
		).toBe(JSON.stringify({ status: 'undone', removed: 14, restored: 0 }));
		expect(count('company')).toBe(before.companies);
		expect(searchCount('nguyen')).toBe(0);
		expect(() => undo(admin, id)).toThrow(/undone already/);
		// Like any deletion in the audit log, they can be rolled back: its company, then the contact.
		const companyId = JSON.parse(removed.before).companyId as number;
		const company = undone.find((a) => a.entity === 'company' && JSON.parse(a.before).id === companyId)!;
		rollback(admin, company.id);
		const restored = rollback(admin, removed.id);
		expect(
			db().$client.prepare('SELECT email FROM contact WHERE id = ?').pluck().get(restored.entityId)
		).toBe(JSON.parse(removed.before).email);
	});

	it('finds duplicates by email, whatever its case, and updates them when asked; undo restores them', async () => {
		const admin = makeActor('admin');
		const first = await upload(admin, 'contact', fixture('salesforce-contacts.csv'));
		commit(admin, first.id);
		const second = await upload(admin, 'contact', fixture('hubspot-contacts.csv'));
		expect(plan(admin, second.id)).toMatchObject({ duplicates: 1, skipped: 1 });
		configure(admin, second.id, {
			...Object.fromEntries(
				Object.entries(summary(admin, second.id).mapping!).map(([k, v]) => [`map_${k}`, String(v)])
			),
			duplicates: 'update'
		});
		expect(commit(admin, second.id)).toMatchObject({ created: 5, updated: 1 });
		const zoe = db()
			.$client.prepare(
				"SELECT title, version FROM contact WHERE email = 'zoe.hartley@kingfisher-supplies.example'"
			)
			.get();
		expect(zoe).toEqual({ title: 'Procurement Director', version: 2 });
		// The update is audited per record, before and after, with field names like a form's change.
		const imported = db()
			.$client.prepare(
				"SELECT before, after FROM audit_log WHERE summary LIKE ? AND action = 'update' AND entity = 'contact'"
			)
			.all(`Imported from hubspot-contacts.csv (#${second.id})`) as { before: string; after: string }[];
		expect(imported).toHaveLength(1);
		expect(JSON.parse(imported[0].before)).toMatchObject({ title: 'Head of Procurement', version: 1 });
		expect(JSON.parse(imported[0].after)).toMatchObject({ title: 'Procurement Director', version: 2 });
		expect(JSON.parse(imported[0].after)).not.toHaveProperty('name_key');
		// The search index follows the update, and then the undo.
		const indexed = (word: string) =>
			db()
				.$client.prepare(
					"SELECT count(*) FROM crm_search WHERE crm_search MATCH ? AND rowid = (SELECT id * 4 + 2 FROM contact WHERE email = 'zoe.hartley@kingfisher-supplies.example')"
				)
				.pluck()
				.get(word);
		await drainBacklog();
		expect([indexed('director'), indexed('head')]).toEqual([1, 0]);
		undo(admin, second.id);
		await drainBacklog();
		expect([indexed('director'), indexed('head')]).toEqual([0, 1]);
		expect(
			db()
				.$client.prepare("SELECT title FROM contact WHERE email = 'zoe.hartley@kingfisher-supplies.example'")
				.pluck()
				.get()
		).toBe('Head of Procurement');
		// The restore is audited with field names like any change, so it can be rolled back in turn.
		const restore = db()
			.$client.prepare("SELECT id, before, after FROM audit_log WHERE summary = ? AND action = 'update'")
			.get(`Undo of import #${second.id}`) as { id: number; before: string; after: string };
		expect(JSON.parse(restore.before)).toMatchObject({
			title: 'Procurement Director',
			companyId: expect.any(Number)
		});
		expect(JSON.parse(restore.before)).not.toHaveProperty('company_id');
		expect(JSON.parse(restore.after)).toMatchObject({ title: 'Head of Procurement' });
		rollback(admin, restore.id);
		expect(
			db()
				.$client.prepare("SELECT title FROM contact WHERE email = 'zoe.hartley@kingfisher-supplies.example'")
				.pluck()
				.get()
		).toBe('Procurement Director');
	});

	it('commits what its preview validated only while nothing the preview read has changed', async () => {
		const admin = makeActor('admin');
		const rep = makeActor('rep');
		const csv = (tag: string) =>
			new File(
				[
					`First Name,Last Name,Email,Owner Email\nAn,Trần,an.${tag}@reuse.example,${rep.user.email}\n` +
						`Bình,Lê,binh.${tag}@reuse.example,\n`
				],
				`${tag}.csv`
			);
		const emails = (tag: string) =>
			db()
				.$client.prepare('SELECT email FROM contact WHERE email LIKE ? ORDER BY email')
				.pluck()
				.all(`%.${tag}@reuse.example`);

		// A record with one of the file's emails created after the preview is a duplicate at commit.
		const late = await upload(admin, 'contact', csv('late'));
		expect(plan(admin, late.id)).toMatchObject({ duplicates: 0, problems: [] });
		db()
			.$client.prepare(
				"INSERT INTO contact (first_name, last_name, name_key, email, owner_id, created_at, updated_at) VALUES ('Bình', 'Lê', 'le binh', 'binh.late@reuse.example', ?, 0, 0)"
			)
			.run(admin.user.id);
		expect(commit(admin, late.id)).toMatchObject({ created: 1, skipped: 1 });
		expect(emails('late')).toEqual(['an.late@reuse.example', 'binh.late@reuse.example']);

		// An owner deactivated after the preview: the rows are validated again and the file refused.
		const gone = await upload(admin, 'contact', csv('gone'));
		expect(plan(admin, gone.id).problems).toEqual([]);
		db().$client.prepare('UPDATE user SET active = 0 WHERE id = ?').run(rep.user.id);
		expect(() => commit(admin, gone.id)).toThrow(/1 row\(s\) have errors/);
		expect(emails('gone')).toEqual([]);
		expect(plan(admin, gone.id).problems).toEqual([
			{ row: 2, message: `No active user has the owner email “${rep.user.email}”.` }
		]);

		// A batch the server no longer has at hand (two newer uploads since, or a restart) is read back.
		const early = await upload(admin, 'contact', csv('early'));
		await upload(admin, 'contact', csv('later1'));
		await upload(admin, 'contact', csv('later2'));
		expect(summary(admin, early.id).sample).toEqual([
			['An', 'Trần', 'an.early@reuse.example', rep.user.email],
			['Bình', 'Lê', 'binh.early@reuse.example', '']
		]);
		expect(plan(admin, early.id).problems).toHaveLength(1); // the owner is still inactive
		configure(admin, early.id, { map_firstName: '0', map_lastName: '1', map_email: '2', duplicates: 'skip' });
		expect(commit(admin, early.id)).toMatchObject({ created: 2 });
		expect(emails('early')).toEqual(['an.early@reuse.example', 'binh.early@reuse.example']);
	});

	it('refuses to commit a file with errors, listing each row, and writes nothing', async () => {
		const admin = makeActor('admin');
		const { id } = await upload(admin, 'contact', fixture('contacts-with-errors.csv'));
		const { problems } = plan(admin, id);
		expect(problems).toEqual([
			{ row: 3, message: 'Last name: Enter the last (family) name.' },
			{ row: 4, message: 'Email: Enter a valid email address, like name@example.com.' },
			{ row: 5, message: 'Phone: Enter digits, spaces and + ( ) - / . only.' },
			{ row: 6, message: 'Same email as row 2.' }
		]);
		const contacts = count('contact');
		expect(() => commit(admin, id)).toThrow(/4 row\(s\) have errors/);
		expect(count('contact')).toBe(contacts);
	});

	it('refuses undo when a record it made has changed since', async () => {
		const admin = makeActor('admin');
		const { id } = await upload(admin, 'company', fixture('companies.csv'));
		commit(admin, id);
		// Companies already in the CRM by name are skipped; Meridian was removed by the undo above, so it is new.
		const made = db()
			.$client.prepare("SELECT entity_id FROM import_change WHERE batch_id = ? AND action = 'create' LIMIT 1")
			.pluck()
			.get(id) as number;
		expect(made).toBeGreaterThan(0);
		db()
			.$client.prepare('UPDATE company SET industry = ?, version = version + 1 WHERE id = ?')
			.run('Changed by hand', made);
		expect(() => undo(admin, id)).toThrow(/changed or deleted since/);
	});

	describe('undo after a later import was undone', () => {
		const file = (name: string, lines: string[]) => new File([lines.join('\n')], name);
		const header = 'First Name,Last Name,Email,Job Title';
		const people = (tag: string, title: string) => [
			`Quỳnh,Đặng,quynh.${tag}@chain.example,${title}`,
			`Артём,Волков,artem.${tag}@chain.example,${title}`
		];
		/** Imports `lines` with duplicates updated; the batch id. */
		const importUpdating = async (admin: ReturnType<typeof makeActor>, name: string, lines: string[]) => {
			const { id } = await upload(admin, 'contact', file(name, [header, ...lines]));
			configure(admin, id, {
				map_firstName: '0',
				map_lastName: '1',
				map_email: '2',
				map_title: '3',
				duplicates: 'update'
			});
			commit(admin, id);
			return id;
		};
		const contacts = (tag: string) =>
			db()
				.$client.prepare('SELECT email, title FROM contact WHERE email LIKE ? ORDER BY email')
				.all(`%.${tag}@chain.example`) as { email: string; title: string }[];

		it('undoes an import whose records a later, undone import had updated', async () => {
			const admin = makeActor('admin');
			const a = await importUpdating(admin, 'a.csv', people('ab', 'Buyer'));
			const b = await importUpdating(admin, 'b.csv', people('ab', 'Head buyer'));
			expect(contacts('ab').map((c) => c.title)).toEqual(['Head buyer', 'Head buyer']);
			expect(undo(admin, b)).toEqual({ removed: 0, restored: 2 });
			expect(contacts('ab').map((c) => c.title)).toEqual(['Buyer', 'Buyer']);
			// B's update and its undo are no change since A: A undoes, and its contacts are gone.
			expect(undo(admin, a)).toEqual({ removed: 2, restored: 0 });
			expect(contacts('ab')).toEqual([]);
		});

		it('undoes a chain of three in reverse order', async () => {
			const admin = makeActor('admin');
			const a = await importUpdating(admin, 'a.csv', people('abc', 'Buyer'));
			const b = await importUpdating(admin, 'b.csv', people('abc', 'Senior buyer'));
			const c = await importUpdating(admin, 'c.csv', people('abc', 'Head buyer'));
			// B cannot go while C's changes stand on top of it.
			expect(() => undo(admin, b)).toThrow(/changed or deleted since/);
			undo(admin, c);
			expect(undo(admin, b)).toEqual({ removed: 0, restored: 2 });
			expect(undo(admin, a)).toEqual({ removed: 2, restored: 0 });
			expect(contacts('abc')).toEqual([]);
		});

		it('still refuses when someone changed a record before or after the undone import', async () => {
			const admin = makeActor('admin');
			const byHand = (tag: string) =>
				db()
					.$client.prepare(
						"UPDATE contact SET phone = '+84 24 0000 0000', version = version + 1 WHERE email = ?"
					)
					.run(`quynh.${tag}@chain.example`);
			// Changed by hand after the later import was undone.
			const a1 = await importUpdating(admin, 'a.csv', people('after', 'Buyer'));
			undo(admin, await importUpdating(admin, 'b.csv', people('after', 'Head buyer')));
			byHand('after');
			expect(() => undo(admin, a1)).toThrow(/1 record\(s\) from this import have been changed/);
			// Changed by hand between the two imports.
			const a2 = await importUpdating(admin, 'a.csv', people('between', 'Buyer'));
			byHand('between');
			undo(admin, await importUpdating(admin, 'b.csv', people('between', 'Head buyer')));
			expect(() => undo(admin, a2)).toThrow(/1 record\(s\) from this import have been changed/);
			expect(contacts('between')).toHaveLength(2);
		});
	});

	it('needs the import permission', async () => {
		await expect(upload(makeActor('manager'), 'contact', fixture('companies.csv'))).rejects.toMatchObject({
			status: 403
		});
	});
});

describe('importing deals and custom fields', () => {
	const csv = (name: string, lines: string[]) => new File([lines.join('\n')], name);
	const mapAll = (id: number, extra: Record<string, string> = {}) => {
		const admin = makeActor('admin');
		configure(admin, id, {
			...Object.fromEntries(
				Object.entries(summary(admin, id).mapping!).map(([k, v]) => [`map_${k}`, String(v)])
			),
			duplicates: 'skip',
			...extra
		});
	};
	/** Imports `first`, then `then` over it with duplicates updated; the second batch and its commit's counts. */
	const importThenUpdate = async (
		entity: 'contact' | 'company',
		header: string,
		first: string[],
		then: string[]
	) => {
		const admin = makeActor('admin');
		commit(admin, (await upload(admin, entity, csv('first.csv', [header, ...first]))).id);
		const again = await upload(admin, entity, csv('again.csv', [header, ...then]));
		mapAll(again.id, { duplicates: 'update' });
		return { admin, id: again.id, result: commit(admin, again.id) };
	};

	it('imports a Salesforce opportunities report: stages by name, contacts by email, companies made, a custom field filled', async () => {
		const admin = makeActor('admin');
		for (const [name, probability] of [
			['Lead', '10'],
			['Qualified', '25'],
			['Proposal', '50'],
			['Negotiation', '70']
		])
			createStage(admin, { name, probability, kind: 'open' });
		createField(admin, {
			entity: 'deal',
			label: 'Lead source',
			type: 'select',
			options: 'Web\nReferral\nTrade show'
		});
		const contacts = await upload(admin, 'contact', fixture('salesforce-contacts.csv'));
		commit(admin, contacts.id);

		const { id } = await upload(admin, 'deal', fixture('salesforce-opportunities.csv'));
		expect(summary(admin, id).mapping).toMatchObject({
			name: 0,
			companyName: 1,
			contactEmail: 2,
			amount: 3,
			currency: 4,
			stage: 5,
			closeDate: 6,
			probability: 7,
			cf_lead_source: 8
		});
		const preview = plan(admin, id);
		expect(preview.problems).toEqual([]);
		expect(preview.newCompanies).toEqual(['Công ty Hòa Phát', 'ООО Волга Логистик', '华信贸易有限公司']);
		expect(commit(admin, id)).toMatchObject({ created: 4, newCompanies: 3 });
		const deals = db()
			.$client.prepare(
				`SELECT d.name, d.amount_minor AS amount, d.currency, s.name AS stage, d.probability, d.custom,
				   c.email AS contact, co.name AS company
				 FROM deal d JOIN pipeline_stage s ON s.id = d.stage_id LEFT JOIN contact c ON c.id = d.contact_id
				 LEFT JOIN company co ON co.id = d.company_id ORDER BY d.name`
			)
			.all();
		expect(deals).toEqual([
			expect.objectContaining({
				amount: 125_000_000_000,
				currency: 'VND',
				stage: 'Qualified',
				probability: 25
			}),
			{
				name: 'Kingfisher framework renewal',
				amount: 4_800_000,
				currency: 'GBP',
				stage: 'Proposal',
				probability: 60,
				custom: '{"lead_source":"Referral"}',
				contact: 'zoe.hartley@kingfisher-supplies.example',
				company: 'Kingfisher Supplies Ltd'
			},
			expect.objectContaining({
				stage: 'Negotiation',
				probability: 75,
				custom: '{"lead_source":"Trade show"}'
			}),
			expect.objectContaining({ company: '华信贸易有限公司', stage: 'Lead', probability: 10 })
		]);
		// The same file again: every deal is a duplicate (same name and company) and is skipped.
		const again = await upload(admin, 'deal', fixture('salesforce-opportunities.csv'));
		expect(plan(admin, again.id)).toMatchObject({ duplicates: 4, skipped: 4, creates: [] });
		expect(undo(admin, id)).toEqual({ removed: 7, restored: 0 });
		expect(count('deal')).toBe(0);
	});

	it('says which deal rows are wrong: unknown stage, unknown contact, bad amount, impossible date', async () => {
		const admin = makeActor('admin');
		const { id } = await upload(
			admin,
			'deal',
			csv('bad-deals.csv', [
				'Deal name,Stage,Contact email,Amount,Close date',
				'Good,Lead,,100,2027-01-01',
				'Ghost stage,Won-ish,,100,',
				'Nobody,Lead,nobody@nowhere.example,100,',
				'Priceless,Lead,,a lot,',
				'Leap,Lead,,100,2027-02-30',
				',Lead,,100,'
			])
		);
		expect(plan(admin, id).problems).toEqual([
			{ row: 3, message: expect.stringMatching(/^Stage: there is no stage called “Won-ish”/) },
			{ row: 4, message: 'Contact email: no contact has the email “nobody@nowhere.example”.' },
			{ row: 5, message: 'Amount: Enter an amount such as 12500 or 12,500.00.' },
			{ row: 6, message: 'Expected close (YYYY-MM-DD): Enter a date as YYYY-MM-DD.' },
			{ row: 7, message: 'Deal name: Name the deal.' }
		]);
		expect(() => commit(admin, id)).toThrow(/5 row\(s\) have errors/);
		expect(count('deal')).toBe(0);
	});

	it('undoes an update that moved a record to a company the same import created', async () => {
		const { admin, id, result } = await importThenUpdate(
			'contact',
			'First Name,Last Name,Email,Account Name',
			['Ngọc,Phạm,ngoc.pham@moved.example,Old Co Ltd'],
			['Ngọc,Phạm,ngoc.pham@moved.example,Brand New Co']
		);
		expect(result).toMatchObject({ updated: 1, newCompanies: 1 });
		const companyOf = () =>
			db()
				.$client.prepare(
					"SELECT co.name FROM contact c JOIN company co ON co.id = c.company_id WHERE c.email = 'ngoc.pham@moved.example'"
				)
				.pluck()
				.get();
		expect(companyOf()).toBe('Brand New Co');
		// The contact goes back to its old company before the new one is removed.
		expect(undo(admin, id)).toEqual({ removed: 1, restored: 1 });
		expect(companyOf()).toBe('Old Co Ltd');
		expect(
			db().$client.prepare("SELECT count(*) FROM company WHERE name = 'Brand New Co'").pluck().get()
		).toBe(0);
	});

	it('refuses an undo, changing nothing, when something now refers to a record it would remove', async () => {
		const admin = makeActor('admin');
		const { id } = await upload(
			admin,
			'contact',
			csv('followed.csv', ['First Name,Last Name,Email', 'Thảo,Võ,thao.vo@followed.example'])
		);
		commit(admin, id);
		const contactId = db()
			.$client.prepare("SELECT id FROM contact WHERE email = 'thao.vo@followed.example'")
			.pluck()
			.get() as number;
		log(admin, { type: 'call', subject: 'Welcome call', contactId: String(contactId) });
		expect(() => undo(admin, id)).toThrow(
			new Refused(
				'Records created by this import are now referred to by others (deals, activities, contacts): undo is refused.'
			)
		);
		expect(db().$client.prepare('SELECT count(*) FROM contact WHERE id = ?').pluck().get(contactId)).toBe(1);
		expect(db().$client.prepare('SELECT status FROM import_batch WHERE id = ?').pluck().get(id)).toBe(
			'committed'
		);
	});

	it('applies two rows that match the same record (one by domain, one by name) in file order, and undoes both', async () => {
		const { admin, id, result } = await importThenUpdate(
			'company',
			'Company name,Website,Industry',
			['Northwind Traders Ltd,northwind-traders.example,Retail'],
			['Northwind Traders Ltd,,Wholesale', 'Northwind Trading Company,northwind-traders.example,']
		);
		expect(result).toMatchObject({ created: 0, updated: 2 });
		const read = () =>
			db()
				.$client.prepare(
					"SELECT name, industry, version FROM company WHERE domain = 'northwind-traders.example'"
				)
				.all();
		expect(read()).toEqual([{ name: 'Northwind Trading Company', industry: 'Wholesale', version: 2 }]);
		undo(admin, id);
		expect(read()).toEqual([{ name: 'Northwind Traders Ltd', industry: 'Retail', version: 3 }]);
	});

	it('validates custom fields per row, needs required ones mapped, and fills in without blanking on update', async () => {
		const admin = makeActor('admin');
		createField(admin, { entity: 'company', label: 'Employees', type: 'number', required: 'on' });
		createField(admin, { entity: 'company', label: 'Key account', type: 'checkbox' });
		const { id } = await upload(
			admin,
			'company',
			csv('tiers.csv', [
				'Company name,Employees,Key account',
				'Sông Hồng Textiles,"1,200",yes',
				'Ural Steel,many,'
			])
		);
		expect(plan(admin, id).problems).toEqual([
			{ row: 3, message: 'Employees: Enter a number such as 42 or 1250.5.' }
		]);
		const e = (() => {
			try {
				mapAll(id, { map_cf_employees: '' });
			} catch (x) {
				return x as InvalidInput;
			}
		})();
		expect(e?.fieldErrors).toEqual({
			map_cf_employees: 'Employees is required: map the column that holds it.'
		});

		const ok = await upload(
			admin,
			'company',
			csv('tiers.csv', ['Company name,Employees,Key account', 'Sông Hồng Textiles,"1,200",yes'])
		);
		commit(admin, ok.id);
		const custom = () =>
			JSON.parse(
				db()
					.$client.prepare("SELECT custom FROM company WHERE name = 'Sông Hồng Textiles'")
					.pluck()
					.get() as string
			);
		expect(custom()).toEqual({ employees: 1200, key_account: true });
		// An update from a file without the checkbox column keeps the tick and changes the number.
		const update = await upload(
			admin,
			'company',
			csv('more.csv', ['Company name,Employees', 'Sông Hồng Textiles,1500'])
		);
		mapAll(update.id, { duplicates: 'update' });
		expect(commit(admin, update.id)).toMatchObject({ updated: 1 });
		expect(custom()).toEqual({ employees: 1500, key_account: true });
		undo(admin, update.id);
		expect(custom()).toEqual({ employees: 1200, key_account: true });
	});
});

describe('imports of real exports: owners by name, the preview table, discarding', () => {
	const csv = (name: string, lines: string[]) => new File([lines.join('\n')], name);
	/** An active rep called `name` (the demo's people have names in five scripts). */
	const person = (name: string, teamId: number | null = null) => {
		const actor = makeActor('rep', { teamId });
		db()
			.$client.prepare('UPDATE user SET name = ?, name_key = ? WHERE id = ?')
			.run(name, fold(name), actor.user.id);
		return actor.user.id;
	};
	const ownerOf = (email: string) =>
		db().$client.prepare('SELECT owner_id FROM contact WHERE email = ?').pluck().get(email);

	it('imports a HubSpot export whose "Contact owner" holds names: by the one person in scope so called, accents and case aside', async () => {
		const admin = makeActor('admin');
		const owners = Object.fromEntries(
			['Ruth Evans', 'Vũ Đức Thắng', 'Дмитрий Новиков', 'Trần Ngọc Lan', '李敏', 'Siobhán Evans'].map((n) => [
				n,
				person(n)
			])
		);
		const { id } = await upload(admin, 'contact', fixture('hubspot-contacts-owner-names.csv'));
		const { mapping, fields } = summary(admin, id);
		expect(mapping).toMatchObject({ ownerEmail: 5, companyName: 6, email: 3 });
		expect(fields.find((f) => f.key === 'ownerEmail')?.label).toBe('Owner (email or name)');
		expect(plan(admin, id).problems).toEqual([]);
		expect(commit(admin, id)).toMatchObject({ created: 7 });
		expect(ownerOf('eleanor.whitfield@harbourline-hs.example')).toBe(owners['Ruth Evans']);
		expect(ownerOf('anna.belova@baltika-hs.example')).toBe(owners['Дмитрий Новиков']); // й folded
		expect(ownerOf('wei.chen@huanan-hs.example')).toBe(owners['李敏']);
		expect(ownerOf('aoife.gallagher@liffey-hs.example')).toBe(owners['Siobhán Evans']); // written without accent
		expect(ownerOf('tomas.ribeiro@tejo-hs.example')).toBe(admin.user.id); // no owner: the importer
		undo(admin, id);
	});

	it('tells an ambiguous or unknown owner on its row, quoting it as written; a column failing every row can be left out', async () => {
		const admin = makeActor('admin');
		person('Lê Văn Hùng');
		person('Le Van Hung');
		const { id } = await upload(
			admin,
			'contact',
			csv('owners.csv', [
				'First Name,Last Name,Email,Contact owner',
				'Hà,Đỗ,ha.do@owners.example,LÊ VĂN HÙNG',
				'Ilya,Orlov,ilya.orlov@owners.example,Nobody Here',
				'Mai,Phan,mai.phan@owners.example,Nobody@Owners.Example'
			])
		);
		expect(plan(admin, id).problems).toEqual([
			{
				row: 2,
				message:
					'Owner: more than one person is called “LÊ VĂN HÙNG”: write the owner’s email in this column instead.'
			},
			{
				row: 3,
				message:
					'Owner: no active user is called “Nobody Here”: write the owner’s name as Uptake has it, or their email.'
			},
			{ row: 4, message: 'No active user has the owner email “Nobody@Owners.Example”.' }
		]);
		const shown = preview(admin, id, { page: 1, show: 'all' });
		expect(shown.leaveOut).toEqual([
			{
				key: 'ownerEmail',
				label: 'Owner (email or name)',
				column: 'Contact owner',
				example: expect.stringMatching(/^Row 2: Owner: more than one person/)
			}
		]);
		// The name can never be left out; the owner column can, and the rows are then the importer's.
		expect(() => leaveOut(admin, id, 'lastName')).toThrow(Refused);
		leaveOut(admin, id, 'ownerEmail');
		expect(summary(admin, id).mapping).not.toHaveProperty('ownerEmail');
		const again = preview(admin, id, { page: 1, show: 'all' });
		expect([again.problemCount, again.leaveOut, again.creates]).toEqual([0, [], 3]);
		commit(admin, id);
		expect(ownerOf('ha.do@owners.example')).toBe(admin.user.id);
		undo(admin, id);
	});

	it('matches owners only within the importer’s scope, by name or by email', async () => {
		db()
			.insert(schema.role)
			.values({
				name: 'importer',
				label: 'Importer',
				permissions: ['crm.read', 'crm.write', 'crm.import'],
				scope: 'team'
			})
			.run();
		const mine = makeTeam();
		const importer = makeActor('importer', { teamId: mine });
		person('Đinh Thị Yến', mine);
		person('Ольга Морозова', makeTeam());
		const outside = makeActor('rep', { teamId: makeTeam() });
		const { id } = await upload(
			importer,
			'contact',
			csv('scope.csv', [
				'First Name,Last Name,Email,Owner',
				'Lan,Vũ,lan.vu@scope.example,dinh thi yen',
				'Pavel,Sokolov,pavel.sokolov@scope.example,Ольга Морозова',
				`Quang,Hồ,quang.ho@scope.example,${outside.user.email}`
			])
		);
		expect(plan(importer, id).problems).toEqual([
			{
				row: 3,
				message:
					'Owner: no active user you can give records to is called “Ольга Морозова”: write the owner’s name as Uptake has it, or their email.'
			},
			{
				row: 4,
				message: `No active user you can give records to has the owner email “${outside.user.email}”.`
			}
		]);
		expect(preview(importer, id, { page: 1, show: 'error' }).rows.rows.map((r) => r.row)).toEqual([3, 4]);
		expect(preview(importer, id, { page: 1, show: 'create' }).rows.rows[0].cells).toContain('Đinh Thị Yến');
	});

	it('previews every row as it will be written, page by page, with errors and matched records beside their rows', async () => {
		const admin = makeActor('admin');
		const existing = await upload(
			admin,
			'contact',
			csv('existing.csv', ['First Name,Last Name,Email', 'Nadia,Farouk,nadia.farouk@table.example'])
		);
		commit(admin, existing.id);
		const nadia = db()
			.$client.prepare("SELECT id FROM contact WHERE email = 'nadia.farouk@table.example'")
			.pluck()
			.get() as number;
		const many = Array.from({ length: 27 }, (_, i) => `Row${i},Filler,filler.${i}@table.example,,`);
		const { id } = await upload(
			admin,
			'contact',
			csv('table.csv', [
				'First Name,Last Name,Email,Job Title,Company',
				'Nadia,Farouk,NADIA.FAROUK@table.example,Buyer,',
				'Eve,Hacker,eve@table.example,<script>alert(1)</script>,<img src=x onerror=alert(2)>',
				'Bad,Email,not-an-email,,',
				...many
			])
		);
		const first = preview(admin, id, { page: 1, show: 'all' });
		expect(first.columns.map((c) => c.label)).toEqual(['Name', 'Email', 'Job title', 'Company', 'Owner']);
		expect(first.counts).toEqual({ all: 30, error: 1, create: 28, update: 0, skip: 1 });
		expect(first.rows).toMatchObject({ total: 30, page: 1, pageSize: 25 });
		expect(first.rows.rows.slice(0, 3)).toEqual([
			{
				row: 2,
				outcome: 'skip',
				match: nadia,
				cells: ['Nadia Farouk', 'NADIA.FAROUK@table.example', 'Buyer', '', '']
			},
			{
				row: 3,
				outcome: 'create',
				// The values as written: text, never markup; the company is marked as one the import creates.
				cells: [
					'Eve Hacker',
					'eve@table.example',
					'<script>alert(1)</script>',
					'<img src=x onerror=alert(2)> (new company)',
					admin.user.name
				]
			},
			{
				row: 4,
				outcome: 'error',
				message: 'Email: Enter a valid email address, like name@example.com.',
				cells: ['Bad Email', 'not-an-email', '', '', '']
			}
		]);
		const second = preview(admin, id, { page: 2, show: 'all' });
		expect(second.rows.rows.map((r) => r.row)).toEqual([27, 28, 29, 30, 31]);
		// Past the last page: the last page.
		expect(preview(admin, id, { page: 9, show: 'error' }).rows).toMatchObject({ page: 1, total: 1 });
		// Duplicates updated instead: each row says which record it updates.
		configure(admin, id, {
			map_firstName: '0',
			map_lastName: '1',
			map_email: '2',
			map_title: '3',
			duplicates: 'update'
		});
		expect(preview(admin, id, { page: 1, show: 'update' }).rows.rows).toEqual([
			{
				row: 2,
				outcome: 'update',
				match: nadia,
				cells: ['Nadia Farouk', 'nadia.farouk@table.example', 'Buyer', admin.user.name]
			}
		]);
		expect(previewQuery(new URLSearchParams('show=bogus&page=-3'))).toEqual({ page: 1, show: 'all' });
		expect(previewQuery(new URLSearchParams('show=skip&page=2'))).toEqual({ page: 2, show: 'skip' });
	});

	it('offers nothing to import when every row is a duplicate to skip', async () => {
		const admin = makeActor('admin');
		const lines = [
			'First Name,Last Name,Email',
			'Olu,Adeyemi,olu@skipped.example',
			'Ifeoma,Eze,ifeoma@skipped.example'
		];
		commit(admin, (await upload(admin, 'contact', csv('first.csv', lines))).id);
		const { id } = await upload(admin, 'contact', csv('again.csv', lines));
		expect(preview(admin, id, { page: 1, show: 'all' })).toMatchObject({
			nothingToImport: true,
			skipped: 2,
			creates: 0
		});
		configure(admin, id, { map_firstName: '0', map_lastName: '1', map_email: '2', duplicates: 'update' });
		expect(preview(admin, id, { page: 1, show: 'all' })).toMatchObject({
			nothingToImport: false,
			updates: 2
		});
	});

	it('discards an import never committed: its batch and file go, audited; a committed one is undone instead', async () => {
		const admin = makeActor('admin');
		const { id } = await upload(admin, 'contact', fixture('hubspot-contacts.csv'));
		plan(admin, id);
		const contacts = count('contact');
		discard(admin, id);
		expect(db().$client.prepare('SELECT count(*) FROM import_batch WHERE id = ?').pluck().get(id)).toBe(0);
		expect(count('contact')).toBe(contacts);
		expect(() => summary(admin, id)).toThrow(expect.objectContaining({ status: 404 }));
		expect(() => commit(admin, id)).toThrow(expect.objectContaining({ status: 404 }));
		expect(
			db()
				.$client.prepare(
					"SELECT action, summary FROM audit_log WHERE entity = 'import_batch' AND entity_id = ?"
				)
				.get(String(id))
		).toEqual({
			action: 'delete',
			summary: 'Discarded import of hubspot-contacts.csv before it was committed'
		});

		const committed = await upload(
			admin,
			'contact',
			csv('kept.csv', ['Last Name,Email', 'Kowalska,ewa@kept.example'])
		);
		commit(admin, committed.id);
		expect(() => discard(admin, committed.id)).toThrow('This import has been committed: undo it instead.');
		expect(() => discard(makeActor('manager'), committed.id)).toThrow(
			expect.objectContaining({ status: 403 })
		);
	});
});
