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

const ASCII = /^[ -~]*$/;

/**
 * Lower-cases and strips diacritics so that `Nguyen` finds `Nguyễn` and sorting ignores accents.
 * Only marks on Latin, Greek and Cyrillic letters are dropped: in scripts such as Tamil the signs are
 * part of the letter, and Chinese has none.
 */
export function fold(text: string): string {
	// Plain ASCII has nothing to decompose: most names, every email (an import folds 100,000 of them).
	if (ASCII.test(text)) return text.toLowerCase();
	// Folding works word by word (nothing in it reaches across a space), and names repeat their words
	// (Nguyễn, Văn, Thị …): each word is folded once and remembered.
	return text.split(' ').map(foldWord).join(' ');
}

const foldedWords = new Map<string, string>();

function foldWord(word: string): string {
	if (ASCII.test(word)) return word.toLowerCase();
	let folded = foldedWords.get(word);
	if (folded === undefined) {
		folded = foldText(word);
		if (foldedWords.size >= 20_000) foldedWords.clear();
		foldedWords.set(word, folded);
	}
	return folded;
}

/** `fold` without the word cache: what it must always equal. */
export function foldText(text: string): string {
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

/**
 * A phone number as the digit suffixes a search can match by prefix (so that any run of its digits
 * finds it): `+84 912 345 678` → `84912345678 4912345678 … 5678`. Empty when it has under 4 digits.
 */
export function phoneSuffixes(phone: string): string {
	const digits = phone.replace(/\D/g, '');
	const suffixes: string[] = [];
	for (let i = 0; i + 4 <= digits.length; i++) suffixes.push(digits.slice(i));
	return suffixes.join(' ');
}

/**
 * A full-text query from what a user typed: folded like the index, split into words, each matched
 * as a prefix, all required. Empty when nothing searchable was typed. Each word is quoted and holds
 * only letters, digits and marks, so nothing typed is read as query syntax (`OR`, `NEAR`, a column
 * filter such as `scope:`), and no word can match the index's scope words (search.ts).
 */
export function ftsQuery(text: string): string {
	const words = fold(text)
		.split(/[^\p{L}\p{N}\p{M}]+/u)
		.filter(Boolean)
		.slice(0, 8);
	// A phone number typed in groups (`912 345 678`) is one run of digits in the index.
	if (words.length > 1 && words.every((w) => /^\d+$/.test(w))) return `"${words.join('')}"*`;
	return words.map((w) => `"${w}"*`).join(' ');
}
