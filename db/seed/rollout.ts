import type Database from 'better-sqlite3';
import type { Random } from './random';

/**
 * The demo organisation's rollout plan, dated around the seed's anchor day so that it is always
 * current: a closed pilot, an active sales phase, the service phase live for six weeks (its training
 * behind), a later phase for marketing and management (each team goes live on its phase's start,
 * teams.ts); goals with check-ins in every state; 28 risks with review history (some reviews
 * overdue); change requests in every status with their decisions, votes and comments; the
 * readiness checklist.
 */

export interface RolloutPerson {
	id: number;
	role: string;
	team: string | null;
	title: string;
}

const DAY = 86_400_000;

const RISKS: [category: string, title: string, mitigation: string, contingency: string][] = [
	[
		'people',
		'Sales reps keep their own spreadsheets',
		'Managers review pipeline only from the CRM in weekly meetings',
		'Import the spreadsheets monthly and retire them by phase end'
	],
	[
		'people',
		'Key user for Field Service leaves mid-rollout',
		'Name a second key user per team; document configuration decisions',
		'Consultant covers for four weeks'
	],
	[
		'people',
		'Managers do not use the CRM themselves',
		'Dashboards for managers in phase 1; sponsor asks for CRM figures only',
		'Escalate to the executive sponsor'
	],
	[
		'people',
		'Training clashes with month-end closing',
		'Schedule courses outside the last week of each month',
		'Offer recorded sessions and drop-in clinics'
	],
	[
		'people',
		'Champions have no time set aside',
		'Agree 10 % of champions’ time with their managers',
		'Rotate champions every phase'
	],
	[
		'process',
		'Lead-to-cash process differs between regions',
		'Map both as-is processes and agree one to-be process',
		'Allow a regional stage until phase 3'
	],
	[
		'process',
		'Case priorities are defined differently by each team',
		'Agree one priority scale in the steering committee',
		'Map old priorities during migration'
	],
	[
		'process',
		'Approval steps slow deals down',
		'Remove approvals under 10,000 EUR',
		'Review after the sales phase'
	],
	[
		'process',
		'No one owns data entry for new accounts',
		'Make the account owner responsible; weekly data-quality report',
		'CRM admin corrects weekly'
	],
	[
		'technology',
		'Mobile access is slow in the field',
		'Test on the field team’s phones before the service phase',
		'Offline notes form synced on return'
	],
	[
		'technology',
		'Single sign-on is not ready at go-live',
		'Start the identity work in phase 1',
		'Local passwords with forced rotation'
	],
	[
		'technology',
		'Email logging add-in blocked by IT policy',
		'Agree the add-in with IT security early',
		'Use BCC logging address'
	],
	[
		'data',
		'Duplicate contacts from three legacy systems',
		'Deduplicate by email during import; merge report for owners',
		'Undo the import batch and clean the source'
	],
	[
		'data',
		'Legacy data has no owners',
		'Assign owners by region before migration',
		'Assign to team managers for redistribution'
	],
	[
		'data',
		'Cut-off date for legacy data not agreed',
		'Steering committee decides the cut-off in the next meeting',
		'Migrate two years and archive the rest'
	],
	[
		'data',
		'Vietnamese and Russian names garbled by the old export',
		'Export as UTF-8; check samples before import',
		'Re-export from the source system'
	],
	[
		'integration',
		'ERP order history interface late',
		'Agree a read-only nightly export as a first step',
		'Show order history as a link to the ERP'
	],
	[
		'integration',
		'Telephony integration needs a new licence',
		'Budget the licence in phase 2',
		'Log calls manually until phase 3'
	],
	[
		'integration',
		'Website forms create duplicate leads',
		'Match on email before creating',
		'Weekly merge by marketing'
	],
	[
		'integration',
		'Accounting sync overwrites addresses',
		'Make the CRM the master for addresses',
		'Switch the sync to one-way'
	],
	[
		'vendor',
		'Implementation partner changes consultants',
		'Name consultants in the contract',
		'Escalate to the partner’s account manager'
	],
	[
		'vendor',
		'Licence price rises at renewal',
		'Negotiate a three-year price now',
		'Reduce licences for occasional users'
	],
	[
		'vendor',
		'Vendor roadmap drops the offline app',
		'Ask for a roadmap commitment',
		'Evaluate a third-party mobile client'
	],
	['budget', 'Training budget cut in the next quarter', 'Train trainers internally', 'Shift to e-learning'],
	[
		'budget',
		'Integration work exceeds estimate',
		'Fixed-price the ERP interface',
		'Defer telephony to next year'
	],
	[
		'budget',
		'Extra licences for Field Service not approved',
		'Show adoption figures from the pilot to finance',
		'Share licences between shifts'
	],
	[
		'people',
		'Resistance in Sales South after a reorganisation',
		'Champion and manager visit; quick wins first',
		'Delay Sales South to the next phase'
	],
	[
		'process',
		'Marketing campaigns tracked outside the CRM',
		'Campaign module in phase 4 with a template',
		'Import campaign results quarterly'
	]
];

