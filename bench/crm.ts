// CRM budgets at scale (issue 3): contact list and search at 1,000,000 contacts and 200,000 companies,
// and a streamed CSV export. Run by bench/run.ts; never part of `npm test`.
import { NAME_POOLS } from '../db/seed/names';
import { seededRandom } from '../db/seed/random';
import type { Actor, AuthUser } from '../src/lib/server/auth/actor';
import { list as listContacts, exportSpec } from '../src/lib/server/crm/contacts';
import { exportResponse } from '../src/lib/server/crm/export';
import { search } from '../src/lib/server/crm/search';
import { db } from '../src/lib/server/db';
import { contactNameKey } from '../src/lib/server/crm/contacts';
import { fold } from '../src/lib/text';
import { measure, type Result } from './measure';

export const SCALE = { companies: 200_000, contacts: 1_000_000 };

/** Bulk-loads companies and contacts owned by the demo's users (the search triggers index them as they go). */
function load(): { seconds: number } {
	const client = db().$client;
	const owners = client
		.prepare(
			"SELECT u.id, u.team_id FROM user u JOIN role r ON r.id = u.role_id WHERE r.name IN ('rep', 'manager') AND u.team_id IS NOT NULL"
		)
		.all() as { id: number; team_id: number }[];
	const r = seededRandom(42);
	const started = performance.now();
	if ((client.prepare('SELECT count(*) FROM contact').pluck().get() as number) >= SCALE.contacts)
		return { seconds: 0 };
	const insertCompany = client.prepare(
		'INSERT INTO company (name, name_key, domain, city, country, owner_id, team_id) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const insertContact = client.prepare(
		'INSERT INTO contact (first_name, last_name, name_key, email, phone, company_id, owner_id, team_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
	);
	const words = [
		'Northern',
		'Harbour',
		'Summit',
		'Meridian',
		'Granite',
		'Kingfisher',
		'Oakfield',
		'Silverline',
		'Redwood',
		'Blue Ridge'
	];
	const trades = [
		'Freight',
		'Foods',
		'Engineering',
		'Logistics',
		'Supplies',
		'Analytics',
		'Retail',
		'Energy'
	];
	const batch = 20_000;
	for (let start = 0; start < SCALE.companies; start += batch) {
		client.transaction(() => {
			for (let i = start; i < start + batch; i++) {
				const owner = owners[i % owners.length];
				const name = `${r.pick(words)} ${r.pick(trades)} ${i}`;
				insertCompany.run(
					name,
					fold(name),
					`company${i}.example`,
					'London',
					'United Kingdom',
					owner.id,
					owner.team_id
				);
			}
		})();
	}
	const firstCompany = client.prepare('SELECT min(id) FROM company').pluck().get() as number;
	for (let start = 0; start < SCALE.contacts; start += batch) {
		client.transaction(() => {
			for (let i = start; i < start + batch; i++) {
				const pool = NAME_POOLS[i % NAME_POOLS.length];
				const [firstName, givenAscii] = r.pick(pool.given);
				const [lastName, familyAscii] = r.pick(pool.family);
				const companyId = firstCompany + r.int(0, SCALE.companies - 1);
				const owner = owners[companyId % owners.length];
				insertContact.run(
					firstName,
					lastName,
					contactNameKey({ firstName, lastName }),
					`${givenAscii}.${familyAscii}.${i}@company${companyId}.example`,
					`+44 7${String(i).padStart(9, '0')}`,
					companyId,
					owner.id,
					owner.team_id
				);
			}
		})();
	}
	client.pragma('optimize');
	return { seconds: (performance.now() - started) / 1000 };
}

function actorFor(roleName: string): Actor {
	const client = db().$client;
	const row = client
		.prepare(
			`SELECT u.id, u.email, u.name, u.team_id AS teamId, u.role_id AS roleId, r.name AS roleName, r.label AS roleLabel, r.permissions, r.scope, r.can_export AS canExport
			 FROM user u JOIN role r ON r.id = u.role_id WHERE r.name = ? AND u.active = 1 AND u.team_id IS NOT NULL ORDER BY u.id LIMIT 1`
		)
		.get(roleName) as Record<string, unknown>;
	const user: AuthUser = {
		id: row.id as number,
		email: row.email as string,
		name: row.name as string,
		active: true,
		teamId: row.teamId as number,
		roleId: row.roleId as number,
		roleName: row.roleName as string,
		roleLabel: row.roleLabel as string,
		permissions: JSON.parse(row.permissions as string),
		scope: row.scope as AuthUser['scope'],
		canExport: !!row.canExport,
		teamName: null,
		locale: 'en'
	};
	return { user, requestId: 'bench', ip: '127.0.0.1' };
}

export async function crmBench(): Promise<{ results: Result[]; notes: string[] }> {
	const loaded = load();
	const admin = actorFor('admin');
	const manager = actorFor('manager');
	const contacts = db().$client.prepare('SELECT count(*) FROM contact').pluck().get() as number;
	const companies = db().$client.prepare('SELECT count(*) FROM company').pluck().get() as number;
	const notes = [
		`Loaded ${companies.toLocaleString('en')} companies and ${contacts.toLocaleString('en')} contacts in ${loaded.seconds.toFixed(0)} s (search index kept by triggers).`
	];
	const first = { q: '', sort: 'name' as const, dir: 'asc' as const, page: 1 };
	const results: Result[] = [
		measure(
			'contact list, first page, default sort (admin, scope all)',
			200,
			() => void listContacts(admin, first),
			50_000
		),
		measure(
			'contact list, first page (manager, team scope)',
			200,
			() => void listContacts(manager, first),
			50_000
		),
		measure(
			'contact list, page 200 sorted by email (admin)',
			100,
			() => void listContacts(admin, { ...first, sort: 'email', page: 200 }),
			50_000
		),
		measure(
			'contact list filtered by the search box "nguy" (admin)',
			100,
			() => void listContacts(admin, { ...first, q: 'nguy' }),
			50_000
		)
	];
	const queries = ['nguy', 'Серг', '王', 'முருகன்', 'smith jack', 'oconnor.1234', '7000012'];
	results.push(
		measure(
			`search box, ${queries.length} queries in turn (admin)`,
			210,
			(i) => void search(admin, queries[i % queries.length]),
			30_000
		)
	);
	results.push(
		measure(
			`search box, same queries (manager, team scope)`,
			210,
			(i) => void search(manager, queries[i % queries.length]),
			30_000
		)
	);

	// Export: the manager's team scope holds a seventh or so of the contacts; time it and scale to 100k.
	const started = performance.now();
	const heapBefore = process.memoryUsage().heapUsed;
	let peakHeap = heapBefore;
	const response = exportResponse(manager, exportSpec(manager, '', {}), 'csv');
	const reader = response.body!.getReader();
	let bytes = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		bytes += value.byteLength;
		peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
	}
	const seconds = (performance.now() - started) / 1000;
	const rows = db()
		.$client.prepare(
			"SELECT json_extract(after, '$.rows') FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1"
		)
		.pluck()
		.get() as number;
	notes.push(
		`CSV export (manager's team scope): ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${((seconds * 100_000) / rows).toFixed(2)} s per 100,000 rows (budget < 3 s); heap grew by at most ${((peakHeap - heapBefore) / 1e6).toFixed(0)} MB while streaming.`
	);
	return { results, notes };
}
