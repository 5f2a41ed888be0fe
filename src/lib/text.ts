// Letters that carry no combining mark in Unicode's decomposition but that a search should still fold.
const FOLD_EXTRA: Record<string, string> = {
	đ: 'd',
	ð: 'd',
	ł: 'l',
	ø: 'o',
	ß: 'ss',
	æ: 'ae',
	œ: 'oe',
	ı: 'i'
};

/**
 * Lower-cases and strips diacritics so that `Nguyen` finds `Nguyễn` and sorting ignores accents.
 * Only marks on Latin, Greek and Cyrillic letters are dropped: in scripts such as Tamil the signs are
 * part of the letter, and Chinese has none.
 */
export function fold(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{Mn}+/gu, '$1')
		.toLowerCase()
		.replace(/[đðłøßæœı]/g, (c) => FOLD_EXTRA[c] ?? c)
		.normalize('NFC');
}

/** Escapes LIKE wildcards in user input (used with `ESCAPE '\\'`). */
export function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