const CHANGES: [type: string, priority: string, title: string, description: string][] = [
	[
		'field',
		'high',
		'Add “Preferred language” to contacts',
		'Half our contacts prefer Vietnamese or Russian; we need it on the contact card.'
	],
	['report', 'medium', 'Weekly pipeline report by team', 'Managers still build it in Excel every Monday.'],
	[
		'process',
		'high',
		'Drop the approval step for deals under 10,000 EUR',
		'Approvals take two days and reps go around the CRM.'
	],
	[
		'integration',
		'critical',
		'Show ERP order history on the company page',
		'Service needs it on every call.'
	],
	[
		'training',
		'medium',
		'Short video on logging calls from the phone',
		'Field staff missed the classroom course.'
	],
	[
		'defect',
		'high',
		'Tamil names cut off in the export',
		'The last combining marks are lost in the old CSV tool.'
	],
	[
		'field',
		'low',
		'Second phone number on companies',
		'Many companies have a service line and a sales line.'
	],
	['other', 'medium', 'Dark mode', 'Requested by the night shift in Customer Service.'],
	['process', 'medium', 'Case escalation after 48 hours', 'Urgent cases wait over weekends.'],
	['report', 'low', 'Campaign ROI report', 'Marketing wants to compare channels.'],
	['integration', 'high', 'Create contacts from website forms', 'Leads are retyped from email today.'],
	[
		'field',
		'medium',
		'Make “Lead source” required on deals',
		'We cannot tell which channel brings the deals.'
	]
];

/** The status path each demo request has walked, with the reasons recorded at each step. */
const PATHS: { to: string; reason: string }[][] = [
	[
		{ to: 'under_review', reason: 'Discuss in the next steering meeting.' },
		{ to: 'approved', reason: 'Cheap and asked for by three teams.' },
		{ to: 'scheduled', reason: 'Fits the sales phase.' },
		{ to: 'done', reason: 'Delivered as a custom field.' }
	],
	[{ to: 'under_review', reason: 'Check what managers need first.' }],
	[
		{ to: 'under_review', reason: 'Finance must agree.' },
		{ to: 'approved', reason: 'Finance agreed for deals under 10,000 EUR.' }
	],
	[
		{ to: 'under_review', reason: 'Depends on the ERP interface.' },
		{ to: 'approved', reason: 'Highest value for service.' },
		{ to: 'scheduled', reason: 'With the ERP interface in the service phase.' }
	],
	[],
	[
		{ to: 'under_review', reason: 'Reproduced with the legacy export tool.' },
		{ to: 'approved', reason: 'Data quality is a goal.' },
		{ to: 'scheduled', reason: 'Before the service migration.' },
		{ to: 'done', reason: 'Exports are UTF-8 now.' }
	],
	[{ to: 'rejected', reason: 'Use the existing phone field and the company notes until phase 3.' }],
	[
		{ to: 'under_review', reason: 'Ask the vendor.' },
		{ to: 'rejected', reason: 'Not on the vendor roadmap; revisit next year.' }
	],
	[],
	[{ to: 'under_review', reason: 'Needs the campaign module first.' }],
	[],
	[
		{ to: 'under_review', reason: 'Agree with sales managers.' },
		{ to: 'approved', reason: 'Lead source matters for the marketing goal.' }
	]
];

