import { isActionFailure } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { create as createCompany } from '$lib/server/crm/companies';
import { create, get, update } from '$lib/server/crm/contacts';
import { create as createField } from '$lib/server/crm/custom-fields';
import { create as createRisk, update as updateRisk } from '$lib/server/rollout/risks';
import { db, schema } from '$lib/server/db';
import { attempt, savedMessage, type FormFailure } from '$lib/server/forms';
import { StaleRecord } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

/** The contact form as a browser posts it: every field, as text. */
function contactForm(c: ReturnType<typeof get>, changes: Record<string, string> = {}) {
	return {
		firstName: c.firstName,
		lastName: c.lastName,
		email: c.email,
		phone: c.phone,
		title: c.title,
		city: c.city,
		country: c.country,
		ownerId: String(c.ownerId),
		...changes
	};
}

const auditRows = (entity: string, id: number) =>
	db()
		.select()
		.from(schema.auditLog)
		.all()
		.filter((a) => a.entity === entity && a.entityId === String(id) && a.action === 'update');

function thrown(run: () => unknown): unknown {
	try {
		run();
	} catch (e) {
		return e;
	}
	throw new Error('expected a throw');
}

describe('a stale save (two tabs on one record)', () => {
	it('keeps the field only I changed and the field only the other person changed', async () => {
		const team = makeTeam();
		const a = makeActor('manager', { teamId: team });
		const b = makeActor('rep', { teamId: team });
		const opened = create(b, { lastName: 'Tabs', country: 'Norway', phone: '+47 1111' });
		// Tab A changes Country and saves.
		update(a, opened.id, contactForm(opened, { country: 'Sweden' }), opened.version);
		// Tab B, opened before, changes only Phone.
		const result = await attempt({}, () =>
			update(b, opened.id, contactForm(opened, { phone: '+47 2222' }), opened.version)
		);
		expect(isActionFailure(result)).toBe(false);
		const now = get(b, opened.id);
		expect(now).toMatchObject({ phone: '+47 2222', country: 'Sweden', version: 3 });
		// The answer names whose change was kept, by the field's label.
		expect(savedMessage('Saved.', result)).toBe(
			`Saved. ${a.user.name} had saved this meanwhile: their change to Country is kept.`
		);
		// A second save from tab B's refreshed form cannot put the old country back.
		update(b, opened.id, contactForm(now, { title: 'Buyer' }), now.version);
		expect(get(b, opened.id)).toMatchObject({ country: 'Sweden', phone: '+47 2222', title: 'Buyer' });
	});

	it('is refused only for a field both changed, showing both values, and writes nothing', async () => {
		const a = makeActor('admin');
		const b = makeActor('rep');
		const opened = create(b, { lastName: 'Both', country: 'Norway', city: 'Oslo' });
		update(a, opened.id, contactForm(opened, { country: 'Sweden', city: 'Bergen' }), opened.version);
		const form = contactForm(opened, { country: 'Denmark', phone: '+45 1234' });
		const error = thrown(() => update(b, opened.id, form, opened.version));
		expect(error).toBeInstanceOf(StaleRecord);
		expect((error as StaleRecord).changed).toEqual([
			expect.objectContaining({ field: 'country', yours: 'Denmark', now: 'Sweden', label: 'Country' })
		]);
		expect((error as StaleRecord).theirs).toEqual([
			expect.objectContaining({ field: 'city', now: 'Bergen', label: 'City' })
		]);
		expect(get(b, opened.id)).toMatchObject({ country: 'Sweden', city: 'Bergen', phone: '', version: 2 });

		// What the form shows next: my Country and Phone as typed, their City, and the version to save on.
		const result = await attempt(form, () => update(b, opened.id, form, opened.version));
		expect(isActionFailure(result)).toBe(true);
		const failure = (result as { data: FormFailure }).data;
		expect(failure.values).toMatchObject({ country: 'Denmark', phone: '+45 1234', city: 'Bergen' });
		expect(failure.errors.country).toContain('“Sweden”');
		expect(failure.errors.city).toBeUndefined();
		expect(failure.version).toBe(2);
		expect(failure.message).toContain(a.user.name);

		// Saving that form again (on the version it was given) loses nobody's change.
		update(b, opened.id, failure.values, failure.version);
		expect(get(b, opened.id)).toMatchObject({ country: 'Denmark', city: 'Bergen', phone: '+45 1234' });
	});

	it('is no conflict when both made the same change', () => {
		const a = makeActor('admin');
		const b = makeActor('rep');
		const opened = create(b, { lastName: 'Same', country: 'Norway' });
		update(a, opened.id, contactForm(opened, { country: 'Sweden' }), opened.version);
		update(b, opened.id, contactForm(opened, { country: 'Sweden', title: 'CFO' }), opened.version);
		expect(get(b, opened.id)).toMatchObject({ country: 'Sweden', title: 'CFO' });
	});

	it('recomputes the name key from both people’s name changes', () => {
		const a = makeActor('admin');
		const b = makeActor('rep');
		const opened = create(b, { firstName: 'Anna', lastName: 'Smith' });
		update(a, opened.id, contactForm(opened, { firstName: 'Anya' }), opened.version);
		update(b, opened.id, contactForm(opened, { lastName: 'Smirnova' }), opened.version);
		expect(get(b, opened.id)).toMatchObject({
			firstName: 'Anya',
			lastName: 'Smirnova',
			nameKey: 'smirnova anya'
		});
	});

	it('keeps the other person’s new owner and that owner’s team', () => {
		const team = makeTeam();
		const otherTeam = makeTeam();
		const admin = makeActor('admin', { teamId: team });
		const newOwner = makeActor('rep', { teamId: otherTeam });
		const opened = create(admin, { lastName: 'Moved' });
		update(admin, opened.id, contactForm(opened, { ownerId: String(newOwner.user.id) }), opened.version);
		update(admin, opened.id, contactForm(opened, { phone: '+1 555 0100' }), opened.version);
		expect(get(admin, opened.id)).toMatchObject({
			ownerId: newOwner.user.id,
			teamId: otherTeam,
			phone: '+1 555 0100'
		});
	});

	it('merges custom fields one by one', () => {
		const admin = makeActor('admin');
		createField(admin, { entity: 'contact', label: 'Shoe size', type: 'number' });
		createField(admin, { entity: 'contact', label: 'Newsletter', type: 'text' });
		const defs = db().select().from(schema.customField).where(eq(schema.customField.entity, 'contact')).all();
		const size = defs.find((d) => d.label === 'Shoe size')!;
		const letter = defs.find((d) => d.label === 'Newsletter')!;
		const custom = (values: Record<string, string>) => ({
			cf__present: '1',
			...Object.fromEntries(Object.entries(values).map(([k, v]) => [`cf_${k}`, v]))
		});
		const opened = create(admin, { lastName: 'Custom' });
		update(
			admin,
			opened.id,
			{ ...contactForm(opened), ...custom({ [size.key]: '42', [letter.key]: '' }) },
			opened.version
		);
		update(
			admin,
			opened.id,
			{ ...contactForm(opened), ...custom({ [size.key]: '', [letter.key]: 'weekly' }) },
			opened.version
		);
		expect(get(admin, opened.id).custom).toEqual({ [size.key]: 42, [letter.key]: 'weekly' });
	});

	it('rebuilds the opened version of a record that was never audited at creation (seeded data)', () => {
		const admin = makeActor('admin');
		const seeded = db()
			.insert(schema.contact)
			.values({ lastName: 'Seeded', nameKey: 'seeded', country: 'Norway', ownerId: admin.user.id })
			.returning()
			.get();
		update(admin, seeded.id, contactForm(seeded, { country: 'Sweden' }), seeded.version);
		update(admin, seeded.id, contactForm(seeded, { phone: '+47 3333' }), seeded.version);
		expect(get(admin, seeded.id)).toMatchObject({ country: 'Sweden', phone: '+47 3333' });
	});

	it('merges rollout records the same way (a risk)', () => {
		const pm = makeActor('project_manager');
		const other = makeActor('project_manager');
		const form = {
			title: 'Reps keep spreadsheets',
			description: '',
			category: 'people',
			likelihood: '3',
			impact: '4',
			mitigation: '',
			contingency: '',
			status: 'open'
		};
		const opened = createRisk(pm, form);
		updateRisk(other, opened.id, { ...form, mitigation: 'Champions in every team' }, opened.version);
		const after = updateRisk(pm, opened.id, { ...form, impact: '5' }, opened.version);
		expect(after).toMatchObject({ impact: 5, mitigation: 'Champions in every team' });
	});
});

describe('a save that changes nothing', () => {
	it('writes no new version and no audit row', () => {
		const rep = makeActor('rep');
		const company = createCompany(rep, { name: 'Quiet Ltd' });
		const c = create(rep, { lastName: 'Unchanged', companyId: String(company.id) });
		const again = update(rep, c.id, contactForm(c, { companyId: String(company.id) }), c.version);
		expect(again.version).toBe(1);
		expect(auditRows('contact', c.id)).toHaveLength(0);
	});
});
