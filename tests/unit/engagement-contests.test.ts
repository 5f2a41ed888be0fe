import { beforeAll, describe, expect, it } from 'vitest';
import { POINT_ACTION_KEYS } from '$lib/engagement';
import { utcDay } from '$lib/server/audit/usage';
import { create as createContact } from '$lib/server/crm/contacts';
import { log as logActivity } from '$lib/server/crm/activities';
import { db } from '$lib/server/db';
import { setHidden } from '$lib/server/engagement/boards';
import {
	createContest,
	deleteContest,
	getContest,
	standings,
	updateContest
} from '$lib/server/engagement/contests';
import { setRules } from '$lib/server/engagement/rules';
import { runDueJobs } from '$lib/server/jobs';
import { InvalidInput, Refused } from '$lib/server/validation';
import type { Actor } from '$lib/server/auth/actor';
import { makeActor, makeTeam } from './helpers';

const DAY = 86_400_000;
const today = utcDay(Date.now());
const inDays = (n: number) => utcDay(Date.now() + n * DAY);

let admin: Actor;
let teams: Record<'north' | 'key' | 'south' | 'inside', number>;
let people: Record<string, Actor>;

const base = (over: Record<string, unknown> = {}) => ({
	name: 'Sprint',
	description: '',
	kind: 'team',
	metric: 'points',
	startsOn: today,
	endsOn: inDays(13),
	target: '',
	prizes: 'Lunch',
	...over
});
const errorsOf = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors;
		throw e;
	}
	throw new Error('no error');
};
const work = (actor: Actor, calls: number) => {
	const contact = createContact(actor, { lastName: `Client of ${actor.user.name}` });
	for (let i = 0; i < calls; i++)
		logActivity(actor, { type: 'call', subject: `Call ${i}`, contactId: String(contact.id) });
};
const allRules = (points: number, cap: number) =>
	Object.fromEntries(
		POINT_ACTION_KEYS.flatMap((a) => [
			[`points.${a}`, String(points)],
			[`cap.${a}`, String(cap)],
			[`enabled.${a}`, 'on']
		])
	);

beforeAll(() => {
	admin = makeActor('admin');
	teams = {
		north: makeTeam('North'),
		key: makeTeam('Key'),
		south: makeTeam('South'),
		inside: makeTeam('Inside')
	};
	people = {
		n1: makeActor('rep', { teamId: teams.north }),
		k1: makeActor('rep', { teamId: teams.key }),
		s1: makeActor('rep', { teamId: teams.south }),
		s2: makeActor('rep', { teamId: teams.south }),
		i1: makeActor('rep', { teamId: teams.inside })
	};
});

