import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { max } from 'drizzle-orm';
import { BUILT_IN_ROLES } from '$lib/permissions';
import { AREAS, CRM_MODULES, GOAL_CATEGORIES, RISK_CATEGORIES } from '$lib/rollout';
import { isIsoDate } from '$lib/dates';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { config } from '../config';
import { db, schema } from '../db';
import { InvalidInput } from '../validation';
import { goalObject } from './goals';
import { mapObject } from './maps';
import { phaseObject } from './phases';
import { readinessObject } from './readiness';
import { insertRecord } from './records';
import { riskObject } from './risks';

/**
 * Rollout templates: plans in the top-level `templates/` folder (format in templates/README.md),
 * validated when read, previewed with real dates, and created in one transaction — phases with their
 * criteria and milestones, goals, risks, process maps and readiness questions.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
/** A list whose items `key` tells apart: the preview lists them by it, so a repeat is the file's mistake. */
const distinct =
	<T>(key: (item: T) => string, what: string) =>
	(items: T[], ctx: z.RefinementCtx) => {
		const seen = new Set<string>();
		items.forEach((item, i) => {
			const k = key(item);
			if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `${what} “${k}” appears twice.` });
			seen.add(k);
		});
	};
const templateSchema = z.object({
	name: text(120),
	description: z.string().max(1000).default(''),
	phases: z
		.array(
			z.object({
				name: text(120),
				description: z.string().max(2000).default(''),
				startWeek: z.number().int().min(0).max(520),
				weeks: z.number().int().min(1).max(104),
				modules: z.array(z.enum(CRM_MODULES)).default([]),
				teams: z.array(text(120)).default([]),
				adoptionTarget: z.number().int().min(1).max(100).default(70),
				entry: z.array(text(300)).default([]),
				exit: z.array(text(300)).default([]),
				milestones: z.array(z.object({ name: text(200), week: z.number().int().min(0).max(520) })).default([])
			})
		)
		.min(1)
		.superRefine(distinct((p) => p.name, 'The phase')),
	goals: z
		.array(
			z.object({
				title: text(200),
				category: z.enum(GOAL_CATEGORIES),
				kpi: text(120),
				unit: z.string().max(20).default(''),
				baseline: z.number(),
				target: z.number(),
				weeks: z.number().int().min(1).max(520)
			})
		)
		.superRefine(distinct((g) => g.title, 'The goal'))
		.default([]),
	risks: z
		.array(
			z.object({
				title: text(200),
				category: z.enum(RISK_CATEGORIES),
				likelihood: z.number().int().min(1).max(5),
				impact: z.number().int().min(1).max(5),
				mitigation: z.string().max(2000).default(''),
				contingency: z.string().max(2000).default('')
			})
		)
		.superRefine(distinct((r) => r.title, 'The risk'))
		.default([]),
	maps: z
		.array(
			z.object({
				title: text(200),
				area: z.enum(AREAS),
				kind: z.enum(['as_is', 'to_be']),
				source: text(20_000)
			})
		)
		.superRefine(distinct((m) => `${m.title} (${m.kind === 'as_is' ? 'as-is' : 'to-be'})`, 'The map'))
		.default([]),
	readiness: z
		.array(text(300))
		.superRefine(distinct((q) => q, 'The question'))
		.default([]),
	courses: z
		.array(
			z.object({
				title: text(200),
				roles: z.array(z.enum(BUILT_IN_ROLES)).min(1),
				hours: z.number().positive().max(40),
				outline: z.array(text(200)).default([])
			})
		)
		.superRefine(distinct((c) => c.title, 'The course'))
		.default([])
});
export type Template = z.output<typeof templateSchema> & { id: string };
export interface TemplateProblem {
	file: string;
	path: string;
	reason: string;
}

