import { count } from 'drizzle-orm';
import { authorize, scopeWhere } from '../access/policy';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';

/** How many records of each kind the actor can see: the CRM start page. */
export function counts(actor: Actor) {
	authorize(actor.user, 'crm.read');
	const n = (
		table:
			| typeof schema.company
			| typeof schema.contact
			| typeof schema.deal
			| typeof schema.activity
			| typeof schema.supportCase
			| typeof schema.campaign
	) => db().select({ n: count() }).from(table).where(scopeWhere(actor.user, table)).get()?.n ?? 0;
	return {
		companies: n(schema.company),
		contacts: n(schema.contact),
		deals: n(schema.deal),
		activities: n(schema.activity),
		cases: n(schema.supportCase),
		campaigns: n(schema.campaign)
	};
}
