/**
 * Demo people in the five languages Uptake is tested with. Each name has the ASCII form its email
 * address uses; `familyFirst` says how the full name is written.
 */
export interface NamePool {
	language: 'en' | 'vi' | 'ru' | 'zh' | 'ta';
	familyFirst: boolean;
	separator: string;
	given: [string, string][];
	family: [string, string][];
}

export const NAME_POOLS: NamePool[] = [
	{
		language: 'en',
		familyFirst: false,
		separator: ' ',
		given: [
			['Emma', 'emma'],
			['Oliver', 'oliver'],
			['Amelia', 'amelia'],
			['Jack', 'jack'],
			['Sophie', 'sophie'],
			['Harry', 'harry'],
			['Grace', 'grace'],
			['Thomas', 'thomas'],
			['Chloe', 'chloe'],
			['James', 'james'],
			['Megan', 'megan'],
			['Daniel', 'daniel'],
			['Hannah', 'hannah'],
			['Samuel', 'samuel'],
			['Zoë', 'zoe'],
			['Liam', 'liam'],
			['Ruth', 'ruth'],
			['Owen', 'owen'],
			['Siobhán', 'siobhan'],
			['Marcus', 'marcus']
		],
		family: [
			['Smith', 'smith'],
			['Jones', 'jones'],
			['Taylor', 'taylor'],
			['Brown', 'brown'],
			['Williams', 'williams'],
			['Wilson', 'wilson'],
			['Evans', 'evans'],
			['Walker', 'walker'],
			['O’Connor', 'oconnor'],
			['Hughes', 'hughes'],
			['Clarke', 'clarke'],
			['Patel', 'patel'],
			['Bennett', 'bennett'],
			['Fletcher', 'fletcher']
		]
	},
	{
		language: 'vi',
		familyFirst: true,
		separator: ' ',
		given: [
			['Văn Anh', 'anh'],
			['Thị Hương', 'huong'],
			['Minh Tuấn', 'tuan'],
			['Thu Trang', 'trang'],
			['Đức Thắng', 'thang'],
			['Ngọc Lan', 'lan'],
			['Quang Huy', 'huy'],
			['Thanh Hà', 'ha'],
			['Hoài Nam', 'nam'],
			['Mỹ Linh', 'linh']
		],
		family: [
			['Nguyễn', 'nguyen'],
			['Trần', 'tran'],
			['Lê', 'le'],
			['Phạm', 'pham'],
			['Hoàng', 'hoang'],
			['Vũ', 'vu'],
			['Đặng', 'dang'],
			['Bùi', 'bui'],
			['Đỗ', 'do']
		]
	},
	{
		language: 'ru',
		familyFirst: false,
		separator: ' ',
		given: [
			['Сергей', 'sergey'],
			['Анна', 'anna'],
			['Дмитрий', 'dmitry'],
			['Ольга', 'olga'],
			['Алексей', 'alexey'],
			['Наталья', 'natalya'],
			['Михаил', 'mikhail'],
			['Екатерина', 'ekaterina'],
			['Иван', 'ivan'],
			['Татьяна', 'tatyana'],
			['Юлия', 'yulia'],
			['Пётр', 'pyotr']
		],
		// Family names in the masculine form; the seed adds -а for the women's names above.
		family: [
			['Иванов', 'ivanov'],
			['Смирнов', 'smirnov'],
			['Кузнецов', 'kuznetsov'],
			['Попов', 'popov'],
			['Соколов', 'sokolov'],
			['Лебедев', 'lebedev'],
			['Козлов', 'kozlov'],
			['Новиков', 'novikov'],
			['Морозов', 'morozov'],
			['Волков', 'volkov']
		]
	},
	{
		language: 'zh',
		familyFirst: true,
		separator: '',
		given: [
			['伟', 'wei'],
			['娜', 'na'],
			['敏', 'min'],
			['洋', 'yang'],
			['静', 'jing'],
			['磊', 'lei'],
			['丽', 'li'],
			['强', 'qiang'],
			['杰', 'jie'],
			['芳', 'fang'],
			['秀英', 'xiuying'],
			['建国', 'jianguo']
		],
		family: [
			['王', 'wang'],
			['李', 'li'],
			['张', 'zhang'],
			['刘', 'liu'],
			['陈', 'chen'],
			['杨', 'yang'],
			['赵', 'zhao'],
			['黄', 'huang'],
			['周', 'zhou'],
			['吴', 'wu']
		]
	},
	{
		language: 'ta',
		familyFirst: false,
		separator: ' ',
		given: [
			['முருகன்', 'murugan'],
			['லட்சுமி', 'lakshmi'],
			['கார்த்திக்', 'karthik'],
			['பிரியா', 'priya'],
			['அருண்', 'arun'],
			['மீனா', 'meena'],
			['விஜய்', 'vijay'],
			['தீபா', 'deepa'],
			['செந்தில்', 'senthil'],
			['கவிதா', 'kavitha']
		],
		family: [
			['சுப்பிரமணியம்', 'subramaniam'],
			['ராமன்', 'raman'],
			['செல்வம்', 'selvam'],
			['கிருஷ்ணன்', 'krishnan'],
			['குமார்', 'kumar'],
			['சுந்தரம்', 'sundaram'],
			['ராஜா', 'raja'],
			['வேலு', 'velu']
		]
	}
];

/** Russian given names that take the feminine family-name form. */
export const RUSSIAN_FEMININE = new Set(['Анна', 'Ольга', 'Наталья', 'Екатерина', 'Татьяна', 'Юлия']);
