/**
 * The demo's training plan: Northwind Trading's courses for its CRM rollout, by role, team, rollout
 * role and phase, with the sessions of the classroom and live ones. Days are relative to the seed's
 * anchor day (negative: before it), hours are UTC (the offices are on Oslo time, UTC+1 in winter).
 */

export const INTRANET = 'https://intranet.northwind.example/crm-training';
export const MEET = 'https://meet.northwind.example';

export const PLACES = {
	fjord: 'Oslo HQ, room Fjord',
	nordlys: 'Oslo HQ, room Nordlys',
	bergen: 'Bergen office, training room',
	trondheim: 'Trondheim office, room Nidaros',
	kristiansand: 'Kristiansand office, training room',
	drammen: 'Drammen service depot, workshop'
} as const;

export interface SessionDef {
	day: number;
	/** Start, UTC hours (8.5 is 08:30). */
	hour: number;
	capacity: number;
	place?: string;
	/** Sessions held for these teams (by their office): their people book them first. */
	teams?: string[];
	/** A trainer other than the course's owner (index into the demo's trainers). */
	trainer?: number;
	/** Cancelled, for this reason: its people are told. */
	cancelled?: string;
	/** Booked out, with people on the waitlist. */
	full?: boolean;
	/** Held, but the trainer has not taken attendance yet. */
	unmarked?: boolean;
	/** Booked over another course's session of the same trainer (the conflict the trainer's page flags). */
	clashWith?: string;
}

export interface CourseDef {
	key: string;
	title: string;
	description: string;
	format: 'classroom' | 'live_online' | 'self_paced' | 'link';
	minutes: number;
	modules: string[];
	materials: [label: string, file: string][];
	prerequisites?: string[];
	required: boolean;
	audience: { roles?: string[]; teams?: string[]; projectRoles?: string[]; phases?: number[] };
	dueDays?: number;
	dueBeforePhaseDays?: number;
	completion?: 'trainer';
	passMark?: number;
	/** Archived this many days before the anchor (open assignments withdrawn then). */
	archivedDay?: number;
	/** The responsible trainer (index into the demo's trainers). */
	owner: number;
	/** Created (and its rule's people assigned) this many days before the anchor. */
	created: number;
	/** How far the course has got by now: the share of a keen team's people who could have finished. */
	progress: number;
	sessions?: SessionDef[];
}

