import type { BodyRefusal } from './body';

/**
 * The answer to a refused form post, in the form its sender reads: an enhanced form (`use:enhance`
 * sends `x-sveltekit-action`) gets the JSON action result SvelteKit's client applies — a failure the
 * page shows beside its fields when there are fields to point at, else an error the error page shows
 * — and a plain post gets a short HTML page.
 */
export function refuseFormPost(
	request: Request,
	url: URL,
	refusal: BodyRefusal,
	requestId: string
): Response {
	if (wantsActionJson(request)) {
		const result = refusal.errors
			? {
					type: 'failure',
					status: refusal.status,
					data: devalueStringify({
						values: refusal.values ?? {},
						errors: refusal.errors,
						message: refusal.message
					})
				}
			: { type: 'error', error: { message: refusal.message, requestId } };
		return Response.json(result, { status: refusal.status, headers: { 'cache-control': 'no-store' } });
	}
	const html = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Form not accepted · Uptake</title>
<main style="max-width:40rem;margin:3rem auto;padding:0 1rem;font-family:system-ui,sans-serif">
<h1>Form not accepted</h1>
<p>${escapeHtml(refusal.message)}</p>
<p><a href="${escapeHtml(url.pathname)}">Back to the page</a></p>
</main>
</html>
`;
	return new Response(html, {
		status: refusal.status,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }
	});
}

/** As SvelteKit decides between an action's JSON and its page: the enhanced form's header, or an Accept that prefers JSON. */
function wantsActionJson(request: Request): boolean {
	if (request.headers.get('x-sveltekit-action') === 'true') return true;
	const accept = request.headers.get('accept') ?? '';
	return accept.includes('application/json') && !accept.includes('text/html');
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/**
 * The `data` of an action result as devalue (SvelteKit's serialiser) writes it, for plain JSON values:
 * a flat array whose first item is the root and whose objects and arrays point at items by index.
 */
export function devalueStringify(value: Plain): string {
	const items: unknown[] = [];
	const add = (v: Plain): number => {
		const index = items.push(null) - 1;
		items[index] = Array.isArray(v)
			? v.map(add)
			: v !== null && typeof v === 'object'
				? Object.fromEntries(
						// devalue refuses to parse a `__proto__` key (a posted field may be named so).
						Object.entries(v)
							.filter(([key]) => key !== '__proto__')
							.map(([key, item]) => [key, add(item)])
					)
				: v;
		return index;
	};
	add(value);
	return JSON.stringify(items);
}
