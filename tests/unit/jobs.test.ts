import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db, schema } from '$lib/server/db';
import { cancelJob, once, registerJob, runDueJobs, schedule } from '$lib/server/jobs';

const { job, setting } = schema;
const HOUR = 3_600_000;

/** A job's work for these tests: a setting row, so that what committed can be counted. */
function work(key: string) {
	return db().select().from(setting).where(eq(setting.key, key)).all();
}

let failuresLeft = 0;
registerJob('test.write', (tx, payload) => {
	tx.insert(setting)
		.values({ key: String(payload.key), value: { at: Date.now() } })
		.run();
	// Throws after its write: the write must roll back with it.
	if (failuresLeft > 0) {
		failuresLeft--;
		throw new Error('Flaky handler');
	}
});

function row(key: string) {
	return db().select().from(job).where(eq(job.key, key)).get();
}

beforeEach(() => {
	db().run(sql`DELETE FROM job`);
	db().run(sql`DELETE FROM setting WHERE key LIKE 'test:%'`);
	failuresLeft = 0;
});

describe('schedule', () => {
	it('keeps one row per key: a pending job moves, a done one is left alone', () => {
		const now = Date.now();
		db().transaction((tx) => {
			schedule(tx, { kind: 'test.write', key: 'k1', runAt: now + HOUR, payload: { key: 'test:a' } });
			schedule(tx, { kind: 'test.write', key: 'k1', runAt: now - 1, payload: { key: 'test:b' } });
		});
		expect(db().select().from(job).all()).toHaveLength(1);
		expect(row('k1')).toMatchObject({ runAt: now - 1, payload: { key: 'test:b' } });
		expect(runDueJobs(now)).toBe(1);
		expect(work('test:b')).toHaveLength(1);
		const done = row('k1')!;
		expect(done.doneAt).not.toBeNull();
		// Scheduling it again does not bring it back.
		db().transaction((tx) =>
			schedule(tx, { kind: 'test.write', key: 'k1', runAt: now, payload: { key: 'test:c' } })
		);
		expect(row('k1')).toMatchObject({ doneAt: done.doneAt, payload: { key: 'test:b' } });
		expect(runDueJobs(now + HOUR)).toBe(0);
		expect(work('test:c')).toHaveLength(0);
	});

	it('cancels a pending job, never a done one', () => {
		const now = Date.now();
		db().transaction((tx) => {
			schedule(tx, { kind: 'test.write', key: 'gone', runAt: now, payload: { key: 'test:gone' } });
			cancelJob(tx, 'gone');
		});
		expect(row('gone')).toBeUndefined();
		db().transaction((tx) => expect(once(tx, 'test.inline', 'inline:1', now)).toBe(true));
		db().transaction((tx) => {
			expect(once(tx, 'test.inline', 'inline:1', now)).toBe(false);
			cancelJob(tx, 'inline:1');
		});
		expect(row('inline:1')?.doneAt).toBe(now);
	});
});

describe('runDueJobs', () => {
	it('does not run jobs before their time', () => {
		const now = Date.now();
		db().transaction((tx) =>
			schedule(tx, { kind: 'test.write', key: 'later', runAt: now + HOUR, payload: { key: 'test:later' } })
		);
		expect(runDueJobs(now)).toBe(0);
		expect(work('test:later')).toHaveLength(0);
		expect(runDueJobs(now + HOUR)).toBe(1);
		expect(work('test:later')).toHaveLength(1);
	});

	it('retries a handler that throws, with backoff, and commits its work exactly once', () => {
		const now = Date.now();
		failuresLeft = 1;
		db().transaction((tx) =>
			schedule(tx, { kind: 'test.write', key: 'flaky', runAt: now, payload: { key: 'test:flaky' } })
		);
		expect(runDueJobs(now)).toBe(0);
		// Rolled back: no work, the reason kept, tried again a minute later.
		expect(work('test:flaky')).toHaveLength(0);
		expect(row('flaky')).toMatchObject({
			attempts: 1,
			lastError: 'Flaky handler',
			doneAt: null,
			runAt: now + 60_000
		});
		expect(runDueJobs(now + 30_000)).toBe(0);
		expect(runDueJobs(now + 60_000)).toBe(1);
		expect(work('test:flaky')).toHaveLength(1);
		expect(row('flaky')).toMatchObject({ attempts: 2, lastError: '' });
		// A restart (another run over the same table) finds nothing left to do.
		expect(runDueJobs(now + 10 * HOUR)).toBe(0);
		expect(work('test:flaky')).toHaveLength(1);
	});

	it('leaves a job whose kind has no handler untouched until one registers', () => {
		const now = Date.now();
		db().transaction((tx) => schedule(tx, { kind: 'test.later-module', key: 'orphan', runAt: now }));
		expect(runDueJobs(now)).toBe(0);
		expect(row('orphan')).toMatchObject({ attempts: 0, doneAt: null });
		registerJob('test.later-module', () => {});
		expect(runDueJobs(now)).toBe(1);
	});

	it('skips a job another runner holds', () => {
		const now = Date.now();
		db().transaction((tx) =>
			schedule(tx, { kind: 'test.write', key: 'held', runAt: now, payload: { key: 'test:held' } })
		);
		db()
			.update(job)
			.set({ lockedUntil: now + 60_000 })
			.where(eq(job.key, 'held'))
			.run();
		expect(runDueJobs(now)).toBe(0);
		expect(runDueJobs(now + 60_001)).toBe(1);
	});
});
