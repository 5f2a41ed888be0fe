import { error } from '@sveltejs/kit';
import type { Principal } from '../access/policy';

/** The signed-in user as every request sees it (role and team resolved; no secrets). */
export interface AuthUser extends Principal {
	email: string;
	name: string;
	roleId: number;
	roleName: string;
	roleLabel: string;
	teamName: string | null;
	locale: string;
}

/** Who is acting, and from which request: what domain verbs take first and write to the audit log. */
export interface Actor {
	user: AuthUser;
	requestId: string;
	ip: string;
}

/** The actor of a request behind sign-in; the hooks' guard makes this unreachable without one. */
export function requireActor(locals: App.Locals): Actor {
	if (!locals.actor) error(401, 'Sign in first.');
	return locals.actor;
}

/**
 * The client's address for the audit log and the sign-in throttle. adapter-node throws when
 * ADDRESS_HEADER is configured but a request lacks it (a misconfigured proxy); that request then
 * carries "unknown" rather than failing.
 */
export function clientAddress(event: { getClientAddress(): string }): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}
