import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/**
 * An address that matches no page: answered inside the app's layout, so that a signed-in user keeps the
 * navigation on the 404 page (SvelteKit renders an unmatched address with the root layout only).
 */
export const load: PageServerLoad = () => error(404, 'Not found');
