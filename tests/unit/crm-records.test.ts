import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { create as createCompany, remove as removeCompany } from '$lib/server/crm/companies';
import { create, get, list, remove, update } from '$lib/server/crm/contacts';
import { OWNER_CHOICES_MAX, ownerField } from '$lib/server/crm/records';
import { db, schema } from '$lib/server/db';
import { fold } from '$lib/text';
import { InvalidInput, Refused, StaleRecord } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

const audits = (entity: string, id: number) =>
	db()
		.select()
		.from(schema.auditLog)
		.all()
		.filter((a) => a.entity === entity && a.entityId === String(id));

describe('contacts', () => {
	it('are created with the actor as owner and the owner’s team, audited and usage-logged', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const c = create(rep, { firstName: 'Anna', lastName: 'Smirnova', email: ' Anna@Example.COM ' });
		expect(c).toMatchObject({
			ownerId: rep.user.id,
			teamId: team,
			email: 'anna@example.com',
			nameKey: 'smirnova anna',
			version: 1
		});
		expect(audits('contact', c.id)).toHaveLength(1);
		const usage = db()
			.select()
			.from(schema.usageDaily)
			.where(eq(schema.usageDaily.userId, rep.user.id))
			.all();
		expect(usage).toEqual([expect.objectContaining({ module: 'crm.contacts', action: 'create', count: 1 })]);
	});

	it('refuse bad input beside each field and write nothing', () => {
		const rep = makeActor('rep');
		const before = db().select().from(schema.contact).all().length;
		const error = (() => {
			try {
				create(rep, { lastName: '', email: 'not-an-email', phone: 'call me' });
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(InvalidInput);
		expect(Object.keys((error as InvalidInput).fieldErrors).sort()).toEqual(['email', 'lastName', 'phone']);
		expect(db().select().from(schema.contact).all().length).toBe(before);
	});

	it('link to a company by name, refusing a name that does not exist', () => {
		const admin = makeActor('admin');
		const company = createCompany(admin, { name: 'Đại Việt Logistics' });
		expect(create(admin, { lastName: 'Lê', companyName: 'dai viet logistics' }).companyId).toBe(company.id);
		expect(() => create(admin, { lastName: 'Lê', companyName: 'No Such Company' })).toThrow(InvalidInput);
	});

	it('keep to the record scope: a rep sees and edits only their own; out of scope is 404', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const colleague = makeActor('rep', { teamId: team });
		const manager = makeActor('manager', { teamId: team });
		const outsider = makeActor('manager', { teamId: makeTeam() });
		const mine = create(rep, { lastName: 'Mine' });
		expect(() => get(colleague, mine.id)).toThrow(expect.objectContaining({ status: 404 }));
		expect(() => update(colleague, mine.id, { lastName: 'Taken' }, 1)).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(get(manager, mine.id).id).toBe(mine.id);
		expect(() => get(outsider, mine.id)).toThrow(expect.objectContaining({ status: 404 }));
		expect(list(colleague, { q: '', sort: 'name', dir: 'asc', page: 1 }).rows.map((r) => r.id)).not.toContain(
			mine.id
		);
		expect(
			list(manager, { q: '', sort: 'name', dir: 'asc', page: 1 }, { teamId: team }).rows.map((r) => r.id)
		).toContain(mine.id);
	});

	it('cannot be given away outside the actor’s scope', () => {
		const rep = makeActor('rep', { teamId: makeTeam() });
		const other = makeActor('rep', { teamId: makeTeam() });
		expect(() => create(rep, { lastName: 'Gift', ownerId: String(other.user.id) })).toThrow(InvalidInput);
	});

	it('refuse a stale save and name the field that changed', () => {
		const rep = makeActor('rep');
		const c = create(rep, { lastName: 'Stale', title: 'Buyer' });
		update(rep, c.id, { lastName: 'Stale', title: 'Head buyer' }, c.version);
		const error = (() => {
			try {
				update(rep, c.id, { lastName: 'Stale', title: 'Chief buyer' }, c.version);
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(StaleRecord);
		expect((error as StaleRecord).changed).toEqual([
			expect.objectContaining({ field: 'title', yours: 'Chief buyer', now: 'Head buyer', label: 'Job title' })
		]);
		expect(get(rep, c.id).title).toBe('Head buyer');
	});

	it('are deleted only by a role with crm.delete, and not while activities refer to them', () => {
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const manager = makeActor('manager', { teamId: team });
		const c = create(rep, { lastName: 'Leaving' });
		expect(() => remove(rep, c.id)).toThrow(expect.objectContaining({ status: 403 }));
		db()
			.insert(schema.activity)
			.values({ type: 'call', subject: 'Hello', contactId: c.id, ownerId: rep.user.id, teamId: team })
			.run();
		expect(() => remove(manager, c.id)).toThrow(Refused);
		db().delete(schema.activity).where(eq(schema.activity.contactId, c.id)).run();
		remove(manager, c.id);
		expect(audits('contact', c.id).map((a) => a.action)).toEqual(['create', 'delete']);
	});
});

describe('a record’s owner, typed where a select would be too long', () => {
	const team = makeTeam();
	const manager = makeActor('manager', { teamId: team });
	const named = (name: string) => {
		const actor = makeActor('rep', { teamId: team });
		db()
			.update(schema.user)
			.set({ name, nameKey: fold(name) })
			.where(eq(schema.user.id, actor.user.id))
			.run();
		return { ...actor.user, name };
	};
	const linh = named('Trần Thị Linh');
	const firstAn = named('Lê An');
	const secondAn = named('Lê An');
	const stranger = makeActor('rep', { teamId: makeTeam() });
	const ownerOf = (ownerId: string) => create(manager, { lastName: 'Owned', ownerId }).ownerId;

	it('is found by `Name <email>` as the suggestions write it, or by a name only one person has', () => {
		expect(ownerOf(`Lê An <${secondAn.email}>`)).toBe(secondAn.id);
		expect(ownerOf(`Lê An <${firstAn.email.toUpperCase()}>`)).toBe(firstAn.id);
		expect(ownerOf('tran thi linh')).toBe(linh.id);
		expect(ownerOf(String(linh.id))).toBe(linh.id); // a select's id still works
		expect(ownerOf('')).toBe(manager.user.id);
	});

	it('is refused beside the field when the name is shared, unknown or out of scope, and nothing is written', () => {
		const before = list(manager, { q: '', sort: 'name', dir: 'asc', page: 1 }).total;
		const refusal = (ownerId: string) => {
			try {
				create(manager, { lastName: 'Refused', ownerId });
			} catch (e) {
				return (e as InvalidInput).fieldErrors.ownerId;
			}
		};
		expect(refusal('Lê An')).toMatch(/More than one person is called “Lê An”/);
		expect(refusal('Nobody Here')).toMatch(/No one you can give records to is called “Nobody Here”/);
		expect(refusal(`${stranger.user.name} <${stranger.user.email}>`)).toMatch(
			/No one you can give records to/
		);
		expect(list(manager, { q: '', sort: 'name', dir: 'asc', page: 1 }).total).toBe(before);
	});

	it('is a select while few people are in scope, else typed, starting with the owner as written back', () => {
		const rep = makeActor('rep', { teamId: makeTeam() });
		expect(ownerField(rep, rep.user.id)).toEqual({
			choices: [{ id: rep.user.id, name: rep.user.name }],
			current: ''
		});
		const admin = makeActor('admin');
		for (let i = 0; i <= OWNER_CHOICES_MAX; i++) makeActor('rep');
		expect(ownerField(admin, linh.id)).toEqual({ choices: null, current: `Trần Thị Linh <${linh.email}>` });
	});
});

describe('companies', () => {
	it('normalise the web domain and refuse deletion while contacts remain', () => {
		const admin = makeActor('admin');
		const company = createCompany(admin, {
			name: 'Meridian Foods Ltd',
			domain: 'HTTPS://www.Meridian-Foods.co.uk/contact'
		});
		expect(company.domain).toBe('meridian-foods.co.uk');
		create(admin, { lastName: 'Walker', companyId: String(company.id) });
		expect(() => removeCompany(admin, company.id)).toThrow(/still has 1 contact/);
	});
});
