import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTITY_LABELS } from '$lib/field-labels';
import { create as createTeam, update as updateTeam } from '$lib/server/admin/teams';
import { auditFilters, filterOptions, list } from '$lib/server/audit/log';
import { rollback } from '$lib/server/audit/rollback';
import { create as createCompany } from '$lib/server/crm/companies';
import { create as createContact, update as updateContact } from '$lib/server/crm/contacts';
import { create as createField } from '$lib/server/crm/custom-fields';
import { create as createPhase, update as updatePhase } from '$lib/server/rollout/phases';
import { db, schema } from '$lib/server/db';
import { makeActor, makeTeam } from './helpers';

const latestId = () => db().select().from(schema.auditLog).orderBy(schema.auditLog.id).all().at(-1)!.id;

/** The entry `id` as the audit page shows it. */
function shown(admin: ReturnType<typeof makeActor>, entity: string, entityId: number) {
	const filters = auditFilters(new URLSearchParams({ entity, entityId: String(entityId) }));
	return list(admin, filters).rows;
}

/** Every entity name the server code writes to the audit log (`entity: '…'` in src/lib/server). */
function auditedInCode(dir = 'src/lib/server'): Set<string> {
	const found = new Set<string>();
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) for (const e of auditedInCode(path)) found.add(e);
		else if (path.endsWith('.ts'))
			for (const m of readFileSync(path, 'utf8').matchAll(/\bentity: '([a-z_]+)'/g)) found.add(m[1]);
	}
	return found;
}

describe('the audit page', () => {
	it('offers every audited entity in its filter, rollout and custom fields included', () => {
		const admin = makeActor('admin');
		const offered = filterOptions(admin).entities.map((e) => e.value);
		for (const entity of auditedInCode()) expect(offered, `the filter offers ${entity}`).toContain(entity);
		expect(offered).toEqual(expect.arrayContaining(['phase', 'risk', 'goal', 'custom_field', 'process_map']));
		expect(Object.keys(ENTITY_LABELS)).toEqual(offered);
	});

	it('names changed fields as their form labels them, links by name, and never shows internal keys', () => {
		const admin = makeActor('admin');
		createField(admin, { entity: 'contact', label: 'Shoe size', type: 'number' });
		const acme = createCompany(admin, { name: 'Audit View Ltd' });
		const c = createContact(admin, { lastName: 'Viewed', country: 'Norway' });
		updateContact(
			admin,
			c.id,
			{
				lastName: 'Viewed Again',
				country: 'Sweden',
				companyId: String(acme.id),
				cf__present: '1',
				cf_shoe_size: '42'
			},
			c.version
		);
		const [entry] = shown(admin, 'contact', c.id);
		expect(entry.entityLabel).toBe('Contact');
		expect(entry.changes).toEqual(
			expect.arrayContaining([
				{ field: 'lastName', label: 'Last (family) name', before: 'Viewed', after: 'Viewed Again' },
				{ field: 'country', label: 'Country', before: 'Norway', after: 'Sweden' },
				{ field: 'companyId', label: 'Company', before: 'empty', after: 'Audit View Ltd' },
				{ field: 'custom.shoe_size', label: 'Shoe size', before: 'empty', after: '42' }
			])
		);
		const labels = entry.changes.map((x) => x.label);
		expect(labels).not.toContain('nameKey');
		expect(labels).not.toContain('custom');
		expect(entry.changes.map((x) => x.field)).not.toContain('nameKey');
		// The page gets the changes, not the raw records.
		expect(entry).not.toHaveProperty('before');
		expect(entry).not.toHaveProperty('after');
	});

	it('writes no row for a save that changes nothing (an admin form too)', () => {
		const admin = makeActor('admin');
		const team = createTeam(admin, { name: `Quiet team ${Date.now()}`, description: 'Same' });
		const before = latestId();
		updateTeam(admin, team.id, { name: team.name, description: 'Same' }, team.version);
		expect(latestId()).toBe(before);
	});
});

describe('phase edits', () => {
	it('roll back like risk edits: the plan’s fields and the phase’s teams', () => {
		const pm = makeActor('admin');
		const [sales, service] = [makeTeam(), makeTeam()];
		const form = {
			name: `Pilot ${Date.now()}`,
			description: 'First teams',
			startDate: '2027-01-04',
			endDate: '2027-02-26',
			status: 'planned',
			adoptionTarget: '60'
		};
		const p = createPhase(pm, { ...form, teamIds: [String(sales)] });
		updatePhase(
			pm,
			p.id,
			{ ...form, endDate: '2027-03-26', adoptionTarget: '80', teamIds: [String(sales), String(service)] },
			p.version
		);
		const entries = shown(pm, 'phase', p.id);
		const edit = entries.find((e) => e.action === 'update')!;
		expect(edit.canRollBack).toBe(true);
		expect(edit.changes).toEqual(
			expect.arrayContaining([{ field: 'endDate', label: 'Ends', before: '2027-02-26', after: '2027-03-26' }])
		);
		rollback(pm, edit.id);
		const teamsEntry = shown(pm, 'phase_team', p.id).find(
			(e) => e.action === 'update' && e.summary.startsWith('Set')
		)!;
		expect(teamsEntry.changes).toEqual([
			expect.objectContaining({ label: 'Teams', after: expect.stringContaining(',') })
		]);
		rollback(pm, teamsEntry.id);
		const phase = db()
			.select()
			.from(schema.phase)
			.all()
			.find((x) => x.id === p.id)!;
		expect(phase).toMatchObject({ endDate: '2027-02-26', adoptionTarget: 60 });
		const teams = db()
			.select()
			.from(schema.phaseTeam)
			.all()
			.filter((t) => t.phaseId === p.id)
			.map((t) => t.teamId);
		expect(teams).toEqual([sales]);
	});
});
