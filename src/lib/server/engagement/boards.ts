import { can } from '../access/policy';
import { utcDay, weekOf } from '../audit/usage';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { PUBLIC_TOP, type Board, type BoardPeriod, type BoardRow, type LedgerEntry } from '$lib/engagement';

/**
 * Leaderboards from `points_period` (one row per person and week or month):
 *
 * - people: points in the period, ranked (ties share a rank: 1, 2, 2, 4), optionally one role's league;
 * - most improved: the period's points less the person's own previous period's;
 * - teams: the points of the team's current active members ÷ those members (per head), so that a
 *   small team competes with a large one on equal terms.
 *
 * Only active (licensed) people count. A public board shows the top PUBLIC_TOP and your own position;
 * people who manage engagement see the whole board. Someone who hid their name shows as "Name hidden"
 * on every board, the whole one too (a manager's screen at a sales meeting is public),
 * to everyone but themselves (and keeps their rank).
 */

export interface PeriodKeys {
	current: string;
	previous: string;
	from: string;
	to: string;
	label: string;
}

const DAY = 86_400_000;

/** The period keys of `points_period` for this week or month, and the one before. */
export function periodKeys(period: BoardPeriod, today = utcDay(Date.now())): PeriodKeys {
	if (period === 'week') {
		const monday = weekOf(today);
		const before = utcDay(Date.parse(monday) - 7 * DAY);
		return {
			current: `w:${monday}`,
			previous: `w:${before}`,
			from: monday,
			to: utcDay(Date.parse(monday) + 6 * DAY),
			label: `week of ${monday}`
		};
	}
	const month = today.slice(0, 7);
	const first = Date.parse(`${month}-01T00:00:00Z`);
	const previous = utcDay(first - DAY).slice(0, 7);
	const next = new Date(first);
	next.setUTCMonth(next.getUTCMonth() + 1);
	return {
		current: `m:${month}`,
		previous: `m:${previous}`,
		from: `${month}-01`,
		to: utcDay(next.getTime() - DAY),
		label: new Date(first).toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })
	};
}

interface Ranked {
	userId: number;
	name: string;
	team: string | null;
	role: string;
	hidden: number;
	points: number;
}

/** Competition ranking: equal scores share a rank, the next rank skips. */
export function rankBy<T>(rows: T[], score: (row: T) => number): (T & { rank: number })[] {
	const sorted = [...rows].sort((a, b) => score(b) - score(a));
	let rank = 0;
	return sorted.map((row, i) => {
		if (i === 0 || score(row) !== score(sorted[i - 1])) rank = i + 1;
		return { ...row, rank };
	});
}

function board(actor: Actor, ranked: (Ranked & { rank: number })[]): Board {
	const whole = can(actor.user, 'engagement.manage');
	const shown = (r: Ranked & { rank: number }): BoardRow => ({
		rank: r.rank,
		userId: r.userId,
		name: r.hidden && r.userId !== actor.user.id ? 'Name hidden' : r.name,
		team: r.team,
		role: r.role,
		points: r.points,
		you: r.userId === actor.user.id
	});
	const rows = (whole ? ranked : ranked.slice(0, PUBLIC_TOP)).map(shown);
	const mine = ranked.find((r) => r.userId === actor.user.id);
	return {
		rows,
		yours: mine && !rows.some((r) => r.you) ? shown(mine) : null,
		ranked: ranked.length,
		whole
	};
}

type Scored = Omit<Ranked, 'points'> & { score: number };
const points = ({ score, ...r }: Scored): Ranked => ({ ...r, points: score });

/** Active people with their points (`points`, an SQL expression) in the periods `periods` selects. */
function peopleSql(points: string, periods: string): string {
	return `SELECT * FROM (SELECT u.id AS userId, u.name AS name, t.name AS team, r.label AS role,
		coalesce(e.hide_from_boards, 0) AS hidden, ${points} AS score
		FROM points_period p JOIN user u ON u.id = p.user_id AND u.active = 1
		JOIN role r ON r.id = u.role_id LEFT JOIN team t ON t.id = u.team_id
		LEFT JOIN engagement_pref e ON e.user_id = u.id
		WHERE ${periods} AND (? IS NULL OR u.role_id = ?)
		GROUP BY u.id) WHERE score > 0`;
}