const LEAD_TO_CASH_AS_IS = `flowchart LR
  A[Enquiry by phone or email] --> B[Rep notes it in a spreadsheet]
  B --> C{Manager approves quote?}
  C -- yes --> D[Quote in Word]
  C -- no --> B
  D --> E[Order typed into the ERP]
  E --> F[Invoice from accounting]`;
const LEAD_TO_CASH_TO_BE = `flowchart LR
  A[Enquiry from web form or call] --> B[Contact and deal in the CRM]
  B --> C{Deal over 10,000 EUR?}
  C -- yes --> D[Approval in the CRM]
  C -- no --> E[Quote from the CRM]
  D --> E
  E --> F[Won deal creates the ERP order]
  F --> G[Invoice status back in the CRM]`;
const CASES_AS_IS = `flowchart TD
  A[Customer calls the hotline] --> B[Agent writes a ticket in email]
  B --> C{Field visit needed?}
  C -- yes --> D[Dispatcher phones a technician]
  C -- no --> E[Agent answers by email]
  D --> F[Paper report scanned]
  F --> G[Case closed in a spreadsheet]`;

const READINESS: [question: string, status: string][] = [
	['Are the objectives known and put in order of priority?', 'done'],
	['Is the leader of the implementation decided (sponsor and project manager)?', 'done'],
	['Is the project team formed, with a champion in each team?', 'in_progress'],
	['Are today’s processes mapped before automating them?', 'in_progress'],
	['Have the pain points of future users been gathered, sales first?', 'done'],
	['Are all systems to integrate listed, with the direction of data?', 'done'],
	['Is it decided whether outside help is needed, and who?', 'done'],
	['Are the data sources and the cut-off date for legacy data chosen?', 'open'],
	['Is there a training plan by role?', 'in_progress'],
	['Are the phases planned, simplest modules and quickest-win teams first?', 'done']
];

