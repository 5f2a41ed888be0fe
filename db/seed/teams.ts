/**
 * The demo organisation's teams and how each took to the CRM: when it went live (days before the
 * seed's anchor day), how far its adoption rises and how fast. Sales North and the project office
 * adopt early and well; Sales South and Field Service lag, which the adoption pages should show;
 * Key Accounts slumps and recovers; Customer Service's go-live lifts it in a week; Inside Sales
 * uses the CRM a lot but carelessly (usage.ts and crm.ts play these out).
 *
 * A team's go-live is the start of its rollout phase (rollout.ts): the pilot (Sales North) at -150,
 * the sales phase at -80, the service phase at -42. Marketing and Finance are the exception: early
 * adopters who asked for the CRM ahead of their phase (marketing and management, still planned),
 * which brings them campaigns and the management dashboards properly; the directors (Management)
 * sit on the steering committee and have read the rollout's figures from the start.
 */
export interface DemoTeam {
	name: string;
	description: string;
	/** Reps in the team (plus one manager and one viewer). */
	headcount: number;
	repTitle: string;
	goLiveDay: number;
	/** Share of the team who use the CRM regularly once they start; the rest come now and then, later. */
	plateau: number;
	/** Typical days from go-live until a person starts. */
	rampDays: number;
	pilot?: boolean;
	fades?: boolean;
	champion: boolean;
	modules: string[];
	/** What the team's people do in the CRM: they own the demo's companies, deals and cases accordingly. */
	work?: 'sales' | 'service' | 'marketing';
	/** Share of the team's adopters who start in the go-live week (the launch push); the rest ramp up. */
	launch?: number;
	/** People who tried the CRM after go-live and went back to their spreadsheets: nothing for weeks. */
	lapsers?: number;
	/** People who still open the CRM's pages but stopped recording their work weeks ago. */
	idlers?: number;
	/** How much of their work the team's active people record in the CRM (1 = all of it). */
	depth?: number;
	/**
	 * A slump (days before the anchor, and how long): the team's champion left and people drifted away
	 * until the project office ran a refresher and named a new one; then the team climbs back.
	 */
	dip?: { from: number; days: number };
	/** Share of key fields the team's people leave empty on the records they own (data quality). */
	dataGaps?: number;
}

const sales = [
	'crm.contacts',
	'crm.companies',
	'crm.deals',
	'crm.deals',
	'crm.activities',
	'crm.activities',
	'crm.search'
];
const service = ['crm.cases', 'crm.cases', 'crm.contacts', 'crm.activities', 'crm.companies', 'crm.search'];

export const DEMO_TEAMS: DemoTeam[] = [
	{
		name: 'Sales North',
		description: 'Field sales, northern region — phase 1 pilot team.',
		headcount: 16,
		repTitle: 'Account executive',
		goLiveDay: -150,
		plateau: 0.9,
		rampDays: 12,
		pilot: true,
		champion: true,
		modules: sales,
		work: 'sales'
	},
	{
		name: 'Inside Sales',
		description: 'Telesales and lead qualification.',
		headcount: 14,
		repTitle: 'Sales development rep',
		goLiveDay: -80,
		plateau: 0.85,
		rampDays: 10,
		champion: true,
		modules: sales,
		work: 'sales',
		// Busy on the phone: many records, entered in a hurry.
		dataGaps: 0.45
	},
	{
		name: 'Key Accounts',
		description: 'Strategic accounts and framework agreements.',
		headcount: 8,
		repTitle: 'Key account manager',
		goLiveDay: -80,
		plateau: 0.7,
		rampDays: 20,
		champion: true,
		modules: sales,
		work: 'sales',
		dip: { from: -56, days: 28 }
	},
	{
		name: 'Sales South',
		description: 'Field sales, southern region — still on spreadsheets for much of its pipeline.',
		headcount: 15,
		repTitle: 'Account executive',
		goLiveDay: -80,
		plateau: 0.45,
		rampDays: 30,
		fades: true,
		champion: false,
		modules: sales,
		work: 'sales',
		lapsers: 3,
		idlers: 2,
		depth: 0.45
	},
	{
		name: 'Customer Service',
		description: 'Service desk: cases by phone, email and portal.',
		headcount: 18,
		repTitle: 'Service agent',
		goLiveDay: -42,
		plateau: 0.82,
		rampDays: 14,
		champion: true,
		modules: service,
		work: 'service',
		// Trained the week before and launched together: the whole desk switched over in days.
		launch: 0.65,
		idlers: 2
	},
	{
		name: 'Field Service',
		description: 'Technicians on site; patchy mobile coverage.',
		headcount: 12,
		repTitle: 'Field technician',
		goLiveDay: -42,
		plateau: 0.4,
		rampDays: 25,
		fades: true,
		champion: false,
		modules: service,
		work: 'service',
		lapsers: 3,
		depth: 0.5
	},
	{
		name: 'Marketing',
		description: 'Campaigns, events and lead generation.',
		headcount: 7,
		repTitle: 'Marketing specialist',
		goLiveDay: -80,
		plateau: 0.65,
		rampDays: 15,
		champion: true,
		modules: ['crm.campaigns', 'crm.campaigns', 'crm.contacts', 'crm.companies', 'crm.search'],
		work: 'marketing'
	},
	{
		name: 'Finance',
		description: 'Billing and credit control; reads deals and accounts.',
		headcount: 5,
		repTitle: 'Credit controller',
		goLiveDay: -45,
		plateau: 0.5,
		rampDays: 15,
		champion: false,
		modules: ['crm.companies', 'crm.deals', 'crm.search']
	},
	{
		name: 'Management',
		description: 'Directors and the executive sponsor.',
		headcount: 0,
		repTitle: 'Director',
		goLiveDay: -170,
		plateau: 0.6,
		rampDays: 20,
		champion: false,
		modules: [
			'adoption',
			'adoption',
			'adoption.people',
			'rollout',
			'rollout.phases',
			'rollout.changes',
			'crm.deals'
		]
	},
	{
		name: 'Project Office',
		description: 'The CRM project team: project managers, admins and trainers.',
		headcount: 0,
		repTitle: 'Project analyst',
		goLiveDay: -180,
		plateau: 0.95,
		rampDays: 3,
		champion: false,
		// Each role keeps to its own pages (usage.ts): the admins to admin, the trainers to training.
		modules: [
			'rollout',
			'rollout.phases',
			'rollout.risks',
			'training',
			'adoption',
			'admin.users',
			'crm.contacts'
		]
	}
];
