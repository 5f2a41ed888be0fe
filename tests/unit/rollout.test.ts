import { and, eq } from 'drizzle-orm';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { db, schema } from '$lib/server/db';
import { InvalidInput, Refused, StaleRecord } from '$lib/server/validation';
import { rollback } from '$lib/server/audit/rollback';
import * as changes from '$lib/server/rollout/changes';
import { dashboard, phaseRag } from '$lib/server/rollout/dashboard';
import * as goals from '$lib/server/rollout/goals';
import * as integrations from '$lib/server/rollout/integrations';
import * as maps from '$lib/server/rollout/maps';
import * as painPoints from '$lib/server/rollout/pain-points';
import * as readiness from '$lib/server/rollout/readiness';
import * as phases from '$lib/server/rollout/phases';
import * as risks from '$lib/server/rollout/risks';
import * as teamModule from '$lib/server/rollout/team';
import * as templates from '$lib/server/rollout/templates';
import { makeActor, makeTeam } from './helpers';

const fieldErrors = (run: () => unknown) => {
	try {
		run();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors;
		throw e;
	}
	throw new Error('expected InvalidInput');
};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const auditCount = (entity: string) =>
	db().$client.prepare('SELECT count(*) FROM audit_log WHERE entity = ?').pluck().get(entity) as number;

describe('risks', () => {
	it('are scored, placed on the heat map, filtered, and reviewed with their trend', () => {
		const pm = makeActor('project_manager');
		expect(
			fieldErrors(() => risks.create(pm, { title: '', category: 'weather', likelihood: '7', impact: '0' }))
		).toEqual({
			title: 'Name the risk.',
			category: 'Choose a category.',
			likelihood: 'Choose the likelihood from 1 to 5.',
			impact: 'Choose the impact from 1 to 5.'
		});
		expect(
			fieldErrors(() =>
				risks.create(pm, { title: 'X', category: 'data', likelihood: '2', impact: '2', phaseId: '999' })
			)
		).toEqual({
			phaseId: 'Choose one of the phases.'
		});
		const dup = risks.create(pm, {
			title: 'Duplicates from legacy systems',
			category: 'data',
			likelihood: '4',
			impact: '5',
			nextReviewDate: day(-3)
		});
		const sso = risks.create(pm, {
			title: 'SSO late',
			category: 'technology',
			likelihood: '2',
			impact: '3',
			nextReviewDate: day(10)
		});
		risks.create(pm, {
			title: 'Old and closed',
			category: 'vendor',
			likelihood: '5',
			impact: '5',
			status: 'closed'
		});
		const rows = risks.list(pm);
		expect(rows.map((r) => [r.title, r.score, r.overdue])).toEqual([
			['Duplicates from legacy systems', 20, true],
			['SSO late', 6, false]
		]);
		const map = risks.heatMap(rows);
		expect(map[4][3]).toEqual([{ id: dup.id, title: 'Duplicates from legacy systems', overdue: true }]);
		expect(risks.list(pm, { overdue: true }).map((r) => r.id)).toEqual([dup.id]);
		expect(risks.list(pm, { status: 'all' })).toHaveLength(3);
		expect(risks.list(pm, { category: 'technology' }).map((r) => r.id)).toEqual([sso.id]);

		const reviewed = risks.review(
			pm,
			dup.id,
			{ likelihood: '3', impact: '5', note: 'Dedupe by email works', nextReviewDate: day(14) },
			dup.version
		);
		expect(reviewed).toMatchObject({ likelihood: 3, impact: 5, nextReviewDate: day(14), version: 2 });
		expect(() =>
			risks.review(pm, dup.id, { likelihood: '2', impact: '5', note: 'again' }, dup.version)
		).toThrow(StaleRecord);
		expect(
			fieldErrors(() => risks.review(pm, dup.id, { likelihood: '2', impact: '9', note: '' }, 2))
		).toMatchObject({
			impact: expect.any(String),
			note: expect.any(String)
		});
		expect(risks.detail(pm, dup.id).reviews.map((r) => [r.likelihood, r.impact, r.note])).toEqual([
			[3, 5, 'Dedupe by email works']
		]);
		expect(() =>
			risks.create(makeActor('rep'), { title: 'X', category: 'data', likelihood: '1', impact: '1' })
		).toThrow();
	});
});

