import { asc } from 'drizzle-orm';
import { BOARD_PERIODS, type BoardPeriod } from '$lib/engagement';
import { requireActor } from '$lib/server/auth/actor';
import { db, schema } from '$lib/server/db';
import {
	improvedBoard,
	myPoints,
	peopleBoard,
	periodKeys,
	setHidden,
	teamBoard,
	type Board
} from '$lib/server/engagement/boards';
import { listContests } from '$lib/server/engagement/contests';
import { parseId } from '$lib/server/lists';
import type { Actions, PageServerLoad } from './$types';

const BOARDS = ['people', 'teams', 'improved'] as const;
/** A whole board (people who manage engagement) shows this many rows until "Show all" is asked for. */
const FIRST_ROWS = 25;

function clip(board: Board, all: boolean): Board & { clipped: boolean } {
	if (all || !board.whole || board.rows.length <= FIRST_ROWS) return { ...board, clipped: false };
	const rows = board.rows.slice(0, FIRST_ROWS);
	const mine = board.rows.find((r) => r.you);
	return { ...board, rows, yours: mine && !rows.includes(mine) ? mine : board.yours, clipped: true };
}
type BoardKind = (typeof BOARDS)[number];

/** `?board=people|teams|improved&period=week|month&role=ID` (a role's league); unknown values are named, not trusted. */
export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireActor(locals);
	const problems: string[] = [];
	const askedPeriod = url.searchParams.get('period') ?? 'week';
	const period: BoardPeriod = askedPeriod in BOARD_PERIODS ? (askedPeriod as BoardPeriod) : 'week';
	if (period !== askedPeriod) problems.push('The period is this week or this month: showing this week.');
	const askedBoard = url.searchParams.get('board') ?? 'people';
	const board: BoardKind = (BOARDS as readonly string[]).includes(askedBoard)
		? (askedBoard as BoardKind)
		: 'people';
	if (board !== askedBoard) problems.push('There is no such board: showing people.');
	const roles = db()
		.select({ id: schema.role.id, label: schema.role.label })
		.from(schema.role)
		.orderBy(asc(schema.role.label))
		.all();
	const askedRole = url.searchParams.get('role');
	let roleId: number | null = null;
	if (askedRole) {
		roleId = parseId(askedRole);
		if (roleId === null || !roles.some((r) => r.id === roleId)) {
			problems.push('There is no such role: showing everyone.');
			roleId = null;
		}
	}
	const all = url.searchParams.get('all') === '1';
	const running = listContests().filter((c) => c.status === 'running');
	return {
		period,
		periodLabel: periodKeys(period).label,
		board,
		roleId,
		roles,
		problems,
		people: board === 'people' ? clip(peopleBoard(actor, period, roleId), all) : null,
		improved: board === 'improved' ? clip(improvedBoard(actor, period, roleId), all) : null,
		teams: board === 'teams' ? teamBoard(actor, period) : null,
		mine: myPoints(actor),
		running: running.map((c) => ({ id: c.id, name: c.name, endsOn: c.endsOn, metricLabel: c.metricLabel }))
	};
};

export const actions: Actions = {
	privacy: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const data = await request.formData();
		const hidden = data.get('hide') === 'on';
		setHidden(actor, hidden);
		return {
			saved: hidden
				? 'Your name is hidden from public boards; you still see your own place.'
				: 'Your name shows on public boards again.'
		};
	}
};
