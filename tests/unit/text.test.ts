import { describe, expect, it } from 'vitest';
import { fold, likePattern } from '$lib/text';

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
});

describe('likePattern', () => {
	it('escapes wildcards typed by the user', () => {
		expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
	});
});
