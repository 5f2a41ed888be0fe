/**
 * The fields an import can fill, per entity, with the column names other systems export them
 * under (Salesforce, HubSpot, Outlook/Excel contact exports, plain English), for guessing the mapping.
 */

export type ImportEntity = 'contact' | 'company' | 'deal';

export interface ImportField {
	/** `ownerEmail` (the key mappings are saved under) takes an owner's email or name (imports/owners.ts). */
	key: string;
	label: string;
	required?: boolean;
	/** Header names this field is guessed from, compared without case, spaces or punctuation. */
	aliases: string[];
}

export const IMPORT_FIELDS: Record<ImportEntity, ImportField[]> = {
	contact: [
		{
			key: 'firstName',
			label: 'First name',
			aliases: ['first name', 'firstname', 'given name', 'first', 'forename', 'vorname', 'prénom']
		},
		{
			key: 'lastName',
			label: 'Last name',
			aliases: ['last name', 'lastname', 'surname', 'family name', 'last', 'nachname', 'nom']
		},
		{
			key: 'fullName',
			label: 'Full name (when there is no last-name column)',
			aliases: ['name', 'full name', 'contact name', 'contact']
		},
		{
			key: 'email',
			label: 'Email',
			aliases: [
				'email',
				'e-mail',
				'email address',
				'e-mail address',
				'primary email',
				'work email',
				'e-mail 1 - value'
			]
		},
		{
			key: 'phone',
			label: 'Phone',
			aliases: [
				'phone',
				'phone number',
				'business phone',
				'work phone',
				'telephone',
				'tel',
				'mobile',
				'mobile phone',
				'mobile phone number',
				'cell'
			]
		},
		{ key: 'title', label: 'Job title', aliases: ['title', 'job title', 'position', 'role', 'job'] },
		{
			key: 'companyName',
			label: 'Company',
			aliases: [
				'company',
				'company name',
				'account name',
				'account',
				'organization',
				'organisation',
				'employer',
				'associated company'
			]
		},
		{ key: 'city', label: 'City', aliases: ['city', 'mailing city', 'business city', 'town'] },
		{
			key: 'country',
			label: 'Country',
			aliases: ['country', 'mailing country', 'business country/region', 'country/region', 'country region']
		},
		{
			key: 'ownerEmail',
			label: 'Owner (email or name)',
			aliases: ['owner', 'owner email', 'owner name', 'contact owner', 'contact owner email', 'record owner']
		}
	],
	company: [
		{
			key: 'name',
			label: 'Name',
			required: true,
			aliases: ['name', 'company', 'company name', 'account name', 'account', 'organization', 'organisation']
		},
		{
			key: 'domain',
			label: 'Web domain',
			aliases: ['domain', 'website', 'web site', 'company domain name', 'url', 'web']
		},
		{ key: 'industry', label: 'Industry', aliases: ['industry', 'sector'] },
		{ key: 'phone', label: 'Phone', aliases: ['phone', 'phone number', 'main phone', 'telephone', 'tel'] },
		{ key: 'city', label: 'City', aliases: ['city', 'billing city', 'town'] },
		{
			key: 'country',
			label: 'Country',
			aliases: ['country', 'billing country', 'country/region', 'country region']
		},
		{
			key: 'ownerEmail',
			label: 'Owner (email or name)',
			aliases: ['owner', 'owner email', 'owner name', 'company owner', 'account owner', 'record owner']
		}
	],
	deal: [
		{
			key: 'name',
			label: 'Deal name',
			required: true,
			aliases: ['name', 'deal name', 'deal', 'opportunity name', 'opportunity', 'title', 'subject']
		},
		{
			key: 'companyName',
			label: 'Company',
			aliases: ['company', 'company name', 'account name', 'account', 'associated company', 'organization']
		},
		{
			key: 'contactEmail',
			label: 'Contact (email)',
			aliases: ['contact email', 'email', 'primary contact email', 'associated contact email', 'contact']
		},
		{ key: 'amount', label: 'Amount', aliases: ['amount', 'value', 'deal amount', 'opportunity amount'] },
		{
			key: 'currency',
			label: 'Currency (EUR, USD, …)',
			aliases: ['currency', 'amount currency', 'opportunity currency', 'currency code', 'deal currency']
		},
		{
			key: 'stage',
			label: 'Stage (by name)',
			aliases: ['stage', 'deal stage', 'opportunity stage', 'pipeline stage', 'status']
		},
		{
			key: 'closeDate',
			label: 'Expected close (YYYY-MM-DD)',
			aliases: ['close date', 'expected close', 'expected close date', 'closing date', 'close']
		},
		{
			key: 'probability',
			label: 'Probability (%)',
			aliases: ['probability', 'probability (%)', 'win probability']
		},
		{
			key: 'ownerEmail',
			label: 'Owner (email or name)',
			aliases: ['owner', 'owner email', 'owner name', 'deal owner', 'opportunity owner', 'record owner']
		}
	]
};

const squash = (header: string) => header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Field key → column index, guessed from the header names; each column is used at most once. `fields`
 * is the entity's fields with its custom fields (imports/batches.ts: importFields).
 */
export function guessMapping(
	entity: ImportEntity,
	headers: string[],
	fields: ImportField[] = IMPORT_FIELDS[entity]
): Record<string, number> {
	const mapping: Record<string, number> = {};
	const used = new Set<number>();
	for (const field of fields) {
		const aliases = new Set([field.key, field.label, ...field.aliases].map(squash));
		const column = headers.findIndex((h, i) => !used.has(i) && aliases.has(squash(h)));
		if (column >= 0) {
			mapping[field.key] = column;
			used.add(column);
		}
	}
	// A full-name column is only wanted when there is no last-name column.
	if (entity === 'contact' && mapping.lastName !== undefined) delete mapping.fullName;
	return mapping;
}
