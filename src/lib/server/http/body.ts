/**
 * The one check of a form post's body, before any action reads it: the body must be a form the
 * platform can parse (`request.formData()` throws on anything else, which an action would answer
 * with a 500), its field names must be names a form of the app could send (none is near 200
 * characters), and its text must hold no NUL character (SQLite would store it, and exports, search
 * and other systems cut text there). Actions then read the body as they always do.
 */

/** What the check refuses, with the status and the message the sender sees. */
export interface BodyRefusal {
	status: 400 | 413 | 415;
	message: string;
	/** Field name → message, for the fields to show it beside (NUL characters). */
	errors?: Record<string, string>;
	/** What was posted, for a page that fills its form from a failure (NUL taken out; never passwords or files). */
	values?: Record<string, string | string[]>;
}

/**
 * Route ids of `+server.ts` endpoints (by their file, as SvelteKit names routes): they read their own
 * bodies. Only the glob's keys are used; `?raw` keeps the endpoints' modules out of this module's graph
 * (a plain lazy glob imports them from the hooks, which changes how the server build is split and broke
 * hydration).
 */
const ENDPOINTS = new Set(
	Object.keys(import.meta.glob('/src/routes/**/+server.ts', { query: '?raw' })).map(
		(file) => file.slice('/src/routes'.length, -'/+server.ts'.length) || '/'
	)
);

/**
 * Whether a request is a form action's post, whose body is checked here. Actions are POSTs to page
 * routes; SvelteKit answers other methods on a page with 405 without reading the body.
 */
export function isFormPost(method: string, routeId: string | null): boolean {
	return method === 'POST' && routeId !== null && !ENDPOINTS.has(routeId);
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Longer than any field name the app's forms use (`cf_<key>`, `map_<field>`: a few dozen characters). */
export const MAX_NAME_LENGTH = 200;

export const MESSAGES = {
	type: 'This form was sent in a way Uptake cannot read. Reload the page and send it again.',
	unreadable: 'This form arrived incomplete or malformed. Reload the page and send it again.',
	tooLarge: 'This form is larger than Uptake accepts.',
	longName: 'This form holds a field name longer than any Uptake uses. Reload the page and send it again.',
	nul: 'Some text holds an invisible NUL character (U+0000), which Uptake does not store. Retype the marked text rather than pasting it.',
	nulField:
		'This holds an invisible NUL character (U+0000), which cannot be saved: retype it rather than pasting it.',
	nulName:
		'This form holds an invisible NUL character (U+0000) in a field or file name. Reload the page and send it again.'
} as const;

/**
 * Why the body of a form post must be refused, or null when actions may read it. Reads a clone, so
 * the request's own body is left for the action (one more parse of a small form: microseconds).
 */
export async function checkFormBody(request: Request): Promise<BodyRefusal | null> {
	const type = request.headers.get('content-type') ?? '';
	const essence = type.split(';', 1)[0].trim().toLowerCase();
	if (!FORM_TYPES.includes(essence)) return { status: 415, message: MESSAGES.type };
	if (essence === 'multipart/form-data' && !/;\s*boundary=[^;\s]/i.test(type)) {
		return { status: 400, message: MESSAGES.unreadable };
	}
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch (e) {
		// adapter-node fails the body's stream with status 413 past BODY_SIZE_LIMIT.
		const status = (e as { status?: unknown } | null)?.status;
		return status === 413
			? { status: 413, message: MESSAGES.tooLarge }
			: { status: 400, message: MESSAGES.unreadable };
	}
	return contentRefusal(form);
}

/**
 * Field names no form sends, and NUL characters anywhere in the form's text: names, values and file
 * names (file contents are the import's to judge).
 */
export function contentRefusal(form: FormData): BodyRefusal | null {
	// Entries, not an object: a field may be named `__proto__`.
	const errors: [string, string][] = [];
	for (const [name, value] of form) {
		if (name.length > MAX_NAME_LENGTH) return { status: 400, message: MESSAGES.longName };
		if (name.includes('\0') || (typeof value !== 'string' && value.name.includes('\0'))) {
			return { status: 400, message: MESSAGES.nulName };
		}
		if (typeof value === 'string' && value.includes('\0')) errors.push([name, MESSAGES.nulField]);
	}
	if (!errors.length) return null;
	return { status: 400, message: MESSAGES.nul, errors: Object.fromEntries(errors), values: refill(form) };
}

/** The posted text as a failure's `values` (fields that repeat become arrays), for the form to show again. */
function refill(form: FormData): Record<string, string | string[]> {
	const values: [string, string | string[]][] = [];
	for (const name of new Set(form.keys())) {
		if (/password/i.test(name)) continue;
		const all = form
			.getAll(name)
			.filter((v): v is string => typeof v === 'string')
			.map((v) => v.replaceAll('\0', ''));
		if (all.length) values.push([name, all.length > 1 ? all : all[0]]);
	}
	return Object.fromEntries(values);
}
