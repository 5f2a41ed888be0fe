import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 3000 },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		setupFiles: ['tests/unit/setup.ts'],
		environment: 'node',
		// Each test file gets its own temporary database (tests/unit/helpers.ts).
		pool: 'forks',
		expect: { requireAssertions: true }
	}
});