describe('a contest', () => {
	it('refuses bad input beside the fields: dates, a team on two sides, too few sides', () => {
		expect(errorsOf(() => createContest(admin, base({ endsOn: inDays(-1) }), []))).toMatchObject({
			endsOn: 'The contest cannot end before it starts.'
		});
		expect(errorsOf(() => createContest(admin, base({ startsOn: inDays(-3) }), []))).toMatchObject({
			startsOn: 'A contest starts today or later.'
		});
		const twice = errorsOf(() =>
			createContest(admin, base(), [
				{ name: 'A', teamIds: [String(teams.north), String(teams.key)] },
				{ name: 'B', teamIds: [String(teams.key)] }
			])
		);
		expect(twice['side.1.teams']).toBe('Key is already in “A”: a team plays on one side only.');
		expect(
			errorsOf(() => createContest(admin, base(), [{ name: 'Alone', teamIds: [String(teams.north)] }]))
		).toMatchObject({
			'side.0.name': 'A team contest needs at least two sides.'
		});
		expect(() => createContest(people.n1, base(), [])).toThrow();
		expect(db().$client.prepare('SELECT count(*) FROM contest').pluck().get()).toBe(0);
	});

	it('between two virtual teams starts today with its rules frozen, counts per head, and ends archived', () => {
		const c = createContest(admin, base({ target: '10' }), [
			{ name: 'North & Key', teamIds: [String(teams.north), String(teams.key)] },
			{ name: 'South & Inside', teamIds: [String(teams.south), String(teams.inside)] }
		]);
		expect(c.startedAt).not.toBeNull();
		expect(c.rules?.['activity.logged']).toEqual({ points: 2, dailyCap: 20 });
		work(people.n1, 3); // 6 points
		work(people.s1, 2); // 4 points; s2 and i1 nothing
		// The admin doubles the points mid-contest: the ledger pays the new rate, the contest keeps its own.
		setRules(admin, allRules(4, 20));
		work(people.k1, 1); // 4 points on the boards, 2 in the contest
		const live = standings(admin, getContest(c.id));
		expect(live.rows.map((r) => [r.name, r.score, r.heads, r.perHead, r.rank])).toEqual([
			['North & Key', 8, 2, 4, 1],
			['South & Inside', 4, 3, 1.3, 2]
		]);
		// Frozen: no edit, no delete.
		expect(() => updateContest(admin, c.id, base({ name: 'Other' }), [], c.version)).toThrow(Refused);
		expect(() => deleteContest(admin, c.id, c.version)).toThrow(Refused);
		// The end job runs the day after the last day, once.
		expect(runDueJobs(Date.now())).toBe(0);
		const after = Date.parse(`${inDays(14)}T00:00:01Z`);
		expect(runDueJobs(after)).toBe(1);
		expect(runDueJobs(after)).toBe(0);
		const ended = getContest(c.id);
		expect(ended.status).toBe('ended');
		expect(ended.result?.standings.map((r) => r.name)).toEqual(['North & Key', 'South & Inside']);
		// Later work does not change the archived result.
		work(people.s2, 5);
		expect(standings(admin, getContest(c.id)).rows[1].score).toBe(4);
		setRules(admin, allRules(2, 20));
	});

	it('between people shows a rep the top 3 and their own place, and hides names that asked', () => {
		const c = createContest(
			admin,
			base({ kind: 'individual', metric: 'action:activity.logged', startsOn: inDays(1), endsOn: inDays(5) }),
			[{ name: 'Everyone', teamIds: Object.values(teams).map(String) }]
		);
		expect(getContest(c.id).status).toBe('upcoming');
		// Upcoming: editable, and its start is a job.
		const edited = updateContest(
			admin,
			c.id,
			base({
				name: 'Call blitz',
				kind: 'individual',
				metric: 'action:activity.logged',
				startsOn: inDays(1),
				endsOn: inDays(5)
			}),
			[{ name: 'Everyone', teamIds: Object.values(teams).map(String) }],
			c.version
		);
		expect(edited.name).toBe('Call blitz');
		expect(runDueJobs(Date.parse(`${inDays(1)}T00:00:01Z`))).toBe(1);
		const started = getContest(c.id);
		expect(started.status).toBe('running');
		setHidden(people.n1, true);
		const forRep = standings(people.i1, started);
		expect(forRep.whole).toBe(false);
		expect(forRep.rows.length).toBeLessThanOrEqual(3);
		expect(forRep.rows.map((r) => r.name)).toContain('Name hidden');
		expect(forRep.yours ?? forRep.rows.find((r) => r.you)).toBeTruthy();
		expect(standings(people.n1, started).rows.find((r) => r.id === people.n1.user.id)?.name).toBe(
			people.n1.user.name
		);
	});

	it('by a KPI compares each side’s figure (training completion here), and only between sides', () => {
		expect(
			errorsOf(() =>
				createContest(admin, base({ kind: 'individual', metric: 'kpi:training_completion' }), [
					{ name: 'All', teamIds: [String(teams.north)] }
				])
			).metric
		).toContain('A KPI measures a side as a whole');
		expect(errorsOf(() => createContest(admin, base({ metric: 'kpi:wau' }), [])).metric).toBe(
			'Choose points, one of the listed actions or a KPI.'
		);
		// A required course for North's and South's reps: North completes it, South half does.
		const client = db().$client;
		const course = Number(
			client
				.prepare(
					"INSERT INTO course (title, format, duration_minutes, audience, owner_id) VALUES ('KPI course', 'elearning', 30, '{}', ?)"
				)
				.run(admin.user.id).lastInsertRowid
		);
		const enrol = client.prepare(
			'INSERT INTO enrollment (user_id, course_id, source, state, assigned_at) VALUES (?, ?, ?, ?, 0)'
		);
		enrol.run(people.n1.user.id, course, 'hand', 'completed');
		enrol.run(people.s1.user.id, course, 'hand', 'completed');
		enrol.run(people.s2.user.id, course, 'hand', 'assigned');
		const c = createContest(
			admin,
			base({ name: 'Training race', metric: 'kpi:training_completion', target: '90' }),
			[
				{ name: 'North', teamIds: [String(teams.north)] },
				{ name: 'South', teamIds: [String(teams.south)] }
			]
		);
		const rows = standings(admin, getContest(c.id)).rows;
		expect(rows.map((r) => [r.name, r.score, r.rank])).toEqual([
			['North', 100, 1],
			['South', 50, 2]
		]);
	});
});
