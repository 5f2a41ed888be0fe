/** A person as the typed owner fields suggest them (/crm/owners). */
export interface Person {
	name: string;
	email: string;
}

/**
 * A person as a typed owner field writes them and the server reads them back
 * (src/lib/server/crm/records.ts): `Name <email>`, since two people may share a name.
 */
export function personLabel(person: Person): string {
	return `${person.name} <${person.email}>`;
}
