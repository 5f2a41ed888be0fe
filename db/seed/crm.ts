import type Database from 'better-sqlite3';
import { contactNameKey } from '../../src/lib/server/crm/contacts';
import { fold } from '../../src/lib/text';
import { NAME_POOLS, RUSSIAN_FEMININE, type NamePool } from './names';
import { seededRandom, type Random } from './random';

/**
 * The demo organisation's CRM: companies and contacts in the five demo languages, deals across the
 * pipeline, and activities and cases over the seeded period, owned by the sales, service and
 * marketing people who would work them.
 */

export interface CrmOwner {
	id: number;
	teamId: number;
	/** The team's CRM work: sales, service or marketing. */
	work: 'sales' | 'service' | 'marketing';
	/** Share of key fields this owner leaves empty (teams.ts dataGaps); a few by default. */
	gaps?: number;
}

/** Most people fill in most key fields: a record in thirty-odd lacks one. */
const DEFAULT_GAPS = 0.03;

export const DEMO_CRM = {
	companies: 5200,
	contactsPerCompany: 4,
	deals: 3200,
	activities: 16000,
	cases: 1600
} as const;

export const DEMO_STAGES = [
	{ name: 'Lead', probability: 10, kind: 'open' },
	{ name: 'Qualified', probability: 25, kind: 'open' },
	{ name: 'Proposal', probability: 50, kind: 'open' },
	{ name: 'Negotiation', probability: 75, kind: 'open' },
	{ name: 'Won', probability: 100, kind: 'won' },
	{ name: 'Lost', probability: 0, kind: 'lost' }
] as const;

interface Market {
	language: NamePool['language'];
	country: string;
	tld: string;
	cities: string[];
	phone: (r: Random) => string;
	company: (r: Random) => { name: string; slug: string };
	weight: number;
}

