// Every test file gets its own fresh database file (vitest isolates modules per file, and db() opens lazily).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), 'uptake-test-')), 'test.sqlite');
process.env.UPTAKE_DEMO = '0';
