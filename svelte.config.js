import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter(),
		// The server tells the client which route a path is on its first navigation there, so no page
		// ships the manifest of every route (5.7 KB of first-load JS, growing with each route; bench/README.md).
		router: { resolution: 'server' },
		// The demo seed lives in db/ (see DESIGN.md's layout); type-check it with the app.
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push('../db/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts');
			}
		}
	}
};

export default config;
