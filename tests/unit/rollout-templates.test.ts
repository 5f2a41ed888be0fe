import { describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import { InvalidInput, Refused } from '$lib/server/validation';
import * as phases from '$lib/server/rollout/phases';
import * as risks from '$lib/server/rollout/risks';
import * as templates from '$lib/server/rollout/templates';
import { makeActor } from './helpers';

const all = (sql: string) => db().$client.prepare(sql).pluck().all() as string[];
const count = (table: string) =>
	db().$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const errorsOf = (run: () => unknown) => {
	try {
		run();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors;
		throw e;
	}
	throw new Error('expected InvalidInput');
};
/** Names that occur more than once, compared as the plan compares them. */
const repeated = (names: string[]) => {
	const seen = new Map<string, number>();
	for (const n of names) seen.set(n.toLowerCase(), (seen.get(n.toLowerCase()) ?? 0) + 1);
	return [...seen].filter(([, n]) => n > 1).map(([name]) => name);
};

// One file, one database: the tests run in order, each on the plan the one before left.
describe('a template applied to a plan that has content', () => {
	it('on an empty plan just creates it; applied again it must be told to add or start afresh', () => {
		const pm = makeActor('project_manager');
		const first = templates.preview(pm, 'sales-first', '2027-01-04');
		expect(first.hasContent).toBe(false);
		expect(first.skipped).toEqual([]);
		expect(templates.instantiate(pm, 'sales-first', '2027-01-04')).toMatchObject({
			phases: 3,
			goals: 4,
			risks: 8,
			maps: 2,
			skipped: [],
			removed: 0
		});
		const audit = count('audit_log');
		expect(errorsOf(() => templates.instantiate(pm, 'sales-first', '2027-02-01'))).toEqual({
			mode: 'The plan already has content: choose to add to it or to start a fresh plan.'
		});
		expect(errorsOf(() => templates.instantiate(pm, 'sales-first', '2027-02-01', 'merge'))).toEqual({
			mode: 'Choose to add to the current plan or to start a fresh plan.'
		});
		expect(count('audit_log')).toBe(audit); // nothing half-written
	});

	it('adding skips what the plan has by name (case and accents aside) and says so in the preview', () => {
		const pm = makeActor('project_manager');
		// A phase the PM renamed only in case and accents is still the template's phase.
		const service = db().$client.prepare("SELECT id, version FROM phase WHERE name = 'Service'").get() as {
			id: number;
			version: number;
		};
		phases.update(
			pm,
			service.id,
			{ name: 'SÉRVICE ', startDate: '2027-06-07', endDate: '2027-08-15', adoptionTarget: '70' },
			service.version
		);
		const plan = templates.preview(pm, 'sales-first', '2027-02-01');
		expect(plan.hasContent).toBe(true);
		expect(plan.current).toEqual({ phases: 3, goals: 4, risks: 8, maps: 2 });
		expect(plan.phases.every((p) => p.exists)).toBe(true);
		expect(plan.skipped).toContain('the phase “Service”');
		expect(plan.skipped).toContain('the process map “Lead to cash” (as-is)');
		// The first application made the template's two courses: a course of the same title is skipped too.
		expect(plan.skipped).toContain('the course “CRM basics for sales”');
		expect(plan.skipped).toHaveLength(3 + 4 + 8 + 2 + 2);

		const made = templates.instantiate(pm, 'sales-first', '2027-02-01', 'add');
		expect(made).toMatchObject({
			phases: 0,
			goals: 0,
			risks: 0,
			maps: 0,
			readiness: 0,
			courses: 0,
			removed: 0
		});
		expect(made.skipped).toHaveLength(19);
		expect(count('phase')).toBe(3);

		// A second template adds its own items and skips the one the plans share.
		const enterprise = templates.preview(pm, 'enterprise', '2027-02-01');
		expect(enterprise.skipped).toEqual([
			'the goal “Answer customers faster”',
			'the process map “Lead to cash” (as-is)',
			'the process map “Service case handling” (as-is)'
		]);
		const more = templates.instantiate(pm, 'enterprise', '2027-02-01', 'add');
		expect(more).toMatchObject({ phases: 5, goals: 4, risks: 12, maps: 0 });
		expect(repeated(all('SELECT name FROM phase'))).toEqual([]);
		expect(repeated(all('SELECT title FROM goal'))).toEqual([]);
		expect(repeated(all('SELECT title FROM risk'))).toEqual([]);
		expect(repeated(all('SELECT title || kind FROM process_map'))).toEqual([]);
		expect(repeated(all('SELECT question FROM readiness_item'))).toEqual([]);
		// Goal ranks stay 1…n, phases stay in order after the plan's own.
		expect(all('SELECT rank FROM goal ORDER BY rank')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(all('SELECT name FROM phase ORDER BY position').slice(0, 3)).toEqual([
			'Pilot with one sales team',
			'All sales teams',
			'SÉRVICE'
		]);
	});

	it('a fresh plan replaces the phases, goals, risks and maps in one audited transaction', () => {
		const pm = makeActor('project_manager');
		const before = templates.preview(pm, 'sales-first', '2027-03-01');
		expect(before.freshRefused).toBeUndefined();
		const deletions = () =>
			db().$client.prepare("SELECT count(*) FROM audit_log WHERE action = 'delete'").pluck().get() as number;
		const deleted = deletions();
		const made = templates.instantiate(pm, 'sales-first', '2027-03-01', 'fresh');
		expect(made).toMatchObject({
			phases: 3,
			goals: 4,
			risks: 8,
			maps: 2,
			// Courses are the training area's: a fresh plan keeps them, so the template's are skipped.
			courses: 0,
			skipped: ['the course “CRM basics for sales”', 'the course “Pipeline reviews from the CRM”'],
			removed: 8 + 8 + 20 + 2
		});
		expect(deletions()).toBe(deleted + 38); // each deletion audited, so each can be rolled back
		expect(all('SELECT name FROM phase ORDER BY position')).toEqual([
			'Pilot with one sales team',
			'All sales teams',
			'Service'
		]);
		expect(all('SELECT start_date FROM phase ORDER BY position')[0]).toBe('2027-03-01');
		expect(count('goal')).toBe(4);
		expect(count('risk')).toBe(8);
		expect(count('process_map')).toBe(2);
	});

	it('a fresh plan is refused once a phase is past planning, and nothing is deleted', () => {
		const pm = makeActor('project_manager');
		const first = db()
			.$client.prepare('SELECT id FROM phase ORDER BY position LIMIT 1')
			.pluck()
			.get() as number;
		db().$client.prepare("UPDATE phase SET status = 'active' WHERE id = ?").run(first);
		risks.create(pm, { title: 'Kept by the refusal', category: 'data', likelihood: '2', impact: '2' });
		const plan = templates.preview(pm, 'enterprise', '2027-03-01');
		expect(plan.freshRefused).toMatch(/under way.*“Pilot with one sales team”/);
		const audit = count('audit_log');
		expect(() => templates.instantiate(pm, 'enterprise', '2027-03-01', 'fresh')).toThrow(Refused);
		expect(count('audit_log')).toBe(audit);
		expect(count('phase')).toBe(3);
		expect(count('risk')).toBe(9);
		expect(() => templates.instantiate(makeActor('rep'), 'enterprise', '2027-03-01', 'add')).toThrow();
	});
});
