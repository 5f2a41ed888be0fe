import { beforeAll, describe, expect, it } from 'vitest';
import { create as createCompany, list as listCompanies } from '$lib/server/crm/companies';
import { create as createContact, list } from '$lib/server/crm/contacts';
import { search } from '$lib/server/crm/search';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor, makeTeam } from './helpers';

let admin: Actor;
let rep: Actor;

beforeAll(() => {
	admin = makeActor('admin');
	const team = makeTeam();
	rep = makeActor('rep', { teamId: team });
	const acme = createCompany(admin, {
		name: 'Công ty TNHH Thương mại Hòa Phát',
		domain: 'https://www.hoaphat.vn/about',
		phone: '+84 28 3822 1111'
	});
	createContact(admin, {
		firstName: 'Văn Anh',
		lastName: 'Nguyễn',
		email: 'anh.nguyen@hoaphat.vn',
		phone: '+84 912 345 678',
		companyId: String(acme.id)
	});
	createContact(admin, { firstName: 'Сергей', lastName: 'Иванов', email: 'sergey.ivanov@volga.ru' });
	createContact(admin, { firstName: '伟', lastName: '王', email: 'wang.wei@huaxin.cn' });
	createContact(admin, { firstName: 'முருகன்', lastName: 'சுப்பிரமணியம்', email: 'murugan@kaveri.in' });
	createContact(rep, {
		firstName: 'Zoë',
		lastName: 'Ørsted',
		email: 'zoe@example.com',
		ownerId: String(rep.user.id)
	});
});

const titles = (actor: Actor, q: string) => search(actor, q).map((h) => h.title);

describe('CRM search', () => {
	it('ignores diacritics and matches prefixes', () => {
		expect(titles(admin, 'Nguyen')).toContain('Văn Anh Nguyễn');
		expect(titles(admin, 'nguy')).toContain('Văn Anh Nguyễn');
		expect(titles(admin, 'NGUYỄN văn')).toContain('Văn Anh Nguyễn');
		expect(titles(admin, 'zoe orsted')).toEqual(['Zoë Ørsted']);
	});

	it('finds Cyrillic, Chinese and Tamil names', () => {
		expect(titles(admin, 'Серг')).toEqual(['Сергей Иванов']);
		expect(titles(admin, 'серге')).toEqual(['Сергей Иванов']);
		expect(titles(admin, '王')).toEqual(['伟 王']);
		expect(titles(admin, '王伟')).toEqual(['伟 王']);
		expect(titles(admin, 'முருகன்')).toEqual(['முருகன் சுப்பிரமணியம்']);
		expect(titles(admin, 'சுப்பிர')).toEqual(['முருகன் சுப்பிரமணியம்']);
	});

	it('finds contacts by email and phone fragments, companies by domain', () => {
		expect(titles(admin, 'sergey.iv')).toEqual(['Сергей Иванов']);
		expect(titles(admin, '345 678')).toEqual(['Văn Anh Nguyễn']);
		expect(titles(admin, '912345')).toEqual(['Văn Anh Nguyễn']);
		expect(titles(admin, 'hoaphat.vn')).toEqual(
			expect.arrayContaining(['Công ty TNHH Thương mại Hòa Phát', 'Văn Anh Nguyễn'])
		);
	});

	it('ranks a name match above a match elsewhere', () => {
		const hits = search(admin, 'hoa phat');
		expect(hits[0]).toMatchObject({ kind: 'company', title: 'Công ty TNHH Thương mại Hòa Phát' });
	});

	it('shows only records in the user’s scope', () => {
		expect(titles(rep, 'nguyen')).toEqual([]);
		expect(titles(rep, 'zoe')).toEqual(['Zoë Ørsted']);
	});

	it('treats search syntax as text', () => {
		expect(() => search(admin, '"unbalanced OR (NEAR')).not.toThrow();
		expect(search(admin, '***')).toEqual([]);
	});

	it('filters the contact list the same way', () => {
		const page = list(admin, { q: 'nguyen', sort: 'name', dir: 'asc', page: 1 });
		expect(page.rows.map((r) => r.lastName)).toEqual(['Nguyễn']);
		expect(list(rep, { q: 'nguyen', sort: 'name', dir: 'asc', page: 1 }).total).toBe(0);
	});
});

describe('CRM search scope', () => {
	// A rep of another team writes the words the index once kept scope as (migration 0006), and the
	// scope column's own words, into their records: nobody else may find or count those records by it.
	let victim: Actor;
	let manager: Actor;
	let writer: Actor;
	beforeAll(() => {
		const ownTeam = makeTeam();
		victim = makeActor('rep', { teamId: ownTeam });
		manager = makeActor('manager', { teamId: ownTeam });
		writer = makeActor('rep', { teamId: makeTeam() });
		const words = [
			`scopeowner${victim.user.id} scopeteam${ownTeam}`,
			`\u{E000}o${victim.user.id} \u{E000}t${ownTeam}`
		].join(' ');
		createContact(writer, {
			firstName: 'Mallory',
			lastName: 'Leakwood',
			email: 'mallory@leak.example',
			phone: '+44 7700 900123',
			title: words,
			city: words
		});
		createCompany(writer, { name: 'Leakwood Holdings', city: words });
	});
	const query = { q: 'leakwood', sort: 'name' as const, dir: 'asc' as const, page: 1 };

	it('is not widened in the search box by words typed into a record', () => {
		for (const other of [victim, manager]) {
			expect(titles(other, 'leakwood')).toEqual([]);
			expect(titles(other, 'mallory')).toEqual([]);
		}
		expect(titles(writer, 'leakwood').sort()).toEqual(['Leakwood Holdings', 'Mallory Leakwood']);
	});

	it('is not widened in list counts by words typed into a record', () => {
		for (const other of [victim, manager]) {
			expect(list(other, query).total).toBe(0);
			expect(listCompanies(other, query).total).toBe(0);
		}
		expect(list(writer, query).total).toBe(1);
		expect(listCompanies(writer, query).total).toBe(1);
	});

	it('is not reached by the search box either', () => {
		const team = makeTeam();
		const owner = makeActor('rep', { teamId: team });
		const other = makeActor('rep', { teamId: team });
		createContact(owner, { firstName: 'Quentin', lastName: 'Scopeless', email: 'q@scope.example' });
		for (const q of [
			`scope: o${owner.user.id}`,
			`{scope}: "\u{E000}o${owner.user.id}"`,
			`quentin OR scope:o${other.user.id}`,
			`scopeowner${owner.user.id}`
		]) {
			expect(() => search(other, q)).not.toThrow();
			expect(titles(other, q)).toEqual([]);
		}
		expect(titles(owner, 'quentin')).toEqual(['Quentin Scopeless']);
	});
});
