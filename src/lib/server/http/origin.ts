/**
 * Whether a state-changing request comes from this site's own pages. SvelteKit's CSRF check covers
 * only form content types; an endpoint that acts without reading a body (sign-out) asks this instead.
 * Browsers send `Origin` on every POST; lacking it, `Sec-Fetch-Site`, then `Referer`, decide. A
 * request that carries none of them proves nothing and is refused.
 */
export function fromSameOrigin(request: Request, origin: string): boolean {
	const claimed = request.headers.get('origin');
	if (claimed !== null) return claimed === origin;
	const site = request.headers.get('sec-fetch-site');
	if (site !== null) return site === 'same-origin';
	const referer = request.headers.get('referer');
	if (referer === null) return false;
	try {
		return new URL(referer).origin === origin;
	} catch {
		return false;
	}
}