export const COURSES: CourseDef[] = [
	{
		key: 'pilot-kickoff',
		title: 'Pilot kick-off: contacts and companies',
		description:
			'The pilot team’s first half day in the CRM: finding and cleaning up contacts and companies imported from the old address lists.',
		format: 'classroom',
		minutes: 120,
		modules: ['crm.contacts', 'crm.companies'],
		materials: [['Pilot handbook', 'pilot/handbook.pdf']],
		required: true,
		audience: { teams: ['Sales North'] },
		dueDays: 14,
		archivedDay: -92,
		owner: 0,
		created: -175,
		progress: 1,
		sessions: [
			{ day: -168, hour: 12, capacity: 12, place: PLACES.trondheim },
			{ day: -164, hour: 12, capacity: 12, place: PLACES.trondheim }
		]
	},
	{
		key: 'finding-your-way',
		title: 'Finding your way in Uptake',
		description:
			'A 20-minute video tour: signing in, the home page, searching for a customer and opening its record.',
		format: 'link',
		minutes: 20,
		modules: ['crm.contacts', 'crm.companies'],
		materials: [
			['Video tour', 'videos/finding-your-way.mp4'],
			['Quick reference card', 'handouts/quick-reference.pdf']
		],
		required: true,
		audience: { roles: ['rep', 'manager', 'viewer'] },
		dueDays: 30,
		owner: 1,
		created: -120,
		progress: 1
	},
	{
		key: 'crm-basics-sales',
		title: 'CRM basics for sales',
		description:
			'Contacts, companies, deals and activities the way Northwind sells: from the first call to a won deal, with the new deal stages.',
		format: 'classroom',
		minutes: 210,
		modules: ['crm.contacts', 'crm.companies', 'crm.deals', 'crm.activities'],
		materials: [
			['Slides', 'crm-basics-sales/slides.pdf'],
			['Exercise sheet', 'crm-basics-sales/exercises.pdf'],
			['Deal stages explained', 'crm-basics-sales/deal-stages.pdf']
		],
		required: true,
		audience: { roles: ['rep', 'manager'], phases: [1, 2] },
		dueBeforePhaseDays: 7,
		owner: 0,
		created: -172,
		progress: 1,
		sessions: [
			{ day: -166, hour: 8, capacity: 12, place: PLACES.trondheim, teams: ['Sales North'] },
			{ day: -160, hour: 8, capacity: 12, place: PLACES.trondheim, teams: ['Sales North'] },
			{ day: -92, hour: 8, capacity: 16, place: PLACES.fjord },
			{ day: -85, hour: 12, capacity: 14, place: PLACES.fjord, trainer: 2 },
			{ day: -71, hour: 8, capacity: 12, place: PLACES.kristiansand, teams: ['Sales South'] },
			{ day: -50, hour: 8, capacity: 14, place: PLACES.fjord },
			{ day: -24, hour: 8, capacity: 10, place: PLACES.kristiansand, teams: ['Sales South'] },
			{ day: 3, hour: 8, capacity: 12, place: PLACES.kristiansand, teams: ['Sales South'] },
			{ day: 15, hour: 8, capacity: 12, place: PLACES.fjord, trainer: 2 }
		]
	},
	{
		key: 'logging-calls',
		title: 'Logging calls and visits on the phone',
		description:
			'A short video for people on the road: log a call or a visit from the phone in under a minute, even with a weak signal.',
		format: 'link',
		minutes: 15,
		modules: ['crm.activities'],
		materials: [['Video', 'videos/logging-calls-on-the-phone.mp4']],
		required: true,
		audience: { roles: ['rep'], teams: ['Sales North', 'Sales South', 'Key Accounts', 'Field Service'] },
		dueDays: 21,
		owner: 1,
		created: -100,
		progress: 1
	},
	{
		key: 'pipeline-reviews',
		title: 'Pipeline reviews from the CRM',
		description:
			'For managers and directors: running the weekly pipeline meeting from the CRM instead of the Monday spreadsheet.',
		format: 'live_online',
		minutes: 90,
		modules: ['crm.deals'],
		materials: [['Pipeline meeting checklist', 'pipeline-reviews/checklist.pdf']],
		prerequisites: ['crm-basics-sales'],
		required: true,
		audience: { roles: ['manager', 'steering_member'] },
		dueDays: 30,
		owner: 2,
		created: -75,
		progress: 1,
		sessions: [
			{ day: -60, hour: 13, capacity: 15 },
			{ day: -38, hour: 13, capacity: 15 },
			{ day: -16, hour: 9, capacity: 12, trainer: 0 },
			{ day: 8, hour: 13, capacity: 15 }
		]
	},
	{
		key: 'forecasting-workbook',
		title: 'Forecasting workbook: stages, amounts and close dates',
		description:
			'Work through ten of your own deals: right stage, amount and close date. Hand it in; a trainer checks it with you.',
		format: 'self_paced',
		minutes: 60,
		modules: ['crm.deals'],
		materials: [['Workbook', 'forecasting/workbook.xlsx']],
		prerequisites: ['crm-basics-sales'],
		required: true,
		audience: { roles: ['rep'], teams: ['Sales North', 'Inside Sales', 'Key Accounts', 'Sales South'] },
		dueDays: 30,
		completion: 'trainer',
		owner: 2,
		created: -70,
		progress: 0.9
	},
	{
		key: 'working-cases',
		title: 'Working cases in the CRM',
		description:
			'Opening, routing and closing cases by phone, email and portal; priorities on the one agreed scale; the ERP order history.',
		format: 'classroom',
		minutes: 210,
		modules: ['crm.cases', 'crm.contacts', 'crm.activities'],
		materials: [
			['Slides', 'working-cases/slides.pdf'],
			['Case priority scale', 'working-cases/priorities.pdf']
		],
		prerequisites: ['finding-your-way'],
		required: true,
		audience: { roles: ['rep', 'manager'], phases: [3] },
		dueBeforePhaseDays: 3,
		owner: 1,
		// Assigned a month before the service phase (day -42) and held in the weeks before it; those
		// who missed them catch up in the sessions after it.
		created: -75,
		progress: 0.55,
		sessions: [
			{ day: -60, hour: 8, capacity: 12, place: PLACES.nordlys },
			{ day: -53, hour: 8, capacity: 12, place: PLACES.bergen },
			{ day: -46, hour: 8, capacity: 12, place: PLACES.nordlys, trainer: 2 },
			{ day: -1, hour: 8, capacity: 10, place: PLACES.bergen, unmarked: true },
			{ day: 2, hour: 8, capacity: 8, place: PLACES.bergen, full: true },
			{ day: 6, hour: 8, capacity: 14, place: PLACES.nordlys },
			{ day: 12, hour: 8, capacity: 14, place: PLACES.bergen }
		]
	},
	{
		key: 'cases-on-the-road',
		title: 'Cases on the road: the CRM on your phone',
		description:
			'For field technicians: the day’s visits, the case on site, photos and the visit report, and what to do without a signal.',
		format: 'classroom',
		minutes: 120,
		modules: ['crm.cases', 'crm.activities'],
		materials: [['Phone set-up guide', 'cases-on-the-road/phone-setup.pdf']],
		required: true,
		audience: { roles: ['rep'], teams: ['Field Service'] },
		dueDays: 40,
		owner: 0,
		created: -30,
		progress: 0.5,
		sessions: [
			{ day: -14, hour: 7, capacity: 10, place: PLACES.drammen },
			{ day: 5, hour: 7, capacity: 10, place: PLACES.drammen, cancelled: 'the trainer is ill' },
			{ day: 13, hour: 7, capacity: 10, place: PLACES.drammen }
		]
	},
	{
		key: 'key-user-clinic',
		title: 'Key-user clinic',
		description:
			'A monthly hour for champions and key users: questions from their teams, what changes next, and tricks worth passing on.',
		format: 'live_online',
		minutes: 60,
		modules: ['crm.contacts', 'crm.deals', 'crm.cases'],
		materials: [['Clinic notes', 'key-user-clinic/notes.html']],
		required: true,
		audience: { projectRoles: ['champion', 'key_user'] },
		dueDays: 30,
		owner: 2,
		created: -110,
		progress: 1,
		sessions: [
			{ day: -95, hour: 13, capacity: 10 },
			{ day: -65, hour: 13, capacity: 10 },
			{ day: -35, hour: 13, capacity: 10 },
			{ day: -8, hour: 13, capacity: 10 },
			{ day: 20, hour: 13, capacity: 10 }
		]
	},
	{
		key: 'data-quality-champions',
		title: 'Data quality for champions',
		description:
			'Duplicates, missing owners and stale deals: how to find them in your team’s records and get them fixed. Ends with a short quiz.',
		format: 'self_paced',
		minutes: 45,
		modules: ['crm.contacts', 'crm.companies', 'crm.deals'],
		materials: [
			['Course pages', 'data-quality/index.html'],
			['Quiz', 'data-quality/quiz.html']
		],
		prerequisites: ['key-user-clinic'],
		required: true,
		audience: { projectRoles: ['champion'] },
		dueDays: 45,
		passMark: 80,
		owner: 1,
		created: -90,
		progress: 0.9
	},
	{
		key: 'steering-dashboard',
		title: 'Steering dashboard and phase gates',
		description:
			'For the steering committee and the project managers: reading adoption, training and goal figures before a phase gate.',
		format: 'live_online',
		minutes: 60,
		modules: ['crm.deals'],
		materials: [['Gate review template', 'steering/gate-review.docx']],
		required: true,
		audience: { roles: ['steering_member', 'project_manager'] },
		dueDays: 21,
		owner: 2,
		created: -60,
		progress: 1,
		sessions: [
			{ day: -45, hour: 14, capacity: 10 },
			{ day: 9, hour: 14, capacity: 10 }
		]
	},
	{
		key: 'campaigns',
		title: 'Campaigns in the CRM',
		description:
			'Planning a campaign, its members and results, and tying the deals it brings back to it: the lead source, finally.',
		format: 'classroom',
		minutes: 180,
		modules: ['crm.campaigns', 'crm.contacts'],
		materials: [['Campaign template', 'campaigns/template.xlsx']],
		prerequisites: ['finding-your-way'],
		required: true,
		audience: { teams: ['Marketing'], phases: [4] },
		dueBeforePhaseDays: 10,
		owner: 0,
		created: -25,
		progress: 0,
		sessions: [
			{ day: 30, hour: 8, capacity: 12, place: PLACES.fjord },
			{ day: 58, hour: 8, capacity: 12, place: PLACES.fjord }
		]
	},
	{
		key: 'finance-reading',
		title: 'Deals and accounts for finance',
		description:
			'A ten-page guide for credit control: finding a customer’s deals, reading their stages and amounts, and what finance may change.',
		format: 'link',
		minutes: 30,
		modules: ['crm.deals', 'crm.companies'],
		materials: [['Guide', 'finance/deals-and-accounts.pdf']],
		required: true,
		audience: { teams: ['Finance'], phases: [4] },
		dueBeforePhaseDays: 10,
		owner: 1,
		created: -20,
		progress: 0.3
	},
	{
		key: 'admin-essentials',
		title: 'Admin essentials: users, roles and imports',
		description:
			'For CRM administrators: people and teams, roles and record scope, custom fields, imports and the audit log.',
		format: 'self_paced',
		minutes: 90,
		modules: ['crm.contacts', 'crm.companies'],
		materials: [['Admin guide', 'admin/guide.html']],
		required: true,
		audience: { roles: ['admin'] },
		dueDays: 30,
		owner: 1,
		created: -130,
		progress: 1
	},
	{
		key: 'spreadsheet-to-crm',
		title: 'From your spreadsheet to the CRM',
		description:
			'Bring your own pipeline spreadsheet: we import it together and retire it. Assigned to the teams still working from spreadsheets.',
		format: 'live_online',
		minutes: 60,
		modules: ['crm.deals', 'crm.contacts', 'crm.companies'],
		materials: [['Import checklist', 'spreadsheet-to-crm/checklist.pdf']],
		required: false,
		audience: {},
		owner: 0,
		created: -30,
		progress: 1,
		sessions: [
			{ day: -12, hour: 9, capacity: 20 },
			{ day: 6, hour: 9, capacity: 16, clashWith: 'working-cases' }
		]
	},
	{
		key: 'search-and-lists',
		title: 'Advanced search and saved lists',
		description: 'Filters, saved lists and exports for people who want more from the CRM than the basics.',
		format: 'link',
		minutes: 25,
		modules: ['crm.contacts', 'crm.deals', 'crm.cases'],
		materials: [['Video', 'videos/search-and-lists.mp4']],
		required: false,
		audience: {},
		owner: 2,
		created: -60,
		progress: 1
	}
];
