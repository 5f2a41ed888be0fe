/** How the import pages name what a batch holds and how its duplicates are found. */
export const ENTITY_NOUNS = { contact: 'contacts', company: 'companies', deal: 'deals' } as const;
export const MATCHED_BY = {
	contact: 'same email',
	company: 'same web domain or name',
	deal: 'same deal name and company'
} as const;
