import { and, asc, eq, isNull, lt, lte } from 'drizzle-orm';
import { db, schema, type Conn } from '../db';

/**
 * Scheduled work from one durable table (`job`): reminders, digests, contest starts and ends. A job's
 * handler runs in a transaction that also sets its `done_at`, so its work commits exactly once, across
 * restarts; a handler that throws rolls back, and the job is tried again later (attempts, last_error,
 * backoff). `key` makes scheduling idempotent: one row per key. The runner polls the table; it holds
 * no state of its own.
 */

export type JobHandler = (
	tx: Conn,
	payload: Record<string, unknown>,
	job: { id: number; key: string; runAt: number }
) => void;

const handlers = new Map<string, JobHandler>();
const { job } = schema;

/** Minutes to wait after the n-th failed attempt: 1, 5, 30, then 2 hours. */
const BACKOFF_MINUTES = [1, 5, 30, 120];
/** How long a claimed job is someone's before another runner may take it. */
const LEASE_MS = 60_000;
/** How often the runner looks for due jobs and mail. */
const POLL_MS = 5_000;
/** At most this many jobs per poll, so one poll never holds the database for long. */
const BATCH = 100;

export function registerJob(kind: string, handler: JobHandler): void {
	handlers.set(kind, handler);
}

/**
 * Schedules `j.kind` at `runAt` under `key`, in the caller's transaction. A pending job of that key
 * moves to the new time and payload; one already done is left alone (the work happened).
 */
export function schedule(
	tx: Conn,
	j: { kind: string; key: string; runAt: number; payload?: Record<string, unknown> }
): void {
	tx.insert(job)
		.values({ kind: j.kind, key: j.key, runAt: j.runAt, payload: j.payload ?? {} })
		.onConflictDoUpdate({
			target: job.key,
			set: { kind: j.kind, runAt: j.runAt, payload: j.payload ?? {}, attempts: 0, lastError: '' },
			setWhere: isNull(job.doneAt)
		})
		.run();
}

/** Drops a job not yet done (the thing it was for went away). */
export function cancelJob(tx: Conn, key: string): void {
	tx.delete(job)
		.where(and(eq(job.key, key), isNull(job.doneAt)))
		.run();
}

/**
 * Records, in the caller's transaction, that the work under `key` is done now (a job that ran
 * inline); false when it was done, or is scheduled, already. For work that must happen once per
 * thing and date (a reminder per risk and review date) found by a daily job.
 */
export function once(tx: Conn, kind: string, key: string, now = Date.now()): boolean {
	return (
		tx
			.insert(job)
			.values({ kind, key, runAt: now, payload: {}, attempts: 1, doneAt: now })
			.onConflictDoNothing({ target: job.key })
			.run().changes > 0
	);
}

/** Milliseconds to wait after the given number of failed attempts. */
export function jobBackoff(attempts: number): number {
	return BACKOFF_MINUTES[Math.min(Math.max(attempts, 1) - 1, BACKOFF_MINUTES.length - 1)] * 60_000;
}

const unknownKinds = new Set<string>();

/**
 * Runs every due job once (oldest first, at most BATCH per call); returns how many completed. A job
 * whose kind has no handler in this process is left as it is (not claimed, no attempt counted): its
 * module registers the handler when it loads.
 */
export function runDueJobs(now = Date.now()): number {
	const conn = db();
	const due = conn
		.select()
		.from(job)
		.where(and(isNull(job.doneAt), lte(job.runAt, now), lt(job.lockedUntil, now)))
		.orderBy(asc(job.runAt), asc(job.id))
		.limit(BATCH)
		.all();
	let done = 0;
	for (const j of due) {
		const handler = handlers.get(j.kind);
		if (!handler) {
			if (!unknownKinds.has(j.kind)) console.warn(`job ${j.key}: no handler for kind “${j.kind}” yet`);
			unknownKinds.add(j.kind);
			continue;
		}
		try {
			conn.transaction((tx) => {
				// Claimed in the same transaction as its work: another runner finds it done or locked.
				const claimed = tx
					.update(job)
					.set({ lockedUntil: now + LEASE_MS, attempts: j.attempts + 1 })
					.where(and(eq(job.id, j.id), isNull(job.doneAt), lt(job.lockedUntil, now)))
					.run().changes;
				if (!claimed) return;
				handler(tx, j.payload, { id: j.id, key: j.key, runAt: j.runAt });
				tx.update(job)
					.set({ doneAt: Date.now(), lockedUntil: 0, lastError: '' })
					.where(eq(job.id, j.id))
					.run();
				done++;
			});
		} catch (e) {
			const attempts = j.attempts + 1;
			conn
				.update(job)
				.set({
					attempts,
					runAt: now + jobBackoff(attempts),
					lockedUntil: 0,
					lastError: (e instanceof Error ? e.message : String(e)).slice(0, 500)
				})
				.where(and(eq(job.id, j.id), isNull(job.doneAt)))
				.run();
			console.error(`job ${j.key} failed (attempt ${attempts}):`, e);
		}
	}
	return done;
}

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Starts the in-process runner: every few seconds it runs the due jobs and sends the due mail. It
 * keeps nothing but its timer; everything it works from is in the database. Called once, from the
 * server's `init`; a second call does nothing.
 */
export function startJobRunner(): void {
	if (timer) return;
	let busy = false;
	// Imported here, not at the top: the modules that register handlers import this one.
	const ready = Promise.all([import('./kinds'), import('../notifications/mail')]).then(([kinds, mail]) => {
		mail.recoverInterruptedMail();
		db().transaction((tx) => kinds.scheduleRecurring(tx, Date.now()));
		return mail;
	});
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			const mail = await ready;
			runDueJobs();
			await mail.sendDueMail();
		} catch (e) {
			console.error('job runner:', e);
		} finally {
			busy = false;
		}
	};
	timer = setInterval(() => void tick(), POLL_MS);
	timer.unref();
	void tick();
}

/** Stops the runner (tests, shutdown). */
export function stopJobRunner(): void {
	if (timer) clearInterval(timer);
	timer = undefined;
}
