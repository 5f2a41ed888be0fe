import { asc, eq } from 'drizzle-orm';
import { db, schema } from '../db';

/** Active users, for the owner pickers of the rollout workspace (goals, risks, integrations…). */
export function projectPeople() {
	const { user } = schema;
	return db()
		.select({ id: user.id, name: user.name })
		.from(user)
		.where(eq(user.active, true))
		.orderBy(asc(user.nameKey))
		.all();
}