describe('phases', () => {
	it('refuse dates out of order and unknown teams, flag overlaps and missing gaps, and draw a gantt', () => {
		const pm = makeActor('project_manager');
		const team = makeTeam('Pilot team');
		expect(
			fieldErrors(() =>
				phases.create(pm, { name: 'Bad', startDate: day(10), endDate: day(5), adoptionTarget: '70' })
			)
		).toEqual({
			endDate: 'A phase cannot end before it starts.'
		});
		expect(
			fieldErrors(() =>
				phases.create(pm, {
					name: 'Bad',
					startDate: day(1),
					endDate: day(5),
					adoptionTarget: '70',
					teamIds: ['99999']
				})
			)
		).toEqual({
			teamIds: 'Choose teams from the list.'
		});
		expect(
			fieldErrors(() =>
				phases.create(pm, { name: 'Bad', startDate: '2026-02-30', endDate: day(5), adoptionTarget: '170' })
			)
		).toEqual({
			startDate: 'Enter the start date as YYYY-MM-DD.',
			adoptionTarget: 'Enter a percentage from 1 to 100.'
		});
		const pilot = phases.create(pm, {
			name: 'Pilot: Sales #1',
			startDate: day(0),
			endDate: day(30),
			adoptionTarget: '80',
			teamIds: String(team),
			modules: ['crm.contacts', 'crm.deals']
		});
		phases.create(pm, { name: 'Sales', startDate: day(31), endDate: day(60), adoptionTarget: '70' });
		phases.create(pm, { name: 'Service', startDate: day(55), endDate: day(90), adoptionTarget: '70' });
		const plan = phases.list(pm);
		expect(plan[0]).toMatchObject({
			name: 'Pilot: Sales #1',
			teams: [{ id: team, name: 'Pilot team' }],
			modules: ['crm.contacts', 'crm.deals']
		});
		expect(phases.planWarnings(plan).map((w) => w.message)).toEqual([
			expect.stringMatching(/^Sales starts the day after Pilot: Sales #1 ends/),
			expect.stringMatching(/^Service starts on .* before Sales ends .*: the phases overlap\.$/)
		]);
		const gantt = phases.gantt(plan);
		expect(gantt).toContain(`Pilot  Sales  1 :p1, ${day(0)}, ${day(30)}`);
		expect(gantt).not.toMatch(/Sales #1/);
		expect(pilot.position).toBe(1);
		// The phase row has no teams: setting them is audited on its own, and only when they change.
		expect(auditCount('phase_team')).toBe(1);
		phases.update(
			pm,
			pilot.id,
			{ name: pilot.name, startDate: day(0), endDate: day(30), adoptionTarget: '80', teamIds: String(team) },
			pilot.version
		);
		expect(auditCount('phase_team')).toBe(1);
		expect(phases.phaseChoices(pm).map((p) => p.name)).toEqual(['Pilot: Sales #1', 'Sales', 'Service']);
	});

	it('close only when exit criteria are met, unless the steering committee overrides with a reason', () => {
		const pm = makeActor('project_manager');
		const steering = makeActor('steering_member');
		const p = phases.create(pm, {
			name: 'Gate',
			startDate: day(-30),
			endDate: day(-1),
			adoptionTarget: '70',
			status: 'active'
		});
		phases.addCriterion(pm, p.id, { kind: 'exit', text: 'Spreadsheets retired' });
		phases.addCriterion(pm, p.id, { kind: 'exit', text: 'Adoption at target' });
		const [first, second] = phases.detail(pm, p.id).criteria;
		phases.setCriterion(pm, first.id, true);
		expect(() => phases.close(pm, p.id)).toThrow(/1 exit criteria are not met: “Adoption at target”/);
		expect(() => phases.close(pm, p.id, { override: 'on', reason: 'x' })).toThrow(); // not a steering member
		expect(fieldErrors(() => phases.close(steering, p.id, { override: 'on', reason: ' ' }))).toEqual({
			reason: 'Say why the phase closes with exit criteria unmet.'
		});
		const closed = phases.close(steering, p.id, {
			override: 'on',
			reason: 'Adoption measured after go-live'
		});
		expect(closed).toMatchObject({ status: 'closed', overrideReason: 'Adoption measured after go-live' });
		expect(() =>
			phases.update(
				pm,
				p.id,
				{ name: 'Again', startDate: day(1), endDate: day(2), adoptionTarget: '5' },
				closed.version
			)
		).toThrow(Refused);

		const clean = phases.create(pm, {
			name: 'Clean',
			startDate: day(-10),
			endDate: day(-1),
			adoptionTarget: '70'
		});
		phases.addCriterion(pm, clean.id, { kind: 'exit', text: 'Done' });
		phases.setCriterion(pm, phases.detail(pm, clean.id).criteria[0].id, true);
		expect(phases.close(pm, clean.id)).toMatchObject({ status: 'closed', overrideReason: null });
		void second;
	});

	it('are closed by a steering override only past unmet exit criteria, never in the planners’ place', () => {
		const pm = makeActor('project_manager');
		const steering = makeActor('steering_member');
		const met = phases.create(pm, {
			name: 'Met',
			startDate: day(-20),
			endDate: day(-1),
			adoptionTarget: '60'
		});
		phases.addCriterion(pm, met.id, { kind: 'exit', text: 'Trained' });
		phases.setCriterion(pm, phases.detail(pm, met.id).criteria[0].id, true);
		const bare = phases.create(pm, {
			name: 'Bare',
			startDate: day(1),
			endDate: day(9),
			adoptionTarget: '60'
		});
		const audits = auditCount('phase');
		for (const p of [met, bare]) {
			expect(() => phases.close(steering, p.id, { override: 'on', reason: 'Because' })).toThrow(
				/no gate to override/
			);
			expect(() => phases.close(steering, p.id)).toThrow(/no gate to override/);
			expect(phases.detail(pm, p.id).record.status).not.toBe('closed');
		}
		expect(auditCount('phase')).toBe(audits);
		expect(() => phases.close(makeActor('rep'), met.id, { override: 'on', reason: 'x' })).toThrow(
			expect.objectContaining({ status: 403 })
		);
		// The planners close it; an override flag changes nothing when nothing is unmet.
		expect(phases.close(pm, met.id, { override: 'on' })).toMatchObject({
			status: 'closed',
			overrideReason: null
		});
	});
});

describe('goals', () => {
	it('are ranked, reordered, and on or off track from their check-ins', () => {
		const pm = makeActor('project_manager');
		const base = {
			category: 'sales_growth',
			kpi: 'Activities per rep per week',
			baseline: '3',
			startDate: day(-100),
			dueDate: day(100)
		};
		expect(
			fieldErrors(() => goals.create(pm, { ...base, title: 'X', target: '3', dueDate: day(-200) }))
		).toEqual({
			target: 'The target must differ from the baseline.',
			dueDate: 'The due date must come after the baseline date.'
		});
		const a = goals.create(pm, { ...base, title: 'Log every call', target: '13' });
		const b = goals.create(pm, {
			...base,
			title: 'Fewer open cases',
			category: 'service_quality',
			baseline: '120',
			target: '20'
		});
		const c = goals.create(pm, { ...base, title: 'Nothing measured yet', target: '10' });
		goals.checkIn(pm, a.id, { date: day(0), value: '8', note: 'On the line' }); // halfway at half time
		goals.checkIn(pm, b.id, { date: day(0), value: '110' }); // a tenth of the way down at half time
		const byTitle = Object.fromEntries(goals.list(pm).map((g) => [g.title, g]));
		expect(byTitle['Log every call'].status).toBe('on_track');
		expect(byTitle['Fewer open cases'].status).toBe('off_track');
		expect(byTitle['Nothing measured yet'].status).toBe('no_data');
		expect(
			goals.goalStatus(
				{ baseline: 0, target: 10, startDate: day(-10), dueDate: day(10) },
				{ date: day(0), value: 3.5 }
			)
		).toBe('at_risk');
		expect(
			goals.goalStatus(
				{ baseline: 0, target: 10, startDate: day(-10), dueDate: day(10) },
				{ date: day(0), value: 10 }
			)
		).toBe('achieved');

		goals.rankTo(pm, c.id, 1);
		expect(goals.list(pm).map((g) => g.title)).toEqual([
			'Nothing measured yet',
			'Log every call',
			'Fewer open cases'
		]);
		goals.move(pm, b.id, -1);
		expect(goals.list(pm).map((g) => g.rank + ' ' + g.title)).toEqual([
			'1 Nothing measured yet',
			'2 Fewer open cases',
			'3 Log every call'
		]);
		goals.remove(pm, c.id);
		expect(goals.list(pm).map((g) => g.rank)).toEqual([1, 2]);
	});

	it('take a metric source whose unit the KPI follows, refusing unknown measures, scopes and units', () => {
		const pm = makeActor('project_manager');
		const team = makeTeam('Customer Service');
		const base = {
			title: 'Service works in the CRM',
			category: 'service_quality',
			kpi: 'Agents active weekly',
			baseline: '20',
			target: '80',
			startDate: day(-10),
			dueDate: day(100)
		};
		expect(fieldErrors(() => goals.create(pm, { ...base, metric: 'logins', metricScope: 'all' }))).toEqual({
			metric: 'Choose a measure from the list, or “By hand”.'
		});
		expect(
			fieldErrors(() =>
				goals.create(pm, { ...base, metric: 'adoption_rate', metricScope: 'team:999999', unit: 'people' })
			)
		).toEqual({
			metricScope: 'Choose a team from the list.',
			unit: 'Adoption rate (active in the last 7 days) is a percentage: leave the unit empty or write %.'
		});
		expect(
			fieldErrors(() => goals.create(pm, { ...base, metric: 'working_rate', metricScope: 'phase:999999' }))
		).toEqual({ metricScope: 'Choose a phase from the list.' });
		expect(
			fieldErrors(() => goals.create(pm, { ...base, metric: 'adoption_rate', metricScope: 'all' }))
		).toEqual({
			metricScope:
				'Adoption rate (active in the last 7 days) is a share of a group: choose a team or a phase.'
		});
		expect(fieldErrors(() => goals.create(pm, { ...base, metric: 'wau', metricScope: '' }))).toEqual({
			metricScope: 'Choose everyone, a team or a phase.'
		});
		expect(
			fieldErrors(() => goals.create(pm, { ...base, metric: 'quality_score', metricScope: 'all', unit: '%' }))
		).toEqual({ unit: 'Data quality score is counted in score, not in %: leave the unit empty.' });

		const measured = goals.create(pm, { ...base, metric: 'wau', metricScope: `team:${team}` });
		expect(measured).toMatchObject({
			unit: 'people',
			metric: 'wau',
			metricScope: { kind: 'team', id: team }
		});
		const percent = goals.update(
			pm,
			measured.id,
			{ ...base, metric: 'adoption_rate', metricScope: `team:${team}`, unit: '' },
			measured.version
		);
		expect(percent).toMatchObject({ unit: '%', metric: 'adoption_rate' });
		// Back to by hand: the scope goes, the unit stays as typed.
		const manual = goals.update(
			pm,
			measured.id,
			{ ...base, metric: '', metricScope: `team:${team}`, unit: 'agents' },
			percent.version
		);
		expect(manual).toMatchObject({ metric: null, metricScope: null, unit: 'agents' });
	});
});

describe('change requests', () => {
	it('are submitted by anyone, decided by the steering committee with reasons, and queued oldest first', () => {
		const rep = makeActor('rep');
		const other = makeActor('rep');
		const steering = makeActor('steering_member');
		const pm = makeActor('project_manager');
		const phase = phases.create(pm, {
			name: 'Later',
			startDate: day(30),
			endDate: day(60),
			adoptionTarget: '60'
		});
		expect(fieldErrors(() => changes.submit(rep, { title: '', type: 'wish' }))).toEqual({
			title: 'Say in a line what should change.',
			type: 'Choose a type.'
		});
		const first = changes.submit(rep, { title: 'Second phone on companies', type: 'field' });
		const second = changes.submit(other, {
			title: 'Weekly pipeline report',
			type: 'report',
			priority: 'high'
		});
		expect(changes.toggleVote(other, first.id)).toBe(true);
		expect(changes.toggleVote(other, first.id)).toBe(false);
		changes.toggleVote(steering, first.id);
		changes.comment(other, first.id, { body: 'Same for us.' });
		expect(changes.queue(steering).map((c) => c.id)).toEqual([first.id, second.id]);

		expect(() => changes.decide(rep, first.id, { to: 'approved', reason: 'I like it' }, 1)).toThrow();
		expect(fieldErrors(() => changes.decide(steering, first.id, { to: 'done', reason: '' }, 1))).toEqual({
			to: 'A submitted request can go to under review or rejected.',
			reason: 'Record why: the requester and the audit will read it.'
		});
		let cr = changes.decide(steering, first.id, { to: 'under_review', reason: 'Next meeting' }, 1);
		cr = changes.decide(steering, first.id, { to: 'approved', reason: 'Cheap' }, cr.version);
		expect(
			fieldErrors(() => changes.decide(steering, first.id, { to: 'scheduled', reason: 'Soon' }, cr.version))
		).toEqual({
			targetPhaseId: 'Choose the phase it is scheduled for.'
		});
		cr = changes.decide(
			steering,
			first.id,
			{ to: 'scheduled', reason: 'With phase Later', targetPhaseId: String(phase.id) },
			cr.version
		);
		expect(() => changes.decide(steering, first.id, { to: 'done', reason: 'stale' }, 2)).toThrow(StaleRecord);
		changes.decide(steering, second.id, { to: 'rejected', reason: 'Use the pipeline board' }, 1);

		const view = changes.detail(rep, first.id);
		expect(view.record).toMatchObject({
			status: 'scheduled',
			targetPhaseId: phase.id,
			reason: 'With phase Later'
		});
		expect(view.events.map((e) => [e.from, e.to, e.reason])).toEqual([
			[null, 'submitted', ''],
			['submitted', 'under_review', 'Next meeting'],
			['under_review', 'approved', 'Cheap'],
			['approved', 'scheduled', 'With phase Later']
		]);
		expect(view).toMatchObject({ votes: 1, voted: false, next: [] });
		expect(view.comments.map((c) => c.body)).toEqual(['Same for us.']);
		// The requester sees the outcome of theirs; the queue no longer holds decided requests.
		expect(changes.list(other, { mine: true }).map((c) => [c.status, c.reason])).toEqual([
			['rejected', 'Use the pipeline board']
		]);
		expect(changes.queue(steering)).toEqual([]);
		expect(auditCount('change_request')).toBeGreaterThanOrEqual(6);
	});
});

describe('the steering dashboard', () => {
	it('rates phases red, amber or green and gathers risks, decisions, goals and readiness', () => {
		const pm = makeActor('project_manager');
		const row = (over: Partial<ReturnType<typeof phases.list>[number]>) =>
			({
				status: 'active',
				startDate: day(-10),
				endDate: day(20),
				adoptionTarget: 70,
				exitDone: 0,
				exitTotal: 0,
				entryDone: 0,
				entryTotal: 0,
				overrideReason: null,
				...over
			}) as ReturnType<typeof phases.list>[number];
		expect(phaseRag(row({}), 0.8).rag).toBe('green');
		expect(phaseRag(row({}), 0.6).rag).toBe('amber');
		expect(phaseRag(row({}), 0.4)).toEqual({ rag: 'red', why: 'Adoption 40 % against a target of 70 %' });
		expect(phaseRag(row({ endDate: day(-1) }), 0.9).rag).toBe('red');
		expect(
			phaseRag(row({ status: 'planned', startDate: day(5), entryTotal: 2, entryDone: 1 }), null).rag
		).toBe('amber');
		expect(phaseRag(row({ status: 'planned', startDate: day(-2) }), null).rag).toBe('red');

		db()
			.insert(schema.readinessItem)
			.values([
				{ position: 1, question: 'Objectives ordered?', status: 'done' },
				{ position: 2, question: 'Team formed?', status: 'in_progress' }
			])
			.run();
		const d = dashboard(pm);
		expect(d.readiness).toEqual({ score: 75, done: 1, total: 2 });
		expect(d.heatMap).toHaveLength(5);
		expect(d.topRisks.length).toBeLessThanOrEqual(5);
		expect(d.phases.every((p) => ['red', 'amber', 'green', 'closed'].includes(p.rag))).toBe(true);
	});
});

describe('process maps', () => {
	it('keep their mermaid text as written, and an as-is map clones into a to-be map with its history', () => {
		const pm = makeActor('project_manager');
		expect(
			fieldErrors(() => maps.create(pm, { title: '', area: 'kitchen', kind: 'as_is', source: ' ' }))
		).toEqual({
			title: 'Name the process.',
			area: 'Choose an area.',
			source: 'Write the map in mermaid, e.g. “flowchart LR” and its steps.'
		});
		const hostile = 'flowchart TD\n  A["<img src=x onerror=alert(1)>"] --> B';
		const asIs = maps.create(pm, { title: 'Lead to cash', area: 'sales', kind: 'as_is', source: hostile });
		expect(asIs.source).toBe(hostile); // stored as text; the browser draws it as an image
		const toBe = maps.cloneToBe(pm, asIs.id);
		expect(toBe).toMatchObject({
			kind: 'to_be',
			clonedFromId: asIs.id,
			source: hostile,
			title: 'Lead to cash'
		});
		maps.update(
			pm,
			toBe.id,
			{ title: 'Lead to cash', area: 'sales', kind: 'to_be', source: 'flowchart LR\n  A --> B' },
			toBe.version
		);
		const view = maps.detail(pm, toBe.id);
		expect(view.clonedFrom).toEqual({ id: asIs.id, title: 'Lead to cash' });
		expect(view.history.map((h) => h.action)).toEqual(['update', 'create']);
		expect(maps.list(pm, 'sales').map((m) => m.kind)).toEqual(['as_is', 'to_be']);
		expect(() =>
			maps.create(makeActor('rep'), { title: 'X', area: 'sales', kind: 'as_is', source: 'x' })
		).toThrow();
	});
});

describe('readiness and integrations', () => {
	it('answer readiness questions with evidence links and keep an inventory of systems', () => {
		const pm = makeActor('project_manager');
		const q = readiness.add(pm, { question: 'Is the cut-off date for legacy data chosen?' });
		expect(
			fieldErrors(() =>
				readiness.answer(pm, q.id, { status: 'maybe', evidenceUrl: 'javascript:alert(1)' }, q.version)
			)
		).toEqual({
			status: 'Choose a status.',
			evidenceUrl: 'Enter a web address (https://…) or a page of Uptake (/rollout/…).'
		});
		const done = readiness.answer(
			pm,
			q.id,
			{ status: 'done', evidenceUrl: 'https://wiki.example/cut-off', notes: 'Two years' },
			q.version
		);
		expect(done).toMatchObject({ status: 'done', evidenceUrl: 'https://wiki.example/cut-off' });
		expect(readiness.list(pm).map((i) => i.question)).toContain(
			'Is the cut-off date for legacy data chosen?'
		);

		expect(
			fieldErrors(() => integrations.create(pm, { system: '', category: 'fax', direction: 'sideways' }))
		).toEqual({
			system: 'Name the system.',
			category: 'Choose a category.',
			direction: 'Choose which way data flows.'
		});
		const erp = integrations.create(pm, {
			system: 'SAP Business One',
			category: 'erp',
			direction: 'two_way',
			objects: 'orders'
		});
		integrations.update(
			pm,
			erp.id,
			{ system: 'SAP Business One', category: 'erp', direction: 'read_only', status: 'live' },
			erp.version
		);
		expect(integrations.list(pm)).toEqual([
			expect.objectContaining({ system: 'SAP Business One', direction: 'read_only', status: 'live' })
		]);
		expect(() =>
			integrations.create(makeActor('rep'), { system: 'X', category: 'erp', direction: 'two_way' })
		).toThrow();
	});
});

describe('pain points', () => {
	it('are reported by anyone, voted up, and linked and addressed by the project manager', () => {
		const rep = makeActor('rep');
		const other = makeActor('rep');
		const pm = makeActor('project_manager');
		expect(
			fieldErrors(() => painPoints.report(rep, { area: 'canteen', severity: 'awful', description: '' }))
		).toEqual({
			area: 'Choose an area.',
			severity: 'Choose how bad it is.',
			description: 'Describe what gets in the way.'
		});
		const typing = painPoints.report(rep, {
			area: 'sales',
			severity: 'high',
			description: 'Orders typed twice, CRM and ERP'
		});
		const minor = painPoints.report(other, {
			area: 'sales',
			severity: 'critical',
			description: 'No search by phone'
		});
		expect(painPoints.toggleVote(other, typing.id)).toBe(true);
		painPoints.toggleVote(pm, typing.id);
		// Most voted first, then the most severe.
		expect(painPoints.list(rep, { area: 'sales' }).map((p) => [p.id, p.votes])).toEqual([
			[typing.id, 2],
			[minor.id, 0]
		]);
		expect(() => painPoints.triage(rep, typing.id, { status: 'addressed' }, 1)).toThrow();
		expect(
			fieldErrors(() => painPoints.triage(pm, typing.id, { status: 'addressed', goalId: '9999' }, 1))
		).toEqual({
			goalId: 'Choose one from the list.'
		});
		const cr = changes.submit(rep, { title: 'Create the ERP order from a won deal', type: 'integration' });
		painPoints.triage(pm, typing.id, { status: 'addressed', changeRequestId: String(cr.id) }, 1);
		expect(painPoints.list(rep, { status: 'addressed' })).toEqual([
			expect.objectContaining({
				id: typing.id,
				changeTitle: 'Create the ERP order from a won deal',
				voted: false
			})
		]);
		expect(painPoints.list(other, { status: 'addressed' })[0].voted).toBe(true);
	});
});

describe('the project team', () => {
	it('names its gaps, assigns roles (a champion to a team), and keeps one accountable role per workstream', () => {
		const pm = makeActor('project_manager');
		const person = makeActor('rep');
		const team = makeTeam('Harbour Sales');
		phases.create(pm, {
			name: 'Harbour',
			startDate: day(5),
			endDate: day(50),
			adoptionTarget: '70',
			teamIds: String(team)
		});
		expect(teamModule.warnings(pm)).toEqual(
			expect.arrayContaining([
				'The project has no executive sponsor.',
				'Harbour: Harbour Sales has no champion.'
			])
		);
		expect(
			fieldErrors(() => teamModule.assign(pm, { userId: String(person.user.id), role: 'champion' }))
		).toEqual({
			teamId: 'Choose the team this person champions.'
		});
		teamModule.assign(pm, { userId: String(person.user.id), role: 'champion', teamId: String(team) });
		teamModule.assign(pm, { userId: String(pm.user.id), role: 'executive_sponsor' });
		expect(() => teamModule.assign(pm, { userId: String(pm.user.id), role: 'executive_sponsor' })).toThrow(
			Refused
		);
		expect(teamModule.warnings(pm)).not.toContain('Harbour: Harbour Sales has no champion.');
		expect(teamModule.warnings(pm)).not.toContain('The project has no executive sponsor.');

		const { workstreams } = teamModule.raciMatrix(pm);
		const harbour = workstreams.indexOf('Harbour');
		expect(harbour).toBeGreaterThanOrEqual(0);
		expect(
			fieldErrors(() =>
				teamModule.saveRaci(pm, {
					[`raci_executive_sponsor_${harbour}`]: 'A',
					[`raci_project_manager_${harbour}`]: 'A',
					[`raci_key_user_${harbour}`]: 'X'
				})
			)
		).toEqual({
			[`raci_key_user_${harbour}`]: 'Choose R, A, C or I.',
			raci: 'Harbour: only one role can be accountable.'
		});
		teamModule.saveRaci(pm, {
			[`raci_executive_sponsor_${harbour}`]: 'A',
			[`raci_project_manager_${harbour}`]: 'R'
		});
		const rows = teamModule.raciMatrix(pm).rows;
		expect(rows.find((r) => r.role === 'executive_sponsor')!.letters[harbour]).toBe('A');
		expect(rows.find((r) => r.role === 'project_manager')!.letters[harbour]).toBe('R');
	});

	it('keeps each RACI letter on its workstream when a phase was added while the matrix was open', () => {
		const pm = makeActor('project_manager');
		const opened = teamModule.raciMatrix(pm).workstreams;
		const training = opened.indexOf('Training');
		// The form as the page rendered it: every column named, the trainer responsible for Training.
		const form = {
			...Object.fromEntries(opened.map((w, i) => [`raci_ws_${i}`, w])),
			[`raci_trainer_${training}`]: 'R'
		};
		phases.create(pm, {
			name: `Inserted ${Date.now()}`,
			startDate: day(1),
			endDate: day(20),
			adoptionTarget: '50',
			status: 'planned'
		});
		expect(teamModule.raciMatrix(pm).workstreams.indexOf('Training')).not.toBe(training);
		teamModule.saveRaci(pm, form);
		const now = teamModule.raciMatrix(pm);
		const trainer = now.rows.find((r) => r.role === 'trainer')!;
		expect(trainer.letters[now.workstreams.indexOf('Training')]).toBe('R');
		expect(trainer.letters.filter((l) => l === 'R')).toHaveLength(1);
	});

	it('says each gap and shows each workstream once when phases share a name (the page keys them by text)', () => {
		const pm = makeActor('project_manager');
		const team = makeTeam('Quay Service');
		for (const name of ['Quay', 'Quay', 'Training']) {
			phases.create(pm, {
				name,
				startDate: day(5),
				endDate: day(50),
				adoptionTarget: '70',
				teamIds: String(team)
			});
		}
		const gaps = teamModule.warnings(pm);
		expect(gaps.filter((w) => w === 'Quay: Quay Service has no champion.')).toHaveLength(1);
		expect(gaps).toContain('Training: Quay Service has no champion.');
		const { workstreams, rows } = teamModule.raciMatrix(pm);
		expect(workstreams.filter((w) => w === 'Quay')).toHaveLength(1);
		expect(workstreams.filter((w) => w === 'Training')).toHaveLength(1);
		expect(new Set(workstreams).size).toBe(workstreams.length);
		expect(rows.every((r) => r.letters.length === workstreams.length)).toBe(true);
	});
});

describe('templates', () => {
	it('are checked when read: a broken file is refused with the file, the path and the reason', () => {
		const shipped = templates.loadTemplates('templates');
		expect(shipped.problems).toEqual([]);
		expect(shipped.templates.map((t) => t.id).sort()).toEqual(['enterprise', 'sales-first']);
		for (const t of shipped.templates) {
			expect(t.risks.length).toBeGreaterThanOrEqual(8);
			expect(t.maps.map((m) => m.title)).toEqual(
				expect.arrayContaining(['Lead to cash', 'Service case handling'])
			);
			expect(t.courses.length).toBeGreaterThan(0);
		}
		const dir = mkdtempSync(join(tmpdir(), 'uptake-templates-'));
		const good = JSON.parse(readFileSync('templates/sales-first.json', 'utf8'));
		good.phases[1].weeks = 0;
		good.risks[0].likelihood = 9;
		writeFileSync(join(dir, 'broken.json'), JSON.stringify(good));
		writeFileSync(join(dir, 'truncated.json'), '{"name": "Half');
		const twice = JSON.parse(readFileSync('templates/sales-first.json', 'utf8'));
		twice.phases.push({ ...twice.phases[0] });
		twice.readiness.push(twice.readiness[0]);
		writeFileSync(join(dir, 'twice.json'), JSON.stringify(twice));
		const { templates: ok, problems } = templates.loadTemplates(dir);
		expect(ok).toEqual([]);
		expect(problems).toEqual([
			{ file: 'broken.json', path: 'phases[1].weeks', reason: expect.stringMatching(/>=\s*1/) },
			{ file: 'broken.json', path: 'risks[0].likelihood', reason: expect.stringMatching(/<=\s*5/) },
			{ file: 'truncated.json', path: '', reason: expect.stringMatching(/^Not valid JSON/) },
			{
				file: 'twice.json',
				path: `phases[${twice.phases.length - 1}]`,
				reason: `The phase “${twice.phases[0].name}” appears twice.`
			},
			{
				file: 'twice.json',
				path: `readiness[${twice.readiness.length - 1}]`,
				reason: `The question “${twice.readiness[0]}” appears twice.`
			}
		]);
	});

	it('are previewed with real dates and created in one transaction', () => {
		const pm = makeActor('project_manager');
		expect(fieldErrors(() => templates.preview(pm, 'sales-first', '2027-02-30'))).toEqual({
			startDate: 'Enter the start date as YYYY-MM-DD.'
		});
		expect(fieldErrors(() => templates.preview(pm, '../etc/passwd', '2027-01-04'))).toEqual({
			template: 'Choose one of the templates.'
		});
		const plan = templates.preview(pm, 'sales-first', '2027-01-04');
		expect(plan.phases.map((p) => [p.name, p.startDate, p.endDate])).toEqual([
			['Pilot with one sales team', '2027-01-04', '2027-02-14'],
			['All sales teams', '2027-03-01', '2027-05-23'],
			['Service', '2027-06-07', '2027-08-15']
		]);
		const count = (t: string) => db().$client.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
		const before = {
			phase: count('phase'),
			goal: count('goal'),
			risk: count('risk'),
			map: count('process_map')
		};
		// The tests above made a phase “Service” and the map “Lead to cash”: adding skips them by name.
		const made = templates.instantiate(pm, 'sales-first', '2027-01-04', 'add');
		expect(made).toEqual({
			phases: 2,
			goals: 4,
			risks: 8,
			maps: 1,
			readiness: 10,
			courses: 2,
			skipped: ['the phase “Service”', 'the process map “Lead to cash” (as-is)'],
			removed: 0
		});
		// The course outlines are courses now, assigned at once to the roles they name.
		const basics = db()
			.select()
			.from(schema.course)
			.all()
			.find((c) => c.title === 'CRM basics for sales')!;
		expect(basics).toMatchObject({ required: true, durationMinutes: 120, format: 'classroom' });
		const reps = db()
			.select({ id: schema.user.id })
			.from(schema.user)
			.innerJoin(schema.role, eq(schema.user.roleId, schema.role.id))
			.where(and(eq(schema.role.name, 'rep'), eq(schema.user.active, true)))
			.all();
		const enrolled = db()
			.select()
			.from(schema.enrollment)
			.where(eq(schema.enrollment.courseId, basics.id))
			.all();
		expect(enrolled.map((e) => e.userId).sort()).toEqual(reps.map((r) => r.id).sort());
		expect(count('phase')).toBe(before.phase + 2);
		expect(count('goal')).toBe(before.goal + 4);
		expect(count('risk')).toBe(before.risk + 8);
		expect(count('process_map')).toBe(before.map + 1);
		expect(() => templates.instantiate(makeActor('rep'), 'sales-first', '2027-01-04')).toThrow();
	});
});

describe('audit rollback of rollout records', () => {
	it('restores a risk as it was before a change, and a deleted goal', () => {
		const admin = makeActor('admin');
		const r = risks.create(admin, { title: 'Rollback me', category: 'data', likelihood: '2', impact: '2' });
		risks.update(
			admin,
			r.id,
			{ title: 'Rollback me', category: 'data', likelihood: '5', impact: '5' },
			r.version
		);
		const change = db()
			.$client.prepare(
				"SELECT id FROM audit_log WHERE entity = 'risk' AND entity_id = ? AND action = 'update'"
			)
			.pluck()
			.get(String(r.id)) as number;
		rollback(admin, change);
		expect(risks.detail(admin, r.id).record).toMatchObject({ likelihood: 2, impact: 2, version: 3 });

		const g = goals.create(admin, {
			title: 'Deleted by mistake',
			category: 'marketing',
			kpi: 'Leads',
			baseline: '1',
			target: '2',
			startDate: day(-1),
			dueDate: day(30)
		});
		goals.remove(admin, g.id);
		const deletion = db()
			.$client.prepare(
				"SELECT id FROM audit_log WHERE entity = 'goal' AND entity_id = ? AND action = 'delete'"
			)
			.pluck()
			.get(String(g.id)) as number;
		rollback(admin, deletion);
		expect(goals.detail(admin, g.id).record.title).toBe('Deleted by mistake');
	});
});