/** People ranked by points in the period (`roleId`: one role's league). */
export function peopleBoard(actor: Actor, period: BoardPeriod, roleId: number | null = null): Board {
	const keys = periodKeys(period);
	const rows = db()
		.$client.prepare(peopleSql('sum(p.points)', 'p.period = ?'))
		.all(keys.current, roleId, roleId) as Scored[];
	return board(
		actor,
		rankBy(rows.map(points), (r) => r.points)
	);
}

/** People ranked by how much more they earned than in their own previous period. */
export function improvedBoard(actor: Actor, period: BoardPeriod, roleId: number | null = null): Board {
	const keys = periodKeys(period);
	const rows = db()
		.$client.prepare(
			peopleSql('sum(CASE WHEN p.period = ? THEN p.points ELSE -p.points END)', 'p.period IN (?, ?)')
		)
		.all(keys.current, keys.current, keys.previous, roleId, roleId) as Scored[];
	return board(
		actor,
		rankBy(rows.map(points), (r) => r.points)
	);
}

export interface TeamRow {
	rank: number;
	teamId: number;
	name: string;
	heads: number;
	points: number;
	perHead: number;
	yours: boolean;
}

/** Teams ranked by points per active member in the period. */
export function teamBoard(actor: Actor, period: BoardPeriod): TeamRow[] {
	const keys = periodKeys(period);
	const rows = db()
		.$client.prepare(
			`SELECT t.id AS teamId, t.name AS name, count(u.id) AS heads, coalesce(sum(p.points), 0) AS points
			 FROM team t JOIN user u ON u.team_id = t.id AND u.active = 1
			 LEFT JOIN points_period p ON p.user_id = u.id AND p.period = ?
			 GROUP BY t.id`
		)
		.all(keys.current) as { teamId: number; name: string; heads: number; points: number }[];
	return rankBy(
		rows.map((r) => ({
			...r,
			perHead: Math.round((r.points / r.heads) * 10) / 10,
			yours: r.teamId === actor.user.teamId
		})),
		(r) => r.perHead
	);
}

/** A person's points this week and month, and their recent ledger (why each point was given or taken). */
export function myPoints(actor: Actor, limit = 20) {
	const client = db().$client;
	const week = periodKeys('week');
	const month = periodKeys('month');
	const total = (key: string) =>
		(client
			.prepare('SELECT points FROM points_period WHERE period = ? AND user_id = ?')
			.pluck()
			.get(key, actor.user.id) as number | undefined) ?? 0;
	const ledger = client
		.prepare(
			`SELECT id, at, action, points, counted, reason, reversed FROM points_ledger
			 WHERE user_id = ? ORDER BY id DESC LIMIT ?`
		)
		.all(actor.user.id, limit) as (Omit<LedgerEntry, 'reversed'> & { reversed: number })[];
	const badges = client
		.prepare(
			`SELECT b.name AS name, b.description AS description, count(*) AS times, max(a.at) AS lastAt
			 FROM badge_award a JOIN badge b ON b.id = a.badge_id WHERE a.user_id = ? GROUP BY b.id ORDER BY lastAt DESC`
		)
		.all(actor.user.id) as { name: string; description: string; times: number; lastAt: number }[];
	const hidden =
		(client
			.prepare('SELECT hide_from_boards FROM engagement_pref WHERE user_id = ?')
			.pluck()
			.get(actor.user.id) as number | undefined) === 1;
	return {
		week: total(week.current),
		month: total(month.current),
		ledger: ledger.map((l): LedgerEntry => ({ ...l, reversed: l.reversed === 1 })),
		badges,
		hidden
	};
}

/** Hides or shows the person's name on public boards (their own choice; not a domain record). */
export function setHidden(actor: Actor, hidden: boolean): void {
	db()
		.$client.prepare(
			`INSERT INTO engagement_pref (user_id, hide_from_boards, updated_at) VALUES (?, ?, ?)
			 ON CONFLICT (user_id) DO UPDATE SET hide_from_boards = excluded.hide_from_boards, updated_at = excluded.updated_at`
		)
		.run(actor.user.id, hidden ? 1 : 0, Date.now());
}

export type { Board, BoardRow };
