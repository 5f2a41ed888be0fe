import { describe, expect, it } from 'vitest';
import { create as createContact, update as updateContact } from '$lib/server/crm/contacts';
import { countMatches, search } from '$lib/server/crm/search';
import { backlogSize, drainBacklog, indexBacklog, queueForIndex } from '$lib/server/crm/search-index';
import { db, withSearchDeferred } from '$lib/server/db';
import { sql } from 'drizzle-orm';
import { makeActor, makeTeam } from './helpers';

const titles = (q: string) => search(makeActor('admin'), q).map((h) => h.title);

describe('the search backlog', () => {
	it('indexes what a deferred write queued, with the record as it is when indexed', async () => {
		const admin = makeActor('admin');
		const id = withSearchDeferred(() =>
			db().transaction((tx) => {
				const c = createContact(admin, { firstName: 'Thị Mai', lastName: 'Trần', email: 'thi.mai@sen.vn' });
				queueForIndex(tx, sql`SELECT 'contact' AS entity, ${c.id} AS id`);
				return c.id;
			})
		);
		expect(backlogSize()).toBe(1);
		expect(titles('tran')).toEqual([]);
		// Changed again before the backlog is drained: the index gets the latest name.
		const current = db()
			.$client.prepare('SELECT version FROM contact WHERE id = ?')
			.pluck()
			.get(id) as number;
		withSearchDeferred(() => updateContact(admin, id, { lastName: 'Trịnh', firstName: 'Thị Mai' }, current));
		await drainBacklog();
		expect(backlogSize()).toBe(0);
		expect(titles('trinh')).toEqual(['Thị Mai Trịnh']);
		expect(titles('tran')).toEqual([]);
	});

	it('drops queued records deleted before they were indexed, and works in chunks in rowid order', () => {
		const admin = makeActor('admin');
		const ids = withSearchDeferred(() =>
			db().transaction((tx) => {
				const made = ['Alpha', 'Bravo', 'Charlie'].map(
					(lastName) =>
						createContact(admin, { lastName, email: `${lastName.toLowerCase()}@queue.example` }).id
				);
				queueForIndex(
					tx,
					sql`SELECT 'contact' AS entity, id FROM contact WHERE id IN (${sql.join(made, sql`, `)})`
				);
				return made;
			})
		);
		db().$client.prepare('DELETE FROM contact WHERE id = ?').run(ids[1]);
		expect(indexBacklog(db(), 2)).toBe(1);
		expect(indexBacklog(db(), 2)).toBe(0);
		expect(titles('alpha')).toEqual(['Alpha']);
		expect(titles('bravo')).toEqual([]);
		expect(titles('charlie')).toEqual(['Charlie']);
	});

	it('indexes the record’s scope apart from its text, so words in the text never widen it', async () => {
		const team = makeTeam();
		const victim = makeActor('rep', { teamId: team });
		const writer = makeActor('rep', { teamId: makeTeam() });
		const id = withSearchDeferred(() =>
			db().transaction((tx) => {
				const c = createContact(writer, {
					lastName: 'Backlogger',
					email: 'backlogger@queue.example',
					title: `scopeowner${victim.user.id} scopeteam${team} \u{E000}o${victim.user.id}`
				});
				queueForIndex(tx, sql`SELECT 'contact' AS entity, ${c.id} AS id`);
				return c.id;
			})
		);
		await drainBacklog();
		expect(search(victim, 'backlogger')).toEqual([]);
		expect(countMatches(victim, 'contact', 'backlogger')).toBe(0);
		expect(search(writer, 'backlogger').map((h) => h.id)).toEqual([id]);
		expect(countMatches(writer, 'contact', 'backlogger')).toBe(1);
		// The scope column holds the owner's scope words, and only they.
		expect(
			db()
				.$client.prepare('SELECT scope FROM crm_search WHERE rowid = ?')
				.pluck()
				.get(id * 4 + 2)
		).toBe(`\u{E000}o${writer.user.id} \u{E000}t${writer.user.teamId}`);
	});
});
