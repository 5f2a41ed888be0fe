/**
 * Where a page may send the user after sign-in (`?next=`): only a path of this site. Browsers read
 * more into a `Location` than its first characters say — they drop tabs and line breaks, take `\` for
 * `/`, and treat `//host` as another site — so the path is checked on what a browser would make of it.
 */

/** Control and format characters, any whitespace (Unicode's too) and backslashes: no path of the app holds them raw. */
const UNSAFE_CHARACTERS = /[\s\\\p{Cc}\p{Cf}]/u;

/** In the path (not the query), encoded slashes, backslashes, control characters and spaces. */
const UNSAFE_ENCODED = /%(?:2f|5c|[01][0-9a-f]|7f|20)/i;

const MAX_LENGTH = 2048;

/**
 * `next` as a same-origin path (`/crm/contacts?q=a`), or `/` when it is missing or could lead
 * elsewhere. `origin` is this site's (`event.url.origin`). The answer is re-serialised by the URL
 * parser, so it is also a valid header value (non-ASCII is percent-encoded).
 */
export function safeNext(next: string | null | undefined, origin: string): string {
	if (!next || next.length > MAX_LENGTH) return '/';
	if (!next.startsWith('/') || next.startsWith('//') || UNSAFE_CHARACTERS.test(next)) return '/';
	const path = next.split(/[?#]/, 1)[0];
	if (UNSAFE_ENCODED.test(path)) return '/';
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return '/';
	}
	if (url.origin !== origin) return '/';
	const target = url.pathname + url.search + url.hash;
	// Dot segments can fold `/.//evil.example` into `//evil.example`: check the result, not only the input.
	return target.startsWith('/') && !target.startsWith('//') && !target.includes('\\') ? target : '/';
}
