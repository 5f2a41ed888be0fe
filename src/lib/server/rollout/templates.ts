import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { max } from 'drizzle-orm';
import { BUILT_IN_ROLES } from '$lib/permissions';
import { processMapForm } from '$lib/schemas/rollout';
import { AREAS, CRM_MODULES, GOAL_CATEGORIES, RISK_CATEGORIES } from '$lib/rollout';
import { COURSE_FORMATS } from '$lib/training';
import { isIsoDate } from '$lib/dates';
import { fold } from '$lib/text';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { config } from '../config';
import { db, schema, type Conn } from '../db';
import { InvalidInput, Refused } from '../validation';
import { addDays } from './dates';
import { reconcileLearners } from '../training/assignment';
import { courseObject } from '../training/courses';
import { goalObject } from './goals';
import { mapObject } from './maps';
import { phaseObject } from './phases';
import { readinessObject } from './readiness';
import { deleteRecord, insertRecord } from './records';
import { riskObject } from './risks';

/**
 * Rollout templates: plans in the top-level `templates/` folder (format in templates/README.md),
 * validated when read, previewed with real dates, and created in one transaction — phases with their
 * criteria and milestones, goals, risks, process maps and readiness questions — either added to the
 * plan there is (skipping what it has by name) or as a fresh plan in its place.
 */

/** How a name is compared with the plan's: case, accents and spacing aside (`Service` is `service `). */
const nameKey = (name: string) => fold(name.trim().replace(/\s+/g, ' '));
const text = (max: number) => z.string().trim().min(1).max(max);
/**
 * A list whose items `key` tells apart, as the plan compares names (case and accents aside): the
 * preview lists them by it and adding skips by it, so a repeat is the file's mistake.
 */
