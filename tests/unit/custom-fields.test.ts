import { describe, expect, it } from 'vitest';
import {
	create as createContact,
	get as getContact,
	update as updateContact
} from '$lib/server/crm/contacts';
import { create, customFilters, fieldsOf, list, move, remove, update } from '$lib/server/crm/custom-fields';
import {
	create as createCompany,
	exportSpec as companyExport,
	list as listCompanies
} from '$lib/server/crm/companies';
import { exportResponse } from '$lib/server/crm/export';
import { create as createDeal } from '$lib/server/crm/deals';
import { create as createStage } from '$lib/server/crm/pipeline';
import { InvalidInput, StaleRecord } from '$lib/server/validation';
import { keyOf, parseCustomValue } from '$lib/custom-fields';
import { makeActor } from './helpers';

const fieldErrors = (run: () => unknown) => {
	try {
		run();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors;
		throw e;
	}
	throw new Error('expected InvalidInput');
};

describe('custom field definitions', () => {
	it('are added by an admin with a stable key, checked, ordered and removed', () => {
		const admin = makeActor('admin');
		const lang = create(admin, {
			entity: 'contact',
			label: 'Preferred language',
			type: 'select',
			options: 'English\nTiếng Việt\nРусский\n'
		});
		expect(lang).toMatchObject({ key: 'preferred_language', options: ['English', 'Tiếng Việt', 'Русский'] });
		expect(
			fieldErrors(() => create(admin, { entity: 'contact', label: 'preferred language', type: 'text' }))
		).toEqual({
			label: 'There is a field called preferred language already.'
		});
		expect(
			fieldErrors(() => create(admin, { entity: 'contact', label: 'Tier', type: 'select', options: '' }))
		).toEqual({
			options: 'List the choices, one per line.'
		});
		expect(
			fieldErrors(() =>
				create(admin, { entity: 'contact', label: 'Opt-in', type: 'checkbox', required: 'on' })
			)
		).toHaveProperty('required');
		expect(fieldErrors(() => create(admin, { entity: 'lead', label: 'X', type: 'colour' }))).toMatchObject({
			entity: expect.any(String),
			type: expect.any(String)
		});
		const since = create(admin, { entity: 'contact', label: 'Customer since', type: 'date' });
		move(admin, since.id, -1);
		expect(fieldsOf('contact').map((f) => f.key)).toEqual(['customer_since', 'preferred_language']);
		// The type and key stay; label, choices and required change, based on the version seen.
		const renamed = update(
			admin,
			since.id,
			{ label: 'Client since', type: 'number', required: 'on' },
			since.version
		);
		expect(renamed).toMatchObject({
			key: 'customer_since',
			type: 'date',
			label: 'Client since',
			required: true
		});
		expect(() => update(admin, since.id, { label: 'Again' }, since.version)).toThrow(StaleRecord);
		remove(admin, since.id);
		remove(admin, lang.id);
		expect(list(admin).filter((f) => f.entity === 'contact')).toEqual([]);
		expect(() => create(makeActor('rep'), { entity: 'deal', label: 'X', type: 'text' })).toThrow(
			expect.objectContaining({ status: 403 })
		);
	});

	it('make keys from any label', () => {
		expect(keyOf('Số nhân viên')).toBe('so_nhan_vien');
		expect(keyOf('2026 budget (€)')).toBe('field_2026_budget');
		expect(keyOf('Имя')).toBe('field');
	});

	it('parse each type and say what is wrong', () => {
		const def = { key: 'k', label: 'Employees', required: false, options: [] };
		expect(parseCustomValue({ ...def, type: 'number' }, '1,250')).toEqual({ value: 1250 });
		expect(parseCustomValue({ ...def, type: 'number' }, 'many').error).toMatch(/number/);
		expect(parseCustomValue({ ...def, type: 'date' }, '2026-02-30').error).toMatch(/YYYY-MM-DD/);
		expect(parseCustomValue({ ...def, type: 'select', options: ['Gold', 'Silver'] }, 'gold')).toEqual({
			value: 'Gold'
		});
		expect(parseCustomValue({ ...def, type: 'checkbox' }, undefined)).toEqual({ value: false });
		expect(parseCustomValue({ ...def, type: 'text', required: true }, '  ').error).toBe(
			'Enter Employees: it is required.'
		);
	});
});

