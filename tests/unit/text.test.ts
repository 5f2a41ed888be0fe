import { describe, expect, it } from 'vitest';
import { fold, foldText, likePattern } from '$lib/text';

describe('fold', () => {
	it('drops diacritics so that Nguyen finds Nguyễn', () => {
		expect(fold('Nguyễn Văn Anh')).toBe('nguyen van anh');
		expect(fold('Đặng Đức')).toBe('dang duc');
		expect(fold('Zoë Siobhán Ørsted')).toBe('zoe siobhan orsted');
	});

	it('folds Cyrillic case and ё/й', () => {
		expect(fold('Сергей Пётр')).toBe('сергеи петр');
	});

	it('leaves Chinese and Tamil letters whole', () => {
		expect(fold('王伟')).toBe('王伟');
		expect(fold('முருகன்')).toBe('முருகன்');
	});

	it('folds word by word exactly as it folds the whole text', () => {
		const texts = [
			'Nguyễn Văn Anh',
			'ΟΔΥΣΣΕΥΣ ΚΑΙ ΣΟΦΙΑ', // final sigma depends on the word's end
			'Σ Σ',
			'e\u0301 cafe\u0301  double  spaces ',
			' ´ ¨ leading and lone marks',
			'ﬁnance Ⅻ ① ﬀ', // compatibility forms decompose to several letters
			'Đặng Thị Ngọc Ánh Đặng',
			'Сергей Пётр Ёлкин',
			'王伟 முருகன் சுப்பிரமணியம்',
			'İstanbul Straße Œuvre Łódź'
		];
		for (const text of texts) {
			expect(fold(text)).toBe(foldText(text));
			expect(fold(text)).toBe(foldText(text)); // and again, from the remembered words
		}
	});
});

describe('likePattern', () => {
	it('escapes wildcards typed by the user', () => {
		expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
	});
});