const distinct =
	<T>(key: (item: T) => string, what: string) =>
	(items: T[], ctx: z.RefinementCtx) => {
		const seen = new Set<string>();
		items.forEach((item, i) => {
			const k = key(item);
			if (seen.has(nameKey(k)))
				ctx.addIssue({ code: 'custom', path: [i], message: `${what} “${k}” appears twice.` });
			seen.add(nameKey(k));
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
				// The same check as a map saved by hand: no settings that load what the author names.
				source: processMapForm.shape.source
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
				format: z.enum(COURSE_FORMATS).default('classroom'),
				hours: z.number().positive().max(40),
				/** Due this many days after a person is assigned the course. */
				dueDays: z.number().int().min(1).max(365).default(30),
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

/** An as-is and a to-be map of one process share their title. */
const mapKey = (m: { title: string; kind: string }) => `${nameKey(m.title)}\u0000${m.kind}`;

/** What the plan holds already, by name: what adding a template skips, and what a fresh plan deletes. */
function current(conn: Conn) {
	const { phase, goal, risk, processMap, readinessItem, course } = schema;
	const phases = conn.select({ name: phase.name, status: phase.status }).from(phase).all();
	const goals = conn.select({ title: goal.title }).from(goal).all();
	const risks = conn.select({ title: risk.title }).from(risk).all();
	const maps = conn.select({ title: processMap.title, kind: processMap.kind }).from(processMap).all();
	const questions = conn.select({ q: readinessItem.question }).from(readinessItem).all();
	const courses = conn.select({ title: course.title }).from(course).all();
	return {
		counts: { phases: phases.length, goals: goals.length, risks: risks.length, maps: maps.length },
		phases: new Set(phases.map((p) => nameKey(p.name))),
		goals: new Set(goals.map((g) => nameKey(g.title))),
		risks: new Set(risks.map((r) => nameKey(r.title))),
		maps: new Set(maps.map(mapKey)),
		readiness: new Set(questions.map((r) => nameKey(r.q))),
		courses: new Set(courses.map((c) => nameKey(c.title))),
		/** Phases past planning: the rollout has begun, and deleting them would delete what happened. */
		underWay: phases.filter((p) => p.status !== 'planned').map((p) => p.name)
	};
}

/** A template laid on the plan as it is now: each item with its dates and whether adding skips it. */
function lay(conn: Conn, template: Template, startDate: string) {
	const teams = new Map(
		conn
			.select({ id: schema.team.id, name: schema.team.name })
			.from(schema.team)
			.all()
			.map((t) => [t.name, t.id])
	);
	const now = current(conn);
	const phases = template.phases.map((p) => ({
		...p,
		startDate: addDays(startDate, p.startWeek * 7),
		endDate: addDays(startDate, (p.startWeek + p.weeks) * 7 - 1),
		teamIds: p.teams.flatMap((t) => (teams.has(t) ? [teams.get(t)!] : [])),
		unknownTeams: p.teams.filter((t) => !teams.has(t)),
		exists: now.phases.has(nameKey(p.name))
	}));
	const goals = template.goals.map((g) => ({
		...g,
		dueDate: addDays(startDate, g.weeks * 7),
		exists: now.goals.has(nameKey(g.title))
	}));
	const risks = template.risks.map((r) => ({ ...r, exists: now.risks.has(nameKey(r.title)) }));
	const maps = template.maps.map((m) => ({ ...m, exists: now.maps.has(mapKey(m)) }));
	// The readiness checklist is the organisation's answers: a fresh plan keeps it, so its
	// questions are skipped in either case.
	const readiness = template.readiness.map((question) => ({
		question,
		exists: now.readiness.has(nameKey(question))
	}));
	// Courses belong to the training area: a fresh plan keeps them, and one of the same title is skipped.
	const courses = template.courses.map((t) => ({ ...t, exists: now.courses.has(nameKey(t.title)) }));
	const c = now.counts;
	const skipped = [
		...courses.filter((t) => t.exists).map((t) => `the course “${t.title}”`),
		...phases.filter((p) => p.exists).map((p) => `the phase “${p.name}”`),
		...goals.filter((g) => g.exists).map((g) => `the goal “${g.title}”`),
		...risks.filter((r) => r.exists).map((r) => `the risk “${r.title}”`),
		...maps
			.filter((m) => m.exists)
			.map((m) => `the process map “${m.title}” (${m.kind === 'as_is' ? 'as-is' : 'to-be'})`)
	];
	return {
		template,
		startDate,
		phases,
		goals,
		risks,
		maps,
		readiness,
		courses,
		/** What the plan holds now; a plan with any of it asks whether to add to it or start afresh. */
		current: c,
		hasContent: c.phases + c.goals + c.risks + c.maps > 0,
		/** What adding skips because the plan has it already (readiness questions aside). */
		skipped,
		/** Why a fresh plan cannot be started, if it cannot. */
		freshRefused: now.underWay.length
			? `The plan is under way (${now.underWay.map((n) => `“${n}”`).join(', ')} ${now.underWay.length > 1 ? 'are' : 'is'} past planning): a fresh plan would delete what has happened. Add the template to the current plan instead.`
			: undefined
	};
}

export type TemplatePlan = ReturnType<typeof lay>;

function chosenTemplate(id: string) {
	const template = loadTemplates().templates.find((t) => t.id === id);
	if (!template) throw new InvalidInput({ template: 'Choose one of the templates.' });
	return template;
}
function checkedStart(startDate: unknown): string {
	if (typeof startDate !== 'string' || !isIsoDate(startDate))
		throw new InvalidInput({ startDate: 'Enter the start date as YYYY-MM-DD.' });
	return startDate;
}

/** What creating `template` from `startDate` would make, with the dates it would get and what it skips. */
export function preview(actor: Actor, id: string, startDate: unknown): TemplatePlan {
	authorize(actor.user, 'rollout.read');
	const template = chosenTemplate(id);
	return lay(db(), template, checkedStart(startDate));
}

/** Add to the plan (skipping what it has by name) or start a fresh one (deleting its phases, goals, risks, maps). */
export type TemplateMode = 'add' | 'fresh';

/**
 * Creates a template's plan in one transaction, every record audited like one made by hand. A plan
 * that has content must say how (`mode`): `add` puts the template's items after the plan's, skipping
 * those it has by name (so no two phases share a name); `fresh` first deletes the plan's phases,
 * goals, risks and process maps (each deletion audited, so each can be rolled back), and is refused
 * once a phase is past planning. Returns what was made, skipped and deleted.
 */
export function instantiate(actor: Actor, id: string, startDate: unknown, mode?: unknown) {
	authorize(actor.user, 'rollout.write');
	const template = chosenTemplate(id);
	const start = checkedStart(startDate);
	if (mode !== undefined && mode !== '' && mode !== 'add' && mode !== 'fresh')
		throw new InvalidInput({ mode: 'Choose to add to the current plan or to start a fresh plan.' });
	const { phase, phaseTeam, phaseCriterion, milestone, goal, risk, processMap, readinessItem } = schema;
	return db().transaction((tx) => {
		let plan = lay(tx, template, start);
		if (plan.hasContent && mode !== 'add' && mode !== 'fresh')
			throw new InvalidInput(
				{ mode: 'The plan already has content: choose to add to it or to start a fresh plan.' },
				'Choose how to use the template.'
			);
		let removed = 0;
		if (mode === 'fresh' && plan.hasContent) {
			if (plan.freshRefused) throw new Refused(plan.freshRefused);
			for (const m of tx.select().from(processMap).all()) deleteRecord(tx, actor, mapObject, m);
			for (const r of tx.select().from(risk).all()) deleteRecord(tx, actor, riskObject, r);
			for (const g of tx.select().from(goal).all()) deleteRecord(tx, actor, goalObject, g);
			for (const p of tx.select().from(phase).all()) deleteRecord(tx, actor, phaseObject, p);
			removed = plan.current.phases + plan.current.goals + plan.current.risks + plan.current.maps;
			plan = lay(tx, template, start);
		}
		const phases = plan.phases.filter((p) => !p.exists);
		const goals = plan.goals.filter((g) => !g.exists);
		const risks = plan.risks.filter((r) => !r.exists);
		const maps = plan.maps.filter((m) => !m.exists);
		const questions = plan.readiness.filter((q) => !q.exists);

		let position =
			tx
				.select({ p: max(phase.position) })
				.from(phase)
				.get()?.p ?? 0;
		for (const p of phases) {
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
		for (const g of goals)
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
		for (const r of risks)
			insertRecord(tx, actor, riskObject, {
				title: r.title,
				category: r.category,
				likelihood: r.likelihood,
				impact: r.impact,
				mitigation: r.mitigation,
				contingency: r.contingency,
				nextReviewDate: addDays(plan.startDate, 14)
			});
		for (const m of maps)
			insertRecord(tx, actor, mapObject, { title: m.title, area: m.area, kind: m.kind, source: m.source });
		let item =
			tx
				.select({ p: max(readinessItem.position) })
				.from(readinessItem)
				.get()?.p ?? 0;
		for (const { question } of questions)
			insertRecord(tx, actor, readinessObject, { question, position: ++item });
		const roles = new Map(
			tx
				.select({ id: schema.role.id, name: schema.role.name })
				.from(schema.role)
				.all()
				.map((r) => [r.name, r.id])
		);
		const courses = plan.courses.filter((t) => !t.exists);
		for (const t of courses)
			insertRecord(tx, actor, courseObject, {
				title: t.title,
				description: t.outline.map((line) => `- ${line}`).join('\n'),
				format: t.format,
				durationMinutes: Math.round(t.hours * 60),
				required: true,
				audience: {
					roles: t.roles.flatMap((r) => (roles.has(r) ? [roles.get(r)!] : [])),
					teams: [],
					projectRoles: [],
					phases: []
				},
				dueDays: t.dueDays,
				ownerId: actor.user.id,
				teamId: actor.user.teamId
			});
		// The new phases' teams and courses: everyone's training assignments follow in this transaction.
		reconcileLearners(
			tx,
			actor,
			tx
				.select({ id: schema.user.id })
				.from(schema.user)
				.all()
				.map((u) => u.id),
			'a rollout template'
		);
		const made = {
			phases: phases.length,
			goals: goals.length,
			risks: risks.length,
			maps: maps.length,
			readiness: questions.length,
			courses: courses.length
		};
		recordChange(tx, actor, {
			module: 'rollout.templates',
			action: 'create',
			entity: 'template',
			entityId: id,
			after: {
				template: plan.template.name,
				startDate: plan.startDate,
				mode: mode === 'fresh' ? 'fresh' : 'add',
				...made,
				skipped: plan.skipped.length,
				removed
			},
			summary:
				mode === 'fresh' && removed
					? `Started a fresh plan from the template ${plan.template.name} on ${plan.startDate}, deleting ${removed} items of the plan before`
					: `Added the template ${plan.template.name} from ${plan.startDate}` +
						(plan.skipped.length ? `, skipping ${plan.skipped.length} items the plan had` : '')
		});
		return { ...made, skipped: plan.skipped, removed };
	});
}