describe('custom values on records', () => {
	it('are saved with the record, required ones enforced together with the form’s own fields', () => {
		const admin = makeActor('admin');
		const stageId = String(createStage(admin, { name: 'Lead', probability: '10', kind: 'open' }).id);
		create(admin, {
			entity: 'deal',
			label: 'Lead source',
			type: 'select',
			options: 'Web\nReferral',
			required: 'on'
		});
		create(admin, { entity: 'deal', label: 'Signed', type: 'checkbox' });
		const errors = fieldErrors(() =>
			createDeal(admin, {
				name: '',
				amount: '100',
				currency: 'EUR',
				stageId,
				cf__present: '1',
				cf_lead_source: 'Fax'
			})
		);
		expect(errors).toMatchObject({
			name: expect.any(String),
			cf_lead_source: 'Choose one of: Web, Referral.'
		});
		expect(
			fieldErrors(() =>
				createDeal(admin, { name: 'Pilot', amount: '100', currency: 'EUR', stageId, cf__present: '1' })
			)
		).toEqual({ cf_lead_source: 'Enter Lead source: it is required.' });
		const deal = createDeal(admin, {
			name: 'Pilot',
			amount: '100',
			currency: 'EUR',
			stageId,
			cf__present: '1',
			cf_lead_source: 'referral',
			cf_signed: 'on'
		});
		expect(deal.custom).toEqual({ lead_source: 'Referral', signed: true });
	});

	it('keep values of fields a form does not carry, and report a stale save field by field', () => {
		const admin = makeActor('admin');
		create(admin, { entity: 'contact', label: 'Newsletter', type: 'checkbox' });
		const c = createContact(admin, { lastName: 'Lê', cf__present: '1', cf_newsletter: 'on' });
		expect(c.custom).toEqual({ newsletter: true });
		// A save without the custom fields (no cf__present) leaves them alone.
		const renamed = updateContact(admin, c.id, { lastName: 'Lê Thị' }, c.version);
		expect(renamed.custom).toEqual({ newsletter: true });
		const unticked = updateContact(admin, c.id, { lastName: 'Lê Thị', cf__present: '1' }, renamed.version);
		expect(getContact(admin, c.id).custom).toEqual({ newsletter: false });
		expect(unticked.version).toBe(renamed.version + 1);
		// A save from a form opened before the box was unticked, still showing it ticked, changed
		// nothing of its own there: the unticking stays and the form's own change is written.
		const merged = updateContact(
			admin,
			c.id,
			{ lastName: 'Lê Thị Hoa', cf__present: '1', cf_newsletter: 'on' },
			renamed.version
		);
		expect(merged).toMatchObject({ lastName: 'Lê Thị Hoa', custom: { newsletter: false } });
		// A custom field both sides changed is reported by its own name.
		create(admin, { entity: 'contact', label: 'Segment', type: 'text' });
		const before = updateContact(
			admin,
			c.id,
			{ lastName: 'Lê Thị Hoa', cf__present: '1', cf_segment: 'SMB' },
			merged.version
		);
		updateContact(
			admin,
			c.id,
			{ lastName: 'Lê Thị Hoa', cf__present: '1', cf_segment: 'Retail' },
			before.version
		);
		try {
			updateContact(
				admin,
				c.id,
				{ lastName: 'Lê Thị Hoa', cf__present: '1', cf_segment: 'Enterprise' },
				before.version
			);
			throw new Error('expected a stale save');
		} catch (e) {
			expect(e).toBeInstanceOf(StaleRecord);
			expect((e as StaleRecord).changed).toEqual([
				expect.objectContaining({ field: 'custom.segment', label: 'Segment', now: 'Retail' })
			]);
		}
	});
});

describe('custom fields in lists and exports', () => {
	it('filter, sort and export company lists by their values', async () => {
		const admin = makeActor('admin');
		const defs = [
			create(admin, { entity: 'company', label: 'Tier', type: 'select', options: 'Gold\nSilver\nBronze' }),
			create(admin, { entity: 'company', label: 'Headcount', type: 'number' }),
			create(admin, { entity: 'company', label: 'Partner', type: 'checkbox' }),
			create(admin, { entity: 'company', label: 'Since', type: 'date' })
		];
		expect(defs.map((d) => d.key)).toEqual(['tier', 'headcount', 'partner', 'since']);
		const make = (name: string, tier: string, headcount: string, partner: boolean, since: string) =>
			createCompany(admin, {
				name,
				cf__present: '1',
				cf_tier: tier,
				cf_headcount: headcount,
				...(partner ? { cf_partner: 'on' } : {}),
				cf_since: since
			});
		make('Alpha Logistics', 'Gold', '1200', true, '2019-04-01');
		make('Beta Foods', 'Silver', '80', false, '2023-09-15');
		make('Gamma Steel', 'Gold', '15000', false, '');
		make('Delta Tea', '', '', true, '2021-01-01');

		const names = (params: string, sort = 'name', dir: 'asc' | 'desc' = 'asc') => {
			const search = new URLSearchParams(params);
			const filters = { custom: customFilters(fieldsOf('company'), search) };
			return listCompanies(admin, { q: '', sort: sort as 'name', dir, page: 1 }, filters).rows.map(
				(r) => r.name
			);
		};
		expect(names('cf_tier=Gold')).toEqual(['Alpha Logistics', 'Gamma Steel']);
		expect(names('cf_partner=yes')).toEqual(['Alpha Logistics', 'Delta Tea']);
		expect(names('cf_partner=no')).toEqual(['Beta Foods', 'Gamma Steel']);
		expect(names('cf_headcount_from=100&cf_headcount_to=2000')).toEqual(['Alpha Logistics']);
		expect(names('cf_since_from=2020-01-01')).toEqual(['Beta Foods', 'Delta Tea']);
		expect(names('cf_headcount_from=lots')).toHaveLength(4); // a malformed filter is ignored
		expect(names('', 'cf_headcount', 'desc').slice(0, 3)).toEqual([
			'Gamma Steel',
			'Alpha Logistics',
			'Beta Foods'
		]);

		const text = await exportResponse(
			admin,
			companyExport(admin, '', { custom: { cf_tier: 'Gold' } }),
			'csv'
		).text();
		const [header, ...rows] = text
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(header).toContain('Tier,Headcount,Partner,Since');
		expect(rows).toHaveLength(2);
		expect(rows.find((r) => r.startsWith('Alpha'))).toContain('Gold,1200,Yes,2019-04-01');
		expect(rows.find((r) => r.startsWith('Gamma'))).toContain('Gold,15000,No,');
	});
});
