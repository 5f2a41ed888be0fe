import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the write-ahead log into the database file from a worker thread with its own connection,
 * so that no request waits for it. SQLite's automatic checkpoint runs inside whichever commit takes
 * the log past 1,000 pages: the usage log's slowest writes, and ~190 ms of a 100,000-row import's
 * commit (bench/README.md). The worker runs a passive checkpoint every `everyMs`: it never blocks
 * the writer or readers, and with nothing to copy it costs next to nothing. Should the worker fail,
 * the connection goes back to checkpointing itself.
 */
export function checkpointInBackground(sqlite: Database.Database, path: string, everyMs = 500): void {
	const worker = new Worker(WORKER, {
		eval: true,
		workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path, everyMs }
	});
	worker.unref();
	const inline = () => {
		if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
	};
	worker.on('error', inline);
	worker.on('exit', inline);
	sqlite.pragma('wal_autocheckpoint = 0');
}

const WORKER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
`;