/** Reads and checks every template; a broken file is reported (file, path, reason), never half-used. */
export function loadTemplates(folder = config.templatesFolder): {
	templates: Template[];
	problems: TemplateProblem[];
} {
	const templates: Template[] = [];
	const problems: TemplateProblem[] = [];
	let files: string[];
	try {
		files = readdirSync(folder)
			.filter((f) => f.endsWith('.json'))
			.sort();
	} catch {
		return {
			templates,
			problems: [{ file: folder, path: '', reason: 'The templates folder cannot be read.' }]
		};
	}
	for (const file of files) {
		let raw: unknown;
		try {
			raw = JSON.parse(readFileSync(join(folder, file), 'utf8'));
		} catch (e) {
			problems.push({
				file,
				path: '',
				reason: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`
			});
			continue;
		}
		const parsed = templateSchema.safeParse(raw);
		if (!parsed.success) {
			for (const issue of parsed.error.issues.slice(0, 5))
				problems.push({
					file,
					path: issue.path
						.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
						.join('')
						.replace(/^\./, ''),
					reason: issue.message
				});
			continue;
		}
		templates.push({ ...parsed.data, id: file.replace(/\.json$/, '') });
	}
	return { templates, problems };
}

const addDays = (date: string, days: number) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What creating `template` from `startDate` would make, with the dates it would get. */
export function preview(actor: Actor, id: string, startDate: unknown) {
	authorize(actor.user, 'rollout.read');
	const template = loadTemplates().templates.find((t) => t.id === id);
	if (!template) throw new InvalidInput({ template: 'Choose one of the templates.' });
	if (typeof startDate !== 'string' || !isIsoDate(startDate))
		throw new InvalidInput({ startDate: 'Enter the start date as YYYY-MM-DD.' });
	const teams = new Map(
		db()
			.select({ id: schema.team.id, name: schema.team.name })
			.from(schema.team)
			.all()
			.map((t) => [t.name, t.id])
	);
	return {
		template,
		startDate,
		phases: template.phases.map((p) => ({
			...p,
			startDate: addDays(startDate, p.startWeek * 7),
			endDate: addDays(startDate, (p.startWeek + p.weeks) * 7 - 1),
			teamIds: p.teams.flatMap((t) => (teams.has(t) ? [teams.get(t)!] : [])),
			unknownTeams: p.teams.filter((t) => !teams.has(t))
		})),
		goals: template.goals.map((g) => ({ ...g, dueDate: addDays(startDate, g.weeks * 7) }))
	};
}

/**
 * Creates the whole plan of a template in one transaction, after the phases, goals and ranks already
 * there; every record is audited like one made by hand. Returns what was made.
 */
export function instantiate(actor: Actor, id: string, startDate: unknown) {
	authorize(actor.user, 'rollout.write');
	const plan = preview(actor, id, startDate);
	const { phase, phaseTeam, phaseCriterion, milestone, goal, readinessItem } = schema;
	return db().transaction((tx) => {
		let position =
			tx
				.select({ p: max(phase.position) })
				.from(phase)
				.get()?.p ?? 0;
		for (const p of plan.phases) {
			const created = insertRecord(tx, actor, phaseObject, {
				position: ++position,
				name: p.name,
				description: p.description,
				startDate: p.startDate,
				endDate: p.endDate,
				modules: p.modules,
				adoptionTarget: p.adoptionTarget
			});
			if (p.teamIds.length)
				tx.insert(phaseTeam)
					.values(p.teamIds.map((teamId) => ({ phaseId: created.id, teamId })))
					.run();
			const criteria = [
				...p.entry.map((text, i) => ({ phaseId: created.id, kind: 'entry' as const, text, position: i + 1 })),
				...p.exit.map((text, i) => ({ phaseId: created.id, kind: 'exit' as const, text, position: i + 1 }))
			];
			if (criteria.length) tx.insert(phaseCriterion).values(criteria).run();
			if (p.milestones.length)
				tx.insert(milestone)
					.values(
						p.milestones.map((m) => ({
							phaseId: created.id,
							name: m.name,
							dueDate: addDays(plan.startDate, m.week * 7)
						}))
					)
					.run();
		}
		let rank =
			tx
				.select({ r: max(goal.rank) })
				.from(goal)
				.get()?.r ?? 0;
		for (const g of plan.goals)
			insertRecord(tx, actor, goalObject, {
				rank: ++rank,
				title: g.title,
				category: g.category,
				kpi: g.kpi,
				unit: g.unit,
				baseline: g.baseline,
				target: g.target,
				startDate: plan.startDate,
				dueDate: g.dueDate
			});
		for (const r of plan.template.risks)
			insertRecord(tx, actor, riskObject, { ...r, nextReviewDate: addDays(plan.startDate, 14) });
		for (const m of plan.template.maps) insertRecord(tx, actor, mapObject, m);
		let item =
			tx
				.select({ p: max(readinessItem.position) })
				.from(readinessItem)
				.get()?.p ?? 0;
		const known = new Set(
			tx
				.select({ q: readinessItem.question })
				.from(readinessItem)
				.all()
				.map((r) => r.q)
		);
		for (const question of plan.template.readiness)
			if (!known.has(question)) insertRecord(tx, actor, readinessObject, { question, position: ++item });
		const made = {
			phases: plan.phases.length,
			goals: plan.goals.length,
			risks: plan.template.risks.length,
			maps: plan.template.maps.length,
			readiness: plan.template.readiness.length
		};
		recordChange(tx, actor, {
			module: 'rollout.templates',
			action: 'create',
			entity: 'template',
			entityId: id,
			after: { template: plan.template.name, startDate: plan.startDate, ...made },
			summary: `Started from the template ${plan.template.name} on ${plan.startDate}`
		});
		return made;
	});
}
