import { eq } from 'drizzle-orm';
import { db, schema } from '../db';

export interface SessionPolicy {
	/** Minutes without a request after which a session ends. */
	idleMinutes: number;
	/** Hours after sign-in after which a session ends whatever the activity. */
	absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 120, absoluteHours: 12 };
const KEY = 'session';

let cached: SessionPolicy | undefined;

export function sessionPolicy(): SessionPolicy {
	if (!cached) {
		const row = db().select().from(schema.setting).where(eq(schema.setting.key, KEY)).get();
		cached = { ...DEFAULT_SESSION_POLICY, ...((row?.value as Partial<SessionPolicy>) ?? {}) };
	}
	return cached;
}

/** Called by the settings module after it writes, so that the next request uses the new values. */
export function forgetSessionPolicy(): void {
	cached = undefined;
}

export const SESSION_POLICY_KEY = KEY;