const digits = (r: Random, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');

const MARKETS: Market[] = [
	{
		language: 'en',
		country: 'United Kingdom',
		tld: 'co.uk',
		cities: ['London', 'Manchester', 'Leeds', 'Bristol', 'Glasgow', 'Birmingham'],
		phone: (r) => `+44 7${digits(r, 3)} ${digits(r, 6)}`,
		company: (r) => {
			const a = r.pick([
				'Northern',
				'Harbour',
				'Blue Ridge',
				'Redwood',
				'Summit',
				'Kingfisher',
				'Granite',
				'Meridian',
				'Oakfield',
				'Silverline'
			]);
			const b = r.pick([
				'Freight',
				'Foods',
				'Engineering',
				'Logistics',
				'Supplies',
				'Analytics',
				'Retail',
				'Packaging',
				'Energy',
				'Health'
			]);
			const c = r.pick(['Ltd', 'plc', 'Group', 'Holdings', '& Co']);
			return { name: `${a} ${b} ${c}`, slug: `${a}${b}`.toLowerCase().replace(/[^a-z]/g, '') };
		},
		weight: 0.4
	},
	{
		language: 'vi',
		country: 'Việt Nam',
		tld: 'vn',
		cities: ['Hà Nội', 'Thành phố Hồ Chí Minh', 'Đà Nẵng', 'Hải Phòng', 'Cần Thơ'],
		phone: (r) => `+84 9${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}`,
		company: (r) => {
			const [a, as] = r.pick([
				['Hòa Phát', 'hoaphat'],
				['Thành Công', 'thanhcong'],
				['Phương Nam', 'phuongnam'],
				['Đại Việt', 'daiviet'],
				['Minh Long', 'minhlong'],
				['Sao Mai', 'saomai'],
				['Bình Minh', 'binhminh'],
				['Tân Tiến', 'tantien']
			]);
			const [b, bs] = r.pick([
				['Thương mại', 'tm'],
				['Xây dựng', 'xd'],
				['Vận tải', 'vt'],
				['Thực phẩm', 'tp'],
				['Công nghệ', 'cn'],
				['Dược phẩm', 'dp']
			]);
			return { name: `Công ty TNHH ${b} ${a}`, slug: `${as}${bs}` };
		},
		weight: 0.17
	},
	{
		language: 'ru',
		country: 'Россия',
		tld: 'ru',
		cities: ['Москва', 'Санкт-Петербург', 'Новосибирск', 'Екатеринбург', 'Казань'],
		phone: (r) => `+7 9${digits(r, 2)} ${digits(r, 3)}-${digits(r, 2)}-${digits(r, 2)}`,
		company: (r) => {
			const [a, as] = r.pick([
				['Север', 'sever'],
				['Волга', 'volga'],
				['Урал', 'ural'],
				['Восток', 'vostok'],
				['Балтика', 'baltika'],
				['Сибирь', 'sibir'],
				['Нева', 'neva']
			]);
			const [b, bs] = r.pick([
				['Логистик', 'logistik'],
				['Снаб', 'snab'],
				['Строй', 'stroy'],
				['Торг', 'torg'],
				['Пром', 'prom'],
				['Техно', 'tekhno']
			]);
			return { name: `ООО «${a}${b}»`, slug: `${as}${bs}` };
		},
		weight: 0.16
	},
	{
		language: 'zh',
		country: '中国',
		tld: 'cn',
		cities: ['上海', '北京', '深圳', '广州', '杭州', '成都'],
		phone: (r) => `+86 13${digits(r, 1)} ${digits(r, 4)} ${digits(r, 4)}`,
		company: (r) => {
			const [a, as] = r.pick([
				['上海', 'shanghai'],
				['北京', 'beijing'],
				['深圳', 'shenzhen'],
				['广州', 'guangzhou'],
				['杭州', 'hangzhou']
			]);
			const [b, bs] = r.pick([
				['华信', 'huaxin'],
				['宏达', 'hongda'],
				['长城', 'changcheng'],
				['东方', 'dongfang'],
				['新世纪', 'xinshiji'],
				['金桥', 'jinqiao']
			]);
			const [c, cs] = r.pick([
				['科技', 'tech'],
				['贸易', 'trade'],
				['物流', 'logistics'],
				['制造', 'mfg'],
				['电子', 'elec']
			]);
			return { name: `${a}${b}${c}有限公司`, slug: `${as}${bs}${cs}` };
		},
		weight: 0.14
	},
	{
		language: 'ta',
		country: 'India',
		tld: 'in',
		cities: ['சென்னை', 'கோயம்புத்தூர்', 'மதுரை', 'திருச்சி', 'சேலம்'],
		phone: (r) => `+91 9${digits(r, 4)} ${digits(r, 5)}`,
		company: (r) => {
			const [a, as] = r.pick([
				['சென்னை', 'chennai'],
				['காவேரி', 'kaveri'],
				['மதுரை', 'madurai'],
				['தமிழ்', 'tamil'],
				['கொங்கு', 'kongu']
			]);
			const [b, bs] = r.pick([
				['மென்பொருள்', 'soft'],
				['ஜவுளி', 'textiles'],
				['இயந்திர', 'machines'],
				['உணவு', 'foods'],
				['மின்சார', 'electric']
			]);
			return { name: `${a} ${b} நிறுவனம்`, slug: `${as}${bs}` };
		},
		weight: 0.13
	}
];

const INDUSTRIES = [
	'Manufacturing',
	'Wholesale',
	'Retail',
	'Logistics',
	'Software',
	'Healthcare',
	'Construction',
	'Food & beverage',
	'Energy',
	'Financial services'
];
const TITLES = [
	'Purchasing manager',
	'Managing director',
	'Head of operations',
	'IT manager',
	'Buyer',
	'Finance director',
	'Office manager',
	'Sales director',
	'Logistics coordinator',
	'CEO'
];
const DAY = 86_400_000;

function pickMarket(r: Random): Market {
	let roll = r.next();
	return MARKETS.find((m) => (roll -= m.weight) < 0) ?? MARKETS[0];
}

function person(r: Random, language: NamePool['language']) {
	const pool = NAME_POOLS.find((p) => p.language === language)!;
	const [given, givenAscii] = r.pick(pool.given);
	let [family, familyAscii] = r.pick(pool.family);
	if (language === 'ru' && RUSSIAN_FEMININE.has(given)) {
		family += 'а';
		familyAscii += 'a';
	}
	return { firstName: given, lastName: family, local: `${givenAscii}.${familyAscii}` };
}

/** A seed of its own for the custom values (see seedCrm). */
const DEMO_SEED_CUSTOM = 20_261_123;
/** And one for the key fields left empty (data quality), so that the rest stays as it was. */
const DEMO_SEED_GAPS = 20_261_124;

/** The demo organisation's custom fields: what a CRM admin typically adds in the first month. */
export const DEMO_CUSTOM_FIELDS: {
	entity: 'contact' | 'company' | 'deal';
	key: string;
	label: string;
	type: 'text' | 'number' | 'date' | 'select' | 'checkbox';
	options?: string[];
	required?: boolean;
}[] = [
	{
		entity: 'company',
		key: 'customer_tier',
		label: 'Customer tier',
		type: 'select',
		options: ['Strategic', 'Key', 'Standard']
	},
	{ entity: 'company', key: 'employees', label: 'Employees', type: 'number' },
	{
		entity: 'contact',
		key: 'preferred_language',
		label: 'Preferred language',
		type: 'select',
		options: ['English', 'Tiếng Việt', 'Русский', '中文', 'தமிழ்']
	},
	{ entity: 'contact', key: 'newsletter', label: 'Newsletter', type: 'checkbox' },
	{
		entity: 'deal',
		key: 'lead_source',
		label: 'Lead source',
		type: 'select',
		options: ['Web', 'Referral', 'Trade show', 'Partner', 'Cold outreach']
	}
];

/** Seeds the CRM with raw prepared statements inside the caller's transaction. */
export function seedCrm(
	client: Database.Database,
	r: Random,
	owners: CrmOwner[],
	startDay: number,
	now: number
) {
	// Nothing is dated after `now` (the seed's anchor): an "updated" or "done" in the future would show as such.
	const clamp = (t: number) => Math.min(t, now);
	const byWork = (work: CrmOwner['work']) => owners.filter((o) => o.work === work);
	const sellers = byWork('sales');
	const agents = byWork('service');
	const marketers = byWork('marketing');
	const at = (daysAgoMax: number) => now - r.int(0, daysAgoMax) * DAY - r.int(1, 8 * 3_600_000);

	const stageIds = DEMO_STAGES.map(
		(s, i) =>
			client
				.prepare('INSERT INTO pipeline_stage (name, position, probability, kind) VALUES (?, ?, ?, ?)')
				.run(s.name, i + 1, s.probability, s.kind).lastInsertRowid as number
	);

	// The admin's custom fields, filled from a random stream of their own so that the rest of the demo
	// stays as it was before they existed.
	const cr = seededRandom(DEMO_SEED_CUSTOM);
	const insertField = client.prepare(
		'INSERT INTO custom_field (entity, key, label, type, options, required, position) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	DEMO_CUSTOM_FIELDS.forEach((f, i) =>
		insertField.run(
			f.entity,
			f.key,
			f.label,
			f.type,
			JSON.stringify(f.options ?? []),
			f.required ? 1 : 0,
			i + 1
		)
	);
	const companyCustom = () =>
		JSON.stringify({
			customer_tier: cr.chance(0.1) ? 'Strategic' : cr.chance(0.3) ? 'Key' : 'Standard',
			employees: cr.pick([12, 25, 40, 80, 150, 320, 600, 1200, 2500, 8000])
		});
	const languageName: Record<string, string> = {
		en: 'English',
		vi: 'Tiếng Việt',
		ru: 'Русский',
		zh: '中文',
		ta: 'தமிழ்'
	};
	const contactCustom = (language: string) =>
		JSON.stringify({ preferred_language: languageName[language], newsletter: cr.chance(0.4) });
	// Key fields left empty, the careless team's far more often than the others'.
	const gr = seededRandom(DEMO_SEED_GAPS);
	const blank = (owner: CrmOwner, weight = 1) => gr.chance((owner.gaps ?? DEFAULT_GAPS) * weight);
	const dealCustom = () =>
		JSON.stringify({
			lead_source: cr.pick(['Web', 'Web', 'Referral', 'Trade show', 'Partner', 'Cold outreach'])
		});

	const insertCompany = client.prepare(
		`INSERT INTO company (name, name_key, domain, industry, phone, city, country, owner_id, team_id, created_at, updated_at, custom)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const companies: { id: number; market: Market; domain: string; owner: CrmOwner }[] = [];
	const usedDomains = new Set<string>();
	for (let i = 0; i < DEMO_CRM.companies; i++) {
		const market = pickMarket(r);
		const { name, slug } = market.company(r);
		let domain = `${slug}.${market.tld}`;
		for (let n = 2; usedDomains.has(domain); n++) domain = `${slug}${n}.${market.tld}`;
		usedDomains.add(domain);
		const owner = r.chance(0.85) ? r.pick(sellers) : r.pick(marketers.length ? marketers : sellers);
		const created = at(400);
		const id = insertCompany.run(
			name,
			fold(name),
			domain,
			r.pick(INDUSTRIES),
			market.phone(r),
			r.pick(market.cities),
			market.country,
			owner.id,
			owner.teamId,
			created,
			clamp(created + r.int(0, 90) * DAY),
			companyCustom()
		).lastInsertRowid as number;
		companies.push({ id, market, domain, owner });
	}

	const insertContact = client.prepare(
		`INSERT INTO contact (first_name, last_name, name_key, email, phone, title, company_id, city, country, owner_id, team_id, created_at, updated_at, custom)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const contacts: { id: number; companyIndex: number }[] = [];
	const firstContactOf = new Map<number, number>();
	companies.forEach((c, companyIndex) => {
		const n = r.int(1, DEMO_CRM.contactsPerCompany * 2 - 1);
		const used = new Set<string>();
		for (let k = 0; k < n; k++) {
			const language = r.chance(0.85) ? c.market.language : r.pick(MARKETS).language;
			const p = person(r, language);
			let email = `${p.local}@${c.domain}`;
			for (let m = 2; used.has(email); m++) email = `${p.local}${m}@${c.domain}`;
			used.add(email);
			const owner = r.chance(0.9) ? c.owner : r.pick(owners);
			const created = at(360);
			const phone = c.market.phone(r);
			const id = insertContact.run(
				p.firstName,
				p.lastName,
				contactNameKey(p),
				blank(owner, 0.7) ? '' : email,
				blank(owner) ? '' : phone,
				r.pick(TITLES),
				c.id,
				r.pick(c.market.cities),
				c.market.country,
				owner.id,
				owner.teamId,
				created,
				clamp(created + r.int(0, 60) * DAY),
				contactCustom(language)
			).lastInsertRowid as number;
			contacts.push({ id, companyIndex });
			if (!firstContactOf.has(companyIndex)) firstContactOf.set(companyIndex, id);
		}
	});

	const insertDeal = client.prepare(
		`INSERT INTO deal (name, name_key, company_id, contact_id, amount_minor, currency, stage_id, close_date, probability, owner_id, team_id, created_at, updated_at, custom)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const currencyOf: Record<string, string> = { en: 'GBP', vi: 'VND', ru: 'RUB', zh: 'CNY', ta: 'INR' };
	const deals: number[] = [];
	for (let i = 0; i < DEMO_CRM.deals; i++) {
		const companyIndex = r.int(0, companies.length - 1);
		const c = companies[companyIndex];
		const stage = r.int(0, DEMO_STAGES.length - 1);
		const currency = currencyOf[c.market.language];
		const scale =
			currency === 'VND'
				? 25_000
				: currency === 'RUB'
					? 90
					: currency === 'INR'
						? 85
						: currency === 'CNY'
							? 7
							: 1;
		const amount = Math.round(r.int(2, 250) * 1000 * scale) * 100;
		const created = at(170);
		const close = new Date(created + r.int(20, 120) * DAY).toISOString().slice(0, 10);
		const contact = firstContactOf.get(companyIndex) ?? null;
		const name = `${c.market.language === 'en' ? 'Supply contract' : r.pick(['Framework agreement', 'Pilot order', 'Annual renewal', 'Expansion', 'Service contract'])} ${new Date(created).getUTCFullYear()}`;
		const id = insertDeal.run(
			name,
			fold(name),
			c.id,
			blank(c.owner, 0.6) ? null : contact,
			amount,
			currency,
			stageIds[stage],
			blank(c.owner, 0.8) ? null : close,
			DEMO_STAGES[stage].probability,
			c.owner.id,
			c.owner.teamId,
			created,
			clamp(created + r.int(0, 20) * DAY),
			dealCustom()
		).lastInsertRowid as number;
		deals.push(id);
	}

	const insertActivity = client.prepare(
		`INSERT INTO activity (type, subject, notes, due_at, done_at, contact_id, company_id, deal_id, owner_id, team_id, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const subjects: Record<string, string[]> = {
		call: ['Intro call', 'Follow-up call', 'Price discussion', 'Check-in on delivery'],
		email: ['Sent proposal', 'Sent price list', 'Answered product question', 'Meeting confirmation'],
		meeting: ['Site visit', 'Demo meeting', 'Quarterly review', 'Contract negotiation'],
		note: [
			'Budget approved for Q1',
			'Decision maker is the CFO',
			'Prefers email over calls',
			'Competitor quote received'
		],
		task: ['Send updated quote', 'Call back next week', 'Prepare contract draft', 'Book demo']
	};
	for (let i = 0; i < DEMO_CRM.activities; i++) {
		const contact = contacts[r.int(0, contacts.length - 1)];
		const c = companies[contact.companyIndex];
		const type = r.pick(['call', 'call', 'email', 'email', 'meeting', 'note', 'task', 'task'] as const);
		const created = clamp(
			startDay + r.int(0, Math.floor((now - startDay) / DAY)) * DAY + r.int(8, 17) * 3_600_000
		);
		const dueAt = type === 'task' || type === 'meeting' ? created + r.int(1, 14) * DAY : null;
		const doneAt = type === 'task' ? (dueAt! < now && r.chance(0.75) ? dueAt : null) : created;
		const dealId = r.chance(0.2) ? deals[r.int(0, deals.length - 1)] : null;
		insertActivity.run(
			type,
			r.pick(subjects[type]),
			'',
			dueAt,
			doneAt,
			contact.id,
			c.id,
			dealId,
			c.owner.id,
			c.owner.teamId,
			created,
			created
		);
	}

	const insertCase = client.prepare(
		`INSERT INTO support_case (subject, description, status, priority, contact_id, company_id, resolved_at, owner_id, team_id, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const caseSubjects = [
		'Delivery delayed',
		'Invoice does not match order',
		'Damaged goods',
		'Portal login fails',
		'Wrong item shipped',
		'Warranty claim',
		'Request for certificate'
	];
	for (let i = 0; i < DEMO_CRM.cases && agents.length; i++) {
		const contact = contacts[r.int(0, contacts.length - 1)];
		const owner = r.pick(agents);
		const created = at(170);
		const status = r.pick([
			'new',
			'open',
			'open',
			'pending',
			'resolved',
			'resolved',
			'resolved',
			'closed'
		] as const);
		const resolved =
			status === 'resolved' || status === 'closed' ? clamp(created + r.int(1, 12) * DAY) : null;
		insertCase.run(
			r.pick(caseSubjects),
			'',
			status,
			r.pick(['low', 'normal', 'normal', 'high', 'urgent']),
			contact.id,
			companies[contact.companyIndex].id,
			resolved,
			owner.id,
			owner.teamId,
			created,
			resolved ?? created
		);
	}

	const insertCampaign = client.prepare(
		`INSERT INTO campaign (name, channel, status, start_date, end_date, budget_minor, currency, owner_id, team_id, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, 'GBP', ?, ?, ?, ?)`
	);
	const insertMember = client.prepare(
		'INSERT OR IGNORE INTO campaign_member (campaign_id, contact_id, status, added_at) VALUES (?, ?, ?, ?)'
	);
	const campaignNames = [
		'Spring trade fair',
		'Logistics webinar series',
		'Customer newsletter',
		'Win-back mailing',
		'Partner day',
		'Year-end offer',
		'Product launch',
		'LinkedIn awareness',
		'Warehouse open house',
		'Service satisfaction survey',
		'Key account dinner',
		'Price update mailing'
	];
	campaignNames.forEach((name, i) => {
		const owner = r.pick(marketers.length ? marketers : sellers);
		const start = new Date(startDay + i * 15 * DAY);
		const end = new Date(start.getTime() + r.int(7, 45) * DAY);
		const status = end.getTime() < now ? 'completed' : start.getTime() < now ? 'active' : 'planned';
		const id = insertCampaign.run(
			name,
			r.pick(['email', 'event', 'webinar', 'social', 'ads', 'direct_mail', 'phone']),
			status,
			start.toISOString().slice(0, 10),
			end.toISOString().slice(0, 10),
			r.int(20, 400) * 100_00,
			owner.id,
			owner.teamId,
			start.getTime(),
			start.getTime()
		).lastInsertRowid as number;
		for (let k = 0; k < r.int(40, 400); k++)
			insertMember.run(
				id,
				contacts[r.int(0, contacts.length - 1)].id,
				r.pick(['invited', 'invited', 'responded', 'attended', 'converted']),
				start.getTime()
			);
	});

	return { companies: companies.length, contacts: contacts.length, deals: deals.length };
}
