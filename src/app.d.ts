import type { Actor, AuthUser } from '$lib/server/auth/actor';
import type { Session } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			user: AuthUser | null;
			session: Session | null;
			/** The signed-in user with this request's id and address: what domain verbs take first. */
			actor: Actor | null;
			/** The viewer's IANA time zone (the `tz` cookie), UTC until the browser has said. */
			timeZone: string;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