export function seedRollout(
	client: Database.Database,
	r: Random,
	people: RolloutPerson[],
	teamIds: Map<string, number>,
	now: number
) {
	const today = new Date(now).toISOString().slice(0, 10);
	const day = (offset: number) =>
		new Date(Date.parse(`${today}T00:00:00Z`) + offset * DAY).toISOString().slice(0, 10);
	const at = (offset: number) => Date.parse(`${day(offset)}T09:00:00Z`) + r.int(0, 8 * 3_600_000);
	const who = (pred: (p: RolloutPerson) => boolean) => people.filter(pred);
	const pm = who((p) => p.title === 'CRM project manager')[0] ?? people[0];
	const steering = who((p) => p.role === 'steering_member');
	const deciders = steering.length ? steering : [people[0]];
	const contributors = who((p) => p.role === 'rep' || p.role === 'manager');
	const owners = [pm, ...deciders, ...who((p) => p.role === 'manager').slice(0, 6)];

	// Phases: a closed pilot, the sales phase under way, service live since six weeks ago, marketing and
	// management later.
	const insertPhase = client.prepare(
		`INSERT INTO phase (position, name, description, start_date, end_date, status, modules, adoption_target, closed_at, override_reason, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const phases = [
		{
			name: 'Pilot: Sales North',
			description: 'Contacts, companies and activities with the team most eager to start.',
			start: -150,
			end: -95,
			status: 'closed',
			modules: ['crm.contacts', 'crm.companies', 'crm.activities'],
			target: 80,
			teams: ['Sales North'],
			override: null
		},
		{
			name: 'Sales',
			description: 'Every sales team on contacts, companies, deals and activities.',
			start: -80,
			end: 20,
			status: 'active',
			modules: ['crm.contacts', 'crm.companies', 'crm.deals', 'crm.activities'],
			target: 75,
			teams: ['Sales North', 'Inside Sales', 'Key Accounts', 'Sales South'],
			override: null
		},
		{
			name: 'Service',
			description: 'Cases for Customer Service and Field Service, with ERP order history.',
			start: -42,
			end: 90,
			status: 'active',
			modules: ['crm.contacts', 'crm.companies', 'crm.cases', 'crm.activities'],
			target: 70,
			teams: ['Customer Service', 'Field Service'],
			override: null
		},
		{
			name: 'Marketing and management',
			description: 'Campaigns for Marketing; dashboards for Finance and Management.',
			start: 105,
			end: 165,
			status: 'planned',
			modules: ['crm.campaigns', 'crm.deals'],
			target: 60,
			teams: ['Marketing', 'Finance', 'Management'],
			override: null
		}
	];
	const phaseIds = phases.map((p, i) => {
		const id = insertPhase.run(
			i + 1,
			p.name,
			p.description,
			day(p.start),
			day(p.end),
			p.status,
			JSON.stringify(p.modules),
			p.target,
			p.status === 'closed' ? at(p.end) : null,
			p.override,
			at(p.start - 30),
			at(Math.min(0, p.end))
		).lastInsertRowid as number;
		for (const t of p.teams)
			if (teamIds.has(t))
				client.prepare('INSERT INTO phase_team (phase_id, team_id) VALUES (?, ?)').run(id, teamIds.get(t));
		return id;
	});
	const insertCriterion = client.prepare(
		'INSERT INTO phase_criterion (phase_id, kind, text, done, position, measure, threshold) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	// A live criterion names its measure and threshold (adoption: days in a row at the phase's target).
	const criteria: [
		phase: number,
		kind: string,
		text: string,
		done: boolean,
		live?: [measure: 'adoption', threshold: number]
	][] = [
		[0, 'entry', 'Pilot team trained', true],
		[0, 'entry', 'Contacts imported and deduplicated', true],
		[0, 'exit', '80 % of the pilot team active weekly', true],
		[0, 'exit', 'Lessons learned written up', true],
		[1, 'entry', 'Sales process to-be map agreed', true],
		[1, 'entry', 'Deal stages configured', true],
		[1, 'exit', 'Pipeline reviewed only from the CRM for four weeks', false],
		[1, 'exit', 'Spreadsheets retired', false],
		[1, 'exit', 'Adoption at the phase’s target for 7 days in a row', false, ['adoption', 7]],
		[2, 'entry', 'Service case process mapped', true],
		[2, 'entry', 'ERP order history available read-only', true],
		[2, 'entry', 'Service trainers trained', true],
		[2, 'exit', 'All new cases opened in the CRM', false],
		[3, 'entry', 'Campaign template agreed', false],
		[3, 'exit', 'Management dashboard used in the monthly review', false]
	];
	criteria.forEach(([p, kind, text, done, live], i) =>
		insertCriterion.run(phaseIds[p], kind, text, done ? 1 : 0, i + 1, live?.[0] ?? null, live?.[1] ?? null)
	);
	const insertMilestone = client.prepare(
		'INSERT INTO milestone (phase_id, name, due_date, done) VALUES (?, ?, ?, ?)'
	);
	for (const [p, name, offset, done] of [
		[0, 'Pilot go-live', -150, 1],
		[0, 'Pilot review', -96, 1],
		[1, 'Sales go-live', -80, 1],
		[1, 'Spreadsheet switch-off', 5, 0],
		[2, 'Service go-live', -42, 1],
		[2, 'ERP interface live', 40, 0],
		[3, 'Campaigns go-live', 105, 0]
	] as const)
		insertMilestone.run(phaseIds[p], name, day(offset), done);

	// Goals, by priority, with check-ins that put them on, at risk of, and off track. Three are measured
	// (adoption/sources.ts): the app adds their automatic check-in each day they are read, next to the
	// monthly figures entered by hand.
	const insertGoal = client.prepare(
		`INSERT INTO goal (rank, title, description, category, kpi, unit, baseline, target, start_date, due_date, owner_id, created_at, updated_at, metric, metric_scope)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertCheckin = client.prepare(
		'INSERT INTO goal_checkin (goal_id, date, value, note, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const goals: [
		title: string,
		category: string,
		kpi: string,
		unit: string,
		baseline: number,
		target: number,
		pace: number,
		phases: number[],
		measured?: [metric: string, scope: { kind: 'phase'; phase: number } | { kind: 'all' }]
	][] = [
		[
			'Every sales conversation in the CRM',
			'sales_growth',
			'Activities logged per rep per week',
			'per rep per week',
			1,
			8,
			1.0,
			[0, 1],
			['activities_per_rep_week', { kind: 'phase', phase: 1 }]
		],
		[
			'A pipeline the managers trust',
			'strategic_overview',
			'Sales teams active in the CRM weekly',
			'%',
			40,
			95,
			0.95,
			[1],
			['adoption_rate', { kind: 'phase', phase: 1 }]
		],
		['Answer customers faster', 'service_quality', 'Median first response time', 'hours', 30, 8, 0.7, [2]],
		[
			'Keep our best customers',
			'retention',
			'Key accounts with a contact in 30 days',
			'%',
			55,
			90,
			0.45,
			[1, 2]
		],
		['Know what marketing brings', 'marketing', 'Deals with a lead source', '%', 10, 80, 0, [3]],
		[
			'One place for customer data',
			'efficiency',
			'Data quality score of all records',
			'score',
			82,
			99,
			1.1,
			[0],
			['quality_score', { kind: 'all' }]
		]
	];
	goals.forEach(([title, category, kpi, unit, baseline, target, pace, linked, measured], i) => {
		const scope =
			measured &&
			(measured[1].kind === 'all' ? { kind: 'all' } : { kind: 'phase', id: phaseIds[measured[1].phase] });
		const owner = owners[i % owners.length];
		const id = insertGoal.run(
			i + 1,
			title,
			'',
			category,
			kpi,
			unit,
			baseline,
			target,
			day(-120),
			day(120),
			owner.id,
			at(-125),
			at(-10),
			measured?.[0] ?? null,
			scope ? JSON.stringify(scope) : null
		).lastInsertRowid as number;
		for (const p of linked)
			client.prepare('INSERT INTO goal_phase (goal_id, phase_id) VALUES (?, ?)').run(id, phaseIds[p]);
		if (pace === 0) return;
		for (let w = 1; w <= 6; w++) {
			const offset = -120 + w * 20;
			const expected = (offset + 120) / 240;
			const value = baseline + (target - baseline) * expected * pace * (0.9 + r.next() * 0.2);
			insertCheckin.run(
				id,
				day(offset),
				Math.round(value * 10) / 10,
				w === 6 ? 'Monthly steering figure' : '',
				owner.id,
				at(offset)
			);
		}
	});

	// Risks: every category, scores across the heat map, reviews over the last months.
	const insertRisk = client.prepare(
		`INSERT INTO risk (title, description, category, likelihood, impact, owner_id, mitigation, contingency, status, next_review_date, phase_id, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertReview = client.prepare(
		'INSERT INTO risk_review (risk_id, date, likelihood, impact, note, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	RISKS.forEach(([category, title, mitigation, contingency], i) => {
		let likelihood = r.int(2, 5);
		let impact = r.int(2, 5);
		const status = i % 9 === 8 ? 'closed' : i % 11 === 10 ? 'occurred' : i % 3 === 0 ? 'mitigating' : 'open';
		const owner = owners[i % owners.length];
		const phase = i % 4 === 3 ? null : phaseIds[Math.min(3, 1 + (i % 3))];
		const reviews = r.int(1, 4);
		const id = insertRisk.run(
			title,
			'',
			category,
			likelihood,
			impact,
			owner.id,
			mitigation,
			contingency,
			status,
			null,
			phase,
			at(-140),
			at(-5)
		).lastInsertRowid as number;
		for (let k = 0; k < reviews; k++) {
			const offset = -120 + k * 30 + r.int(0, 10);
			// Mitigation works on most risks: the likelihood tends to fall review after review.
			likelihood = Math.max(1, Math.min(5, likelihood + (r.chance(0.6) ? -1 : r.chance(0.5) ? 1 : 0)));
			impact = Math.max(1, Math.min(5, impact + (r.chance(0.2) ? 1 : 0)));
			insertReview.run(
				id,
				day(offset),
				likelihood,
				impact,
				r.pick([
					'Mitigation on track.',
					'No change since last review.',
					'Raised in the steering committee.',
					'Owner confirmed the plan.'
				]),
				owner.id,
				at(offset)
			);
		}
		// About a quarter of the open risks are past their review date.
		const next = status === 'closed' ? null : day(i % 4 === 1 ? -r.int(3, 20) : r.int(5, 40));
		client
			.prepare('UPDATE risk SET likelihood = ?, impact = ?, next_review_date = ? WHERE id = ?')
			.run(likelihood, impact, next, id);
	});

	// Change requests: walked along their paths by the steering committee.
	const insertChange = client.prepare(
		`INSERT INTO change_request (title, description, type, priority, status, requested_by, target_phase_id, reason, decided_by, decided_at, created_at, updated_at, version)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertEvent = client.prepare(
		'INSERT INTO change_request_event (change_request_id, at, user_id, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const insertVote = client.prepare(
		'INSERT OR IGNORE INTO change_request_vote (change_request_id, user_id) VALUES (?, ?)'
	);
	const insertComment = client.prepare(
		'INSERT INTO change_request_comment (change_request_id, user_id, body, created_at) VALUES (?, ?, ?, ?)'
	);
	CHANGES.forEach(([type, priority, title, description], i) => {
		const requester = contributors[(i * 7) % Math.max(1, contributors.length)] ?? people[0];
		const created = -100 + i * 7;
		const path = PATHS[i];
		const last = path.at(-1);
		const decider = deciders[i % deciders.length];
		const scheduled = path.some((s) => s.to === 'scheduled');
		const id = insertChange.run(
			title,
			description,
			type,
			priority,
			last?.to ?? 'submitted',
			requester.id,
			scheduled ? phaseIds[type === 'integration' ? 2 : 1] : null,
			last?.reason ?? '',
			last ? decider.id : null,
			last ? at(created + path.length * 6) : null,
			at(created),
			at(created + path.length * 6),
			path.length + 1
		).lastInsertRowid as number;
		insertEvent.run(id, at(created), requester.id, null, 'submitted', '');
		let from = 'submitted';
		path.forEach((step, k) => {
			insertEvent.run(id, at(created + (k + 1) * 6), decider.id, from, step.to, step.reason);
			from = step.to;
		});
		for (let v = 0; v < r.int(0, 9); v++)
			insertVote.run(id, contributors[r.int(0, contributors.length - 1)].id);
		if (i % 2 === 0)
			insertComment.run(
				id,
				contributors[r.int(0, contributors.length - 1)].id,
				r.pick([
					'Same problem in our team.',
					'This would save me an hour a week.',
					'Please include Inside Sales.',
					'Can we have it before the service phase?'
				]),
				at(created + 2)
			);
	});

	// Process maps: the sales process as it is and as it will be; service case handling today.
	const insertMap = client.prepare(
		'INSERT INTO process_map (title, area, kind, source, cloned_from_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const salesAsIs = insertMap.run(
		'Lead to cash',
		'sales',
		'as_is',
		LEAD_TO_CASH_AS_IS,
		null,
		at(-140),
		at(-130)
	).lastInsertRowid as number;
	insertMap.run('Lead to cash', 'sales', 'to_be', LEAD_TO_CASH_TO_BE, salesAsIs, at(-128), at(-90));
	insertMap.run('Service case handling', 'service', 'as_is', CASES_AS_IS, null, at(-60), at(-40));

	// Pain points from the people who will use it, sales first, with votes; some already addressed.
	const insertPain = client.prepare(
		'INSERT INTO pain_point (area, severity, description, reported_by, status, change_request_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
	);
	const insertPainVote = client.prepare(
		'INSERT OR IGNORE INTO pain_point_vote (pain_point_id, user_id) VALUES (?, ?)'
	);
	for (const [area, severity, description, addressed] of [
		['sales', 'high', 'Every order is typed twice: once in the spreadsheet, once in the ERP.', true],
		['sales', 'critical', 'I cannot see what service promised my customer last week.', false],
		['sales', 'medium', 'Quotes are Word files on my laptop; nobody else can find them.', false],
		['sales', 'medium', 'Finding a customer by phone number takes minutes.', true],
		['service', 'high', 'Field technicians write reports on paper and we scan them.', false],
		['service', 'medium', 'Urgent cases wait over the weekend without anyone noticing.', false],
		['marketing', 'medium', 'We do not know which campaign brought which deal.', false],
		['management', 'high', 'The Monday pipeline figures differ from team to team.', false],
		['operations', 'low', 'Customer addresses differ between the ERP and accounting.', false]
	] as const) {
		const reporter = contributors[r.int(0, contributors.length - 1)] ?? people[0];
		const offset = -r.int(30, 140);
		const id = insertPain.run(
			area,
			severity,
			description,
			reporter.id,
			addressed ? 'addressed' : 'open',
			null,
			at(offset),
			at(offset + 10)
		).lastInsertRowid as number;
		for (let v = 0; v < r.int(0, 12); v++)
			insertPainVote.run(id, contributors[r.int(0, contributors.length - 1)].id);
	}

	const insertIntegration = client.prepare(
		'INSERT INTO integration (system, category, direction, objects, frequency, status, owner_id, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
	);
	for (const [system, category, direction, objects, frequency, status] of [
		[
			'SAP Business One',
			'erp',
			'two_way',
			'customers, orders, order history',
			'nightly, then hourly',
			'building'
		],
		['Xero', 'accounting', 'read_only', 'invoices, payment status', 'daily', 'planned'],
		['Microsoft 365 Exchange', 'email', 'two_way', 'emails, meetings', 'real time', 'live'],
		['3CX phone system', 'telephony', 'read_only', 'calls, call recordings', 'real time', 'planned'],
		[
			'Company website (WordPress)',
			'website',
			'write_only',
			'contact forms → leads',
			'real time',
			'building'
		],
		['Shopify B2B', 'order_processing', 'read_only', 'web orders', 'hourly', 'planned'],
		[
			'Mailchimp',
			'marketing_automation',
			'two_way',
			'campaign members, opens, unsubscribes',
			'daily',
			'live'
		],
		['Power BI', 'analytics', 'write_only', 'deals, cases, usage', 'nightly', 'live'],
		[
			'Legacy Access database',
			'other',
			'read_only',
			'old customer records (migration only)',
			'once',
			'retired'
		]
	] as const)
		insertIntegration.run(
			system,
			category,
			direction,
			objects,
			frequency,
			status,
			owners[r.int(0, owners.length - 1)].id,
			''
		);

	// The RACI matrix of the plan's phases and the standing workstreams.
	const insertRaci = client.prepare('INSERT INTO raci (role, workstream, letter) VALUES (?, ?, ?)');
	for (const w of [
		...phases.map((p) => p.name),
		'Data migration',
		'Integrations',
		'Training',
		'Change management',
		'Reporting'
	]) {
		insertRaci.run('executive_sponsor', w, 'A');
		insertRaci.run('project_manager', w, 'R');
		insertRaci.run('steering_member', w, 'I');
		insertRaci.run(
			w === 'Training'
				? 'trainer'
				: w === 'Data migration' || w === 'Integrations'
					? 'crm_admin'
					: 'key_user',
			w,
			w === 'Training' || w === 'Data migration' || w === 'Integrations' ? 'R' : 'C'
		);
		if (phases.some((p) => p.name === w)) insertRaci.run('champion', w, 'C');
	}

	const insertReadiness = client.prepare(
		'INSERT INTO readiness_item (position, question, status, owner_id, evidence_url, notes) VALUES (?, ?, ?, ?, ?, ?)'
	);
	READINESS.forEach(([question, status], i) =>
		insertReadiness.run(i + 1, question, status, pm.id, status === 'done' ? '/rollout' : '', '')
	);

	return { phases: phases.length, goals: goals.length, risks: RISKS.length, changeRequests: CHANGES.length };
}
