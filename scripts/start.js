// `npm start`: build when the sources are newer than the build, then serve the built app.
// The server itself migrates the database and seeds it when empty (src/hooks.server.ts, init).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_OPTIONS } from './node-options.js';

const BUILD = 'build/index.js';
const SOURCES = ['src', 'static', 'db/seed', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const builtAt = existsSync(BUILD) ? statSync(BUILD).mtimeMs : 0;
if (builtAt < Math.max(...SOURCES.map(newest))) {
	console.log(builtAt ? 'Sources changed since the last build: building…' : 'Building Uptake (first start)…');
	const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const port = process.env.PORT || '3000';
const env = {
	...process.env,
	PORT: port,
	// adapter-node assumes https without ORIGIN; locally the app is served over plain http.
	ORIGIN: process.env.ORIGIN || `http://localhost:${port}`,
	// Imports upload files of up to 50 MB (src/lib/server/imports/files.ts); adapter-node's default is 512 KB.
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '60M'
};
const server = spawn(process.execPath, [...SERVER_NODE_OPTIONS, 'build/index.js'], { stdio: 'inherit', env });
console.log(`Uptake: serving ${env.ORIGIN}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
