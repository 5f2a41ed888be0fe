import { describe, expect, it } from 'vitest';
import { recordUsage } from '$lib/server/audit/usage';
import {
	dropOldEvents,
	monthsBefore,
	rawEventsFrom,
	rawRetentionSettings,
	setRawRetention
} from '$lib/server/adoption/raw-events';
import { rebuildRollups } from '$lib/server/adoption/rollups';
import { db } from '$lib/server/db';
import { addDays, today } from '$lib/server/rollout/dates';
import { InvalidInput } from '$lib/server/validation';
import { makeActor, makeTeam } from './helpers';

const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);
const midnight = (day: string) => Date.parse(`${day}T00:00:00Z`);
// The audited changes log usage now, so the story is told around today.
const NOW = Date.now();
const TODAY = today(NOW);
const BOUNDARY = monthsBefore(TODAY, 3);
const client = () => db().$client;
const rollups = () => ({
	daily: client().prepare('SELECT * FROM usage_daily ORDER BY day, user_id, team_id, module, action').all(),
	days: client().prepare('SELECT * FROM usage_user_day ORDER BY user_id, day').all(),
	weeks: client().prepare('SELECT * FROM usage_user_week ORDER BY user_id, week').all()
});
const events = () => client().prepare('SELECT count(*) FROM usage_event').pluck().get() as number;
const fieldError = (run: () => unknown) => {
	try {
		run();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors.months;
		throw e;
	}
	return undefined;
};

describe('raw usage events kept for some months', () => {
	it('counts months back to the same day, or the month’s last', () => {
		expect(monthsBefore('2027-03-15', 3)).toBe('2026-12-15');
		expect(monthsBefore('2027-05-31', 3)).toBe('2027-02-28');
		expect(monthsBefore('2027-01-10', 13)).toBe('2025-12-10');
	});

	it('cannot be deleted by anything but the maintenance path, which needs a retention first', () => {
		const admin = makeActor('admin');
		recordUsage({
			userId: admin.user.id,
			teamId: null,
			module: 'home',
			action: 'view',
			at: noon(addDays(TODAY, -200))
		});
		expect(() => client().prepare('DELETE FROM usage_event').run()).toThrow(/append-only/);
		expect(fieldError(() => dropOldEvents(admin, NOW))).toMatch(/Set how many months/);
	});

	it('refuses a retention that is not a whole number of months from 1 to 120; a rep may not set one', () => {
		const admin = makeActor('admin');
		expect(fieldError(() => setRawRetention(admin, { months: '0' }))).toMatch(/at least 1/i);
		expect(fieldError(() => setRawRetention(admin, { months: '121' }))).toMatch(/120/);
		expect(fieldError(() => setRawRetention(admin, { months: '2.5' }))).toMatch(/whole/);
		expect(fieldError(() => setRawRetention(admin, { months: 'six' }))).toMatch(/number of months/);
		expect(() => setRawRetention(makeActor('rep'), { months: '6' })).toThrow();
		expect(rawRetentionSettings(admin, NOW).months).toBeNull();
	});

	it('drops only the events before the boundary, audited, and keeps every rollup through a rebuild', () => {
		const admin = makeActor('admin');
		const team = makeTeam();
		const rep = makeActor('rep', { teamId: team });
		const ev = (day: string, module: string, action: string) =>
			recordUsage({ userId: rep.user.id, teamId: team, module, action, at: noon(day) });
		const [first, second, third, fourth] = [-130, -100, -30, -5].map((n) => addDays(TODAY, n));
		ev(first, 'crm.deals', 'update'); // before the boundary: the rep's first use and first core action
		ev(second, 'crm.contacts', 'view');
		ev(third, 'crm.activities', 'create'); // after it
		ev(fourth, 'crm.deals', 'view');

		expect(setRawRetention(admin, { months: '3' })).toEqual({ months: 3, changed: true });
		expect(setRawRetention(admin, { months: '3' }).changed).toBe(false);
		expect(rawRetentionSettings(admin, NOW)).toMatchObject({ months: 3, dropsBefore: BOUNDARY });
		const before = rollups();
		const kept = client()
			.prepare('SELECT count(*) FROM usage_event WHERE at >= ?')
			.pluck()
			.get(midnight(BOUNDARY)) as number;

		const { dropped } = dropOldEvents(admin, NOW);
		expect(dropped).toBeGreaterThanOrEqual(3); // the rep's two, the admin's one, and the settings' own usage
		expect(rawEventsFrom(client())).toBe(BOUNDARY);
		// The events from the boundary on stay, with the usage events of the audited changes themselves.
		expect(events()).toBeGreaterThanOrEqual(kept);
		expect(client().prepare('SELECT min(at) FROM usage_event').pluck().get()).toBeGreaterThanOrEqual(
			midnight(BOUNDARY)
		);
		const audit = client()
			.prepare("SELECT summary FROM audit_log WHERE entity_id IN ('usage.raw_from', ?) ORDER BY id")
			.pluck()
			.all(BOUNDARY);
		expect(audit).toEqual([
			`Raw usage events before ${BOUNDARY} are dropped (3 months kept); the rollups stay`,
			`Dropped ${dropped} raw usage events before ${BOUNDARY}; the rollups stay`
		]);

		// A kept event still cannot go.
		expect(() => client().prepare('DELETE FROM usage_event').run()).toThrow(/append-only/);
		// The rollups before the boundary are as they were, and stay so through a rebuild from what is left.
		// (The rep's: the audited changes log the admin's own use meanwhile.)
		const theRep = (rows: unknown[]) =>
			rows.filter((r) => (r as { user_id: number }).user_id === rep.user.id);
		const repRollups = (r: ReturnType<typeof rollups>) => ({
			daily: theRep(r.daily),
			days: theRep(r.days),
			weeks: theRep(r.weeks)
		});
		expect(repRollups(rollups())).toEqual(repRollups(before));
		rebuildRollups(client());
		expect(repRollups(rollups())).toEqual(repRollups(before));
		// First use and first core action are known to the day before the boundary.
		const span = client()
			.prepare('SELECT first_at, first_core_at, last_core_at FROM usage_user WHERE user_id = ?')
			.get(rep.user.id);
		expect(span).toEqual({
			first_at: midnight(first),
			first_core_at: midnight(first),
			last_core_at: noon(third)
		});
		// Nothing more to drop until the boundary moves.
		expect(dropOldEvents(admin, NOW).dropped).toBe(0);
	});
});
