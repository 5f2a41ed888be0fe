/**
 * The demo organisation's teams and how each took to the CRM: when it went live (days before the
 * seed's anchor day), how far its adoption rises and how fast. Sales North and the project office
 * adopt early and well; Sales South and Field Service lag, which the adoption pages should show.
 */
export interface DemoTeam {
	name: string;
	description: string;
	/** Reps in the team (plus one manager and one viewer). */
	headcount: number;
	repTitle: string;
	goLiveDay: number;
	/** Share of the team who ever take the CRM up. */
	plateau: number;
	/** Typical days from go-live until a person starts. */
	rampDays: number;
	pilot?: boolean;
	fades?: boolean;
	champion: boolean;
	modules: string[];
	/** What the team's people do in the CRM: they own the demo's companies, deals and cases accordingly. */
	work?: 'sales' | 'service' | 'marketing';
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
		goLiveDay: -170,
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
		goLiveDay: -165,
		plateau: 0.85,
		rampDays: 10,
		champion: true,
		modules: sales,
		work: 'sales'
	},
	{
		name: 'Key Accounts',
		description: 'Strategic accounts and framework agreements.',
		headcount: 8,
		repTitle: 'Key account manager',
		goLiveDay: -140,
		plateau: 0.7,
		rampDays: 20,
		champion: true,
		modules: sales,
		work: 'sales'
	},
	{
		name: 'Sales South',
		description: 'Field sales, southern region — still on spreadsheets for much of its pipeline.',
		headcount: 15,
		repTitle: 'Account executive',
		goLiveDay: -140,
		plateau: 0.45,
		rampDays: 30,
		fades: true,
		champion: false,
		modules: sales,
		work: 'sales'
	},
	{
		name: 'Customer Service',
		description: 'Service desk: cases by phone, email and portal.',
		headcount: 18,
		repTitle: 'Service agent',
		goLiveDay: -110,
		plateau: 0.82,
		rampDays: 14,
		champion: true,
		modules: service,
		work: 'service'
	},
	{
		name: 'Field Service',
		description: 'Technicians on site; patchy mobile coverage.',
		headcount: 12,
		repTitle: 'Field technician',
		goLiveDay: -80,
		plateau: 0.4,
		rampDays: 25,
		fades: true,
		champion: false,
		modules: service,
		work: 'service'
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
		modules: ['home', 'adoption', 'rollout', 'crm.deals']
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
		modules: ['rollout', 'rollout', 'training', 'adoption', 'admin.users', 'crm.contacts']
	}
];
