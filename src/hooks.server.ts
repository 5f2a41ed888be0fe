import { error, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { DEFAULT_TIME_ZONE, isTimeZone } from '$lib/time';
import { sequence } from '@sveltejs/kit/hooks';
import { clientAddress } from '$lib/server/auth/actor';
import { bootstrap, describeBootstrap } from '$lib/server/auth/bootstrap';
import { deleteSessionCookie, readSessionCookie, validateSessionToken } from '$lib/server/auth/session';
import { isPageView, moduleOfRoute, recordUsage } from '$lib/server/audit/usage';
import { drainBacklog } from '$lib/server/crm/search-index';
import { checkFormBody, isFormPost } from '$lib/server/http/body';
import { refuseFormPost } from '$lib/server/http/refusal';
import { startJobRunner } from '$lib/server/jobs';

/**
 * Start-up: migrate (on first use of the database), create the first admin or the demo organisation,
 * index whatever an import left for the search index when the server last stopped, and start the job
 * runner (reminders, digests, contests, the mail outbox) — not while building or prerendering.
 */
export const init: ServerInit = async () => {
	const message = describeBootstrap(await bootstrap());
	if (message) console.log(message);
	void drainBacklog();
	if (!building && !process.env.VITEST) startJobRunner();
};

/** The zone the viewer's browser reported (the app layout sets the `tz` cookie), else UTC. */
function viewerTimeZone(cookie: string | undefined): string {
	return cookie && isTimeZone(cookie) ? cookie : DEFAULT_TIME_ZONE;
}

/** Session cookie → locals.user, on every request. */
const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID();
	event.locals.user = null;
	event.locals.session = null;
	event.locals.actor = null;
	event.locals.timeZone = viewerTimeZone(event.cookies.get('tz'));
	const token = readSessionCookie(event.cookies, event.url);
	if (token) {
		const { session, user } = validateSessionToken(token);
		if (session) {
			event.locals.session = session;
			event.locals.user = user;
			event.locals.actor = { user, requestId: event.locals.requestId, ip: clientAddress(event) };
		} else {
			deleteSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

/**
 * Everything in the (app) group needs a signed-in user: pages redirect to sign-in, anything else
 * (form posts, endpoints) gets 401. Done here, not in a layout, because layouts do not guard actions.
 */
const handleGuard: Handle = async ({ event, resolve }) => {
	if (event.route.id?.startsWith('/(app)') && !event.locals.user) {
		if (event.request.method === 'GET') {
			const next = event.url.pathname + event.url.search;
			redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
		}
		error(401, 'Your session has ended. Sign in again.');
	}
	return resolve(event);
};

/**
 * A form action's body is checked here, once for every action: a body the platform cannot parse, a
 * field name no form sends, or text holding a NUL character gets a 4xx with a message before any
 * action reads it (no 500s). GETs and endpoints are left alone (src/lib/server/http/body.ts).
 */
const handleFormBody: Handle = async ({ event, resolve }) => {
	if (isFormPost(event.request.method, event.route.id)) {
		const refusal = await checkFormBody(event.request);
		if (refusal) return refuseFormPost(event.request, event.url, refusal, event.locals.requestId);
	}
	return resolve(event);
};

/** A usage event for every signed-in page view: the raw material of the adoption metrics. */
const handleUsage: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const user = event.locals.user;
	const routeId = event.route.id;
	const view = isPageView({
		method: event.request.method,
		status: response.status,
		routeId,
		isDataRequest: event.isDataRequest,
		contentType: response.headers.get('content-type')
	});
	if (user && routeId && view) {
		recordUsage({ userId: user.id, teamId: user.teamId, module: moduleOfRoute(routeId), action: 'view' });
	}
	return response;
};

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};

export const handle = sequence(handleHeaders, handleAuth, handleGuard, handleFormBody, handleUsage);

/** Unexpected errors are logged once, with the request id, and never shown raw. */
export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const requestId = event.locals.requestId;
	if (status === 404) return { message: 'Not found', requestId };
	console.error(`[${requestId}] ${event.request.method} ${event.url.pathname}:`, err);
	return { message: status >= 500 ? 'Something went wrong on our side.' : message, requestId };
};
