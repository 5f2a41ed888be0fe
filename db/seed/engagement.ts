import type Database from 'better-sqlite3';
import type { Db } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { utcDay } from '../../src/lib/server/audit/usage';
import { endContest, startContest } from '../../src/lib/server/engagement/contests';
import { replaySeason } from '../../src/lib/server/engagement/season';
import { schedule } from '../../src/lib/server/jobs';

/**
 * The demo's engagement: a season of points (the last 13 weeks of the CRM work the seed recorded, given
 * by the default rules, so careless records earn nothing and say why), a finished contest between two
 * virtual sales teams and a running one between the service teams, and a few people who hid their name.
 */

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
const DAY = 86_400_000;

export function seedEngagement(
	tx: Tx,
	client: Database.Database,
	teamIds: Map<string, number>,
	adminId: number,
	hidden: number[],
	anchor: number
): number {
	const today = Date.UTC(
		new Date(anchor).getUTCFullYear(),
		new Date(anchor).getUTCMonth(),
		new Date(anchor).getUTCDate()
	);
	const awards = replaySeason(client, today - 91 * DAY);
	for (const userId of hidden)
		tx.insert(schema.engagementPref).values({ userId, hideFromBoards: true }).run();
	const team = (name: string) => teamIds.get(name)!;
	const contest = (values: {
		name: string;
		description: string;
		metric: string;
		from: number;
		to: number;
		target: number | null;
		prizes: string;
		kind?: 'team' | 'individual';
		sides: [string, string[]][];
	}) => {
		const c = tx
			.insert(schema.contest)
			.values({
				name: values.name,
				description: values.description,
				kind: values.kind ?? 'team',
				metric: values.metric as 'points',
				startsOn: utcDay(today + values.from * DAY),
				endsOn: utcDay(today + values.to * DAY),
				target: values.target,
				prizes: values.prizes,
				createdBy: adminId,
				createdAt: today + (values.from - 7) * DAY
			})
			.returning()
			.get();
		for (const [name, teams] of values.sides) {
			const side = tx.insert(schema.contestTeam).values({ contestId: c.id, name }).returning().get();
			for (const t of teams)
				tx.insert(schema.contestTeamMember)
					.values({ contestId: c.id, contestTeamId: side.id, teamId: team(t) })
					.run();
		}
		return c;
	};
	const finished = contest({
		name: 'Autumn pipeline sprint',
		description: 'Clean deals in the pipeline: every deal with its amount, close date and contact counts.',
		metric: 'points',
		from: -35,
		to: -22,
		target: 60,
		prizes: 'Team lunch for the winning side; a day off for its top scorer.',
		sides: [
			['North & Key Accounts', ['Sales North', 'Key Accounts']],
			['South & Inside', ['Sales South', 'Inside Sales']]
		]
	});
	startContest(tx, finished.id);
	endContest(tx, finished.id);
	const running = contest({
		name: 'Service resolution fortnight',
		description: 'Cases resolved with their contact and company filled, team against team, per head.',
		metric: 'action:case.closed',
		from: -5,
		to: 8,
		target: 12,
		prizes: 'Breakfast for the winning team, and the trophy on its desk for a month.',
		sides: [
			['Customer Service', ['Customer Service']],
			['Field Service', ['Field Service']]
		]
	});
	startContest(tx, running.id);
	schedule(tx, {
		kind: 'contest.end',
		key: `contest.end:${running.id}`,
		runAt: Date.parse(`${running.endsOn}T00:00:00Z`) + DAY,
		payload: { id: running.id }
	});
	const upcoming = contest({
		name: 'January call blitz',
		description: 'Every call logged against a contact, company or deal: reps against reps.',
		metric: 'action:activity.logged',
		kind: 'individual',
		from: 20,
		to: 33,
		target: 40,
		prizes: 'Vouchers for the top three.',
		sides: [['Sales', ['Sales North', 'Sales South', 'Inside Sales', 'Key Accounts']]]
	});
	schedule(tx, {
		kind: 'contest.start',
		key: `contest.start:${upcoming.id}`,
		runAt: Date.parse(`${upcoming.startsOn}T00:00:00Z`),
		payload: { id: upcoming.id }
	});
	schedule(tx, {
		kind: 'contest.end',
		key: `contest.end:${upcoming.id}`,
		runAt: Date.parse(`${upcoming.endsOn}T00:00:00Z`) + DAY,
		payload: { id: upcoming.id }
	});
	return awards;
}
