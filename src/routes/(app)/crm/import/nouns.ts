/** How the import pages name what a batch holds and how its duplicates are found. */
export const ENTITY_NOUNS = { contact: 'contacts', company: 'companies', deal: 'deals' } as const;
export const MATCHED_BY = {
	contact: 'same email',
	company: 'same web domain or name',
	deal: 'same deal name and company'
} as const;
/** One record of a batch's kind, and where its page is. */
export const RECORD_NOUN = { contact: 'contact', company: 'company', deal: 'deal' } as const;
export const RECORD_PATH = {
	contact: '/crm/contacts',
	company: '/crm/companies',
	deal: '/crm/deals'
} as const;
