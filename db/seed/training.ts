import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import type { Conn } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/auth/actor';
import { addDays } from '../../src/lib/server/rollout/dates';
import { reconcileCourse, ruleDueDate, type Course } from '../../src/lib/server/training/assignment';
import { phaseTeams } from '../../src/lib/server/training/audience';
import { formatSpan } from '../../src/lib/time';
import type { AttendanceStatus, EnrollmentState } from '../../src/lib/training';
import { DEMO } from './demo';
import type { Random } from './random';
import { DEMO_TEAMS, type DemoTeam } from './teams';
import { COURSES, INTRANET, MEET, type CourseDef, type SessionDef } from './training-courses';

/**
 * The demo's training history: the courses of training-courses.ts, assigned by their rules (the one
 * place that decides who is assigned, training/assignment.ts), then months of learning played out
 * relative to the anchor: sessions held and to come with rosters and attendance, completions that
 * follow each team's adoption (the lagging teams are behind on training too), overdue assignments,
 * a full session with a waitlist, a cancelled one, and a trainer booked twice at once.
 */

export interface TrainingPerson {
	id: number;
	role: string;
	team: string | null;
	title: string;
	propensity: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

interface Session {
	id: number;
	def: SessionDef;
	trainerId: number;
	startsAt: number;
	endsAt: number;
	place: string;
	capacity: number;
	past: boolean;
	createdAt: number;
	/** When it was cancelled (cancelled sessions only). */
	cancelledAt: number | null;
	seats: Map<number, 'enrolled' | 'waitlisted'>;
}

type CourseEntry = { row: Course; def: CourseDef; createdAt: number };

interface Plan {
	id: number;
	person: TrainingPerson;
	team: DemoTeam | undefined;
	source: 'rule' | 'hand';
	state: EnrollmentState;
	assignedAt: number;
	dueDate: string | null;
	submittedAt: number | null;
	completedAt: number | null;
	completedBy: number | null;
	score: number | null;
	sessionId: number | null;
	withdrawnAt: number | null;
	/** Seated in a session held but not yet marked: not booked into another. */
	awaitingMarks?: boolean;
	touchedAt: number;
}

/** Optional courses the trainers assigned by hand: to whom, and due how many days later. */
const HAND: Record<string, { who: (people: TrainingPerson[]) => TrainingPerson[]; dueDays?: number }> = {
	// The teams still selling from spreadsheets.
	'spreadsheet-to-crm': {
		who: (people) => [
			...people.filter((p) => p.role === 'rep' && p.team === 'Sales South'),
			...people.filter((p) => p.role === 'rep' && p.team === 'Key Accounts').slice(0, 3)
		],
		dueDays: 40
	},
	// The keenest users, who asked for more.
	'search-and-lists': {
		who: (people) =>
			people
				.filter(
					(p) =>
						p.role === 'rep' && ['Sales North', 'Inside Sales', 'Customer Service'].includes(p.team ?? '')
				)
				.sort((a, b) => b.propensity - a.propensity)
				.slice(0, 8)
	}
};

/** Analysts of the sales teams were reps when the sales course was assigned: theirs was withdrawn. */
const CHANGED_ROLE = {
	course: 'crm-basics-sales',
	teams: ['Sales North', 'Inside Sales', 'Key Accounts', 'Sales South']
};

const REMARKS: Record<AttendanceStatus, string[]> = {
	present: ['', '', '', '', '', '', '', '', '', 'Stayed for the questions at the end'],
	late: ['Arrived 20 minutes late', 'Joined after the first break', 'Came straight from a customer visit'],
	excused: ['Customer visit that could not be moved', 'Ill', 'Month-end closing', 'On leave'],
	absent: ['', '', 'No notice given']
};

/** Share of a team's people who do their training on time: the same order as the team's adoption. */
function completionRate(team: DemoTeam | undefined, person: TrainingPerson): number {
	const base = !team
		? 0.8
		: team.pilot
			? 0.93
			: team.fades
				? 0.3 + 0.3 * team.plateau
				: 0.5 + 0.45 * team.plateau;
	return person.propensity === 0 ? base * 0.25 : base;
}

/**
 * Runs a synchronous write as if the clock said `at`: the rule then assigns people, dates their due
 * dates and writes its audit rows on the day the course was created, months ago, as it would have.
 */
function asOf<T>(at: number, write: () => T): T {
	const clock = Date.now;
	Date.now = () => at;
	try {
		return write();
	} finally {
		Date.now = clock;
	}
}

function seedActor(tx: Conn): Actor {
	const u = tx.select().from(schema.user).where(eq(schema.user.email, DEMO.adminEmail)).get()!;
	const r = tx.select().from(schema.role).where(eq(schema.role.id, u.roleId)).get()!;
	const team =
		u.teamId === null
			? undefined
			: tx.select({ name: schema.team.name }).from(schema.team).where(eq(schema.team.id, u.teamId)).get();
	return {
		user: {
			id: u.id,
			email: u.email,
			name: u.name,
			active: u.active,
			teamId: u.teamId,
			locale: u.locale,
			roleId: r.id,
			roleName: r.name,
			roleLabel: r.label,
			permissions: r.permissions,
			scope: r.scope,
			canExport: r.canExport,
			teamName: team?.name ?? null
		},
		requestId: 'seed',
		ip: ''
	};
}

export function seedTraining(
	tx: Conn,
	client: Database.Database,
	random: Random,
	people: TrainingPerson[],
	teamIds: Map<string, number>,
	now: number
) {
	const anchorDay = Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`);
	const dayStart = (offset: number) => anchorDay + offset * DAY;
	const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
	const between = (lo: number, hi: number) => lo + Math.floor(random.next() * Math.max(0, hi - lo));
	const shuffle = <T>(items: T[]) => {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = random.int(0, i);
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	};
	const byId = new Map(people.map((p) => [p.id, p]));
	const teamOf = (p: TrainingPerson) => DEMO_TEAMS.find((t) => t.name === p.team);
	const trainers = people.filter((p) => p.role === 'trainer');
	const trainerAt = (index: number) => trainers[index % trainers.length];
	const actor = seedActor(tx);
	const roles = new Map(
		tx
			.select({ id: schema.role.id, name: schema.role.name })
			.from(schema.role)
			.all()
			.map((r) => [r.name, r.id])
	);
	const phaseIds = client.prepare('SELECT id FROM phase ORDER BY position').pluck().all() as number[];
	const phases = phaseTeams(tx);

	// Courses, each assigned by its own rule as a trainer saving it would.
	const courses = new Map<string, CourseEntry>();
	for (const def of COURSES) {
		const owner = trainerAt(def.owner);
		const createdAt = dayStart(def.created) + 8 * HOUR + random.int(0, 6 * 60) * MINUTE;
		const row = tx
			.insert(schema.course)
			.values({
				title: def.title,
				description: def.description,
				format: def.format,
				durationMinutes: def.minutes,
				modules: def.modules,
				materials: def.materials.map(([label, file]) => ({ label, url: `${INTRANET}/${file}` })),
				prerequisites: (def.prerequisites ?? []).map((key) => courses.get(key)!.row.id),
				required: def.required,
				audience: {
					roles: (def.audience.roles ?? []).map((name) => roles.get(name)!),
					teams: (def.audience.teams ?? []).map((name) => teamIds.get(name)!),
					projectRoles: def.audience.projectRoles ?? [],
					phases: (def.audience.phases ?? []).map((position) => phaseIds[position - 1])
				},
				dueDays: def.dueDays ?? null,
				dueBeforePhaseDays: def.dueBeforePhaseDays ?? null,
				completion: def.completion ?? 'learner',
				passMark: def.passMark ?? null,
				ownerId: owner.id,
				teamId: owner.team ? (teamIds.get(owner.team) ?? null) : null,
				createdAt,
				updatedAt: createdAt
			})
			.returning()
			.get();
		asOf(createdAt, () => reconcileCourse(tx, actor, row));
		courses.set(def.key, { row, def, createdAt });
	}

	const insertEnrollment = client.prepare(
		'INSERT INTO enrollment (user_id, course_id, source, state, assigned_at, due_date) VALUES (?, ?, ?, ?, ?, ?)'
	);
	for (const [key, hand] of Object.entries(HAND)) {
		const { row, createdAt } = courses.get(key)!;
		for (const p of hand.who(people)) {
			const at = createdAt + random.int(1, 90) * MINUTE;
			const due = hand.dueDays ? addDays(dayOf(at), hand.dueDays) : null;
			insertEnrollment.run(p.id, row.id, 'hand', 'assigned', at, due);
		}
	}
	const moved = courses.get(CHANGED_ROLE.course)!;
	for (const p of people.filter((p) => p.role === 'viewer' && CHANGED_ROLE.teams.includes(p.team ?? ''))) {
		const teamId = p.team ? (teamIds.get(p.team) ?? null) : null;
		const due = ruleDueDate(moved.row, { teamId }, phases, dayOf(moved.createdAt));
		insertEnrollment.run(p.id, moved.row.id, 'rule', 'withdrawn', moved.createdAt, due);
	}

	// Sessions: on working days, no trainer or room booked twice (but for the one deliberate clash).
	const insertSession = client.prepare(
		`INSERT INTO training_session (course_id, trainer_id, team_id, starts_at, ends_at, place, link, capacity, status, sequence, created_at, updated_at, version)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const sessionsOf = new Map<string, Session[]>();
	const booked: Session[] = [];
	const free = (trainerId: number, place: string, start: number, end: number) =>
		!booked.some(
			(b) =>
				b.startsAt < end &&
				start < b.endsAt &&
				(b.trainerId === trainerId || (place !== '' && b.place === place))
		);
	const workday = (offset: number, back: boolean) => {
		while ([0, 6].includes(new Date(dayStart(offset)).getUTCDay())) offset += back ? -1 : 1;
		return offset;
	};
	const addSession = (c: CourseEntry, s: SessionDef, index: number, trainerId: number, startsAt: number) => {
		const endsAt = startsAt + c.def.minutes * MINUTE;
		const past = startsAt < now;
		const place = c.def.format === 'classroom' ? (s.place ?? '') : '';
		const link = c.def.format === 'live_online' ? `${MEET}/${c.def.key}-${index + 1}` : '';
		const createdAt = Math.max(
			c.createdAt + HOUR,
			past ? startsAt - random.int(14, 30) * DAY : now - random.int(5, 20) * DAY
		);
		const cancelledAt = s.cancelled ? now - random.int(4, 20) * HOUR : null;
		const updatedAt = cancelledAt ?? createdAt;
		const trainer = byId.get(trainerId)!;
		const id = insertSession.run(
			c.row.id,
			trainerId,
			trainer.team ? (teamIds.get(trainer.team) ?? null) : null,
			startsAt,
			endsAt,
			place,
			link,
			s.capacity,
			s.cancelled ? 'cancelled' : 'scheduled',
			s.cancelled ? 1 : 0,
			createdAt,
			updatedAt,
			s.cancelled ? 2 : 1
		).lastInsertRowid as number;
		const session: Session = {
			id,
			def: s,
			trainerId,
			startsAt,
			endsAt,
			place,
			capacity: s.capacity,
			past,
			createdAt,
			cancelledAt,
			seats: new Map()
		};
		booked.push(session);
		sessionsOf.set(c.def.key, [...(sessionsOf.get(c.def.key) ?? []), session]);
		return session;
	};
	const clashes: [CourseEntry, SessionDef, number][] = [];
	for (const def of COURSES) {
		const c = courses.get(def.key)!;
		for (const [index, s] of (def.sessions ?? []).entries()) {
			if (s.clashWith) {
				clashes.push([c, s, index]);
				continue;
			}
			const back = s.day < 0;
			const first = s.trainer ?? def.owner;
			const order = [first, first + 1, first + 2].map(trainerAt);
			for (let day = workday(s.day, back); ; day = workday(day + (back ? -1 : 1), back)) {
				const start = dayStart(day) + s.hour * HOUR;
				const end = start + def.minutes * MINUTE;
				const trainer = order.find((t) => free(t.id, s.place ?? '', start, end));
				if (trainer) {
					addSession(c, s, index, trainer.id, start);
					break;
				}
			}
		}
	}
	for (const [course, s, index] of clashes) {
		const other = sessionsOf.get(s.clashWith!)!.find((x) => !x.past && !x.def.full && !x.def.cancelled)!;
		addSession(course, s, index, other.trainerId, other.startsAt + HOUR);
	}

	// Every enrollment's history, course by course.
	const rows = client
		.prepare(
			`SELECT id, user_id AS userId, course_id AS courseId, source, state, assigned_at AS assignedAt,
			 due_date AS dueDate FROM enrollment ORDER BY id`
		)
		.all() as {
		id: number;
		userId: number;
		courseId: number;
		source: 'rule' | 'hand';
		state: EnrollmentState;
		assignedAt: number;
		dueDate: string | null;
	}[];
	const plansOf = new Map<number, Plan[]>();
	for (const r of rows) {
		const person = byId.get(r.userId)!;
		const plan: Plan = {
			id: r.id,
			person,
			team: teamOf(person),
			source: r.source,
			state: r.state === 'withdrawn' ? 'withdrawn' : 'assigned',
			assignedAt: r.assignedAt,
			dueDate: r.dueDate,
			submittedAt: null,
			completedAt: null,
			completedBy: null,
			score: null,
			sessionId: null,
			withdrawnAt: null,
			touchedAt: r.assignedAt
		};
		plansOf.set(r.courseId, [...(plansOf.get(r.courseId) ?? []), plan]);
	}

	const seatRows: [sessionId: number, userId: number, status: string, requestedAt: number][] = [];
	const marks: [
		sessionId: number,
		userId: number,
		status: AttendanceStatus,
		remark: string,
		by: number,
		at: number
	][] = [];
	const enrolled = (s: Session) => [...s.seats.values()].filter((v) => v === 'enrolled').length;
	/** When a person asked for a place: after the session was announced and they were assigned, before it starts. */
	const asked = (p: Plan, s: Session) => {
		const hi = (s.past ? s.startsAt : (s.cancelledAt ?? now)) - HOUR;
		return between(Math.max(p.assignedAt + HOUR, s.createdAt + HOUR, hi - 20 * DAY), hi);
	};
	const seat = (s: Session, p: Plan, status: 'enrolled' | 'waitlisted', requestedAt = asked(p, s)) => {
		s.seats.set(p.person.id, status);
		seatRows.push([s.id, p.person.id, status, requestedAt]);
		p.state = 'in_progress';
		p.touchedAt = Math.max(p.touchedAt, requestedAt);
	};
	const attend = (s: Session, p: Plan, status: AttendanceStatus) => {
		seat(s, p, 'enrolled');
		const at = s.endsAt + random.int(5, 180) * MINUTE;
		marks.push([s.id, p.person.id, status, random.pick(REMARKS[status]), s.trainerId, at]);
		p.touchedAt = Math.max(p.touchedAt, at);
		if (status === 'present' || status === 'late')
			Object.assign(p, {
				state: 'completed',
				completedAt: s.endsAt,
				completedBy: s.trainerId,
				sessionId: s.id
			});
	};
	/** A session held after the person was assigned, with a free seat, at their office when there is one. */
	const heldFor = (p: Plan, sessions: Session[], before = Infinity) => {
		const open = sessions.filter(
			(s) =>
				s.past &&
				!s.def.unmarked &&
				!s.def.cancelled &&
				s.startsAt > p.assignedAt + DAY &&
				s.startsAt < before &&
				enrolled(s) < s.capacity &&
				(!s.def.teams || s.def.teams.includes(p.person.team ?? ''))
		);
		const local = open.filter((s) => s.def.teams?.includes(p.person.team ?? ''));
		return local.length && random.chance(0.8)
			? random.pick(local)
			: open.length
				? random.pick(open)
				: undefined;
	};

	for (const def of COURSES) {
		const { row } = courses.get(def.key)!;
		const plans = plansOf.get(row.id) ?? [];
		const sessions = sessionsOf.get(def.key) ?? [];
		for (const p of plans) {
			// One of the keen users gave the optional course back.
			if (def.key === 'search-and-lists' && p === plans.at(-1)) p.state = 'withdrawn';
			if (p.state === 'withdrawn') {
				p.withdrawnAt = p.assignedAt + random.int(20, 60) * DAY;
				continue;
			}
			const willComplete = random.chance(completionRate(p.team, p.person) * def.progress);
			if (sessions.length) {
				const held = willComplete ? heldFor(p, sessions) : undefined;
				if (held) {
					const missed = random.chance(0.12) ? heldFor(p, sessions, held.startsAt) : undefined;
					if (missed) attend(missed, p, random.chance(0.6) ? 'absent' : 'excused');
					attend(held, p, random.chance(0.85) ? 'present' : 'late');
					continue;
				}
				if (def.archivedDay !== undefined) continue; // withdrawn at archiving: no seat kept
				const unmarked = sessions.find(
					(s) => s.past && s.def.unmarked && s.startsAt > p.assignedAt + DAY && enrolled(s) < s.capacity
				);
				if (unmarked && random.chance(0.35)) {
					seat(unmarked, p, 'enrolled');
					p.awaitingMarks = true;
				} else if (random.chance(0.25)) {
					const missed = heldFor(p, sessions);
					if (missed) attend(missed, p, random.chance(0.6) ? 'absent' : 'excused');
				}
				continue;
			}
			const lo = p.assignedAt + HOUR;
			if (willComplete) {
				const deadline = p.dueDate ? Date.parse(`${p.dueDate}T16:00:00Z`) : p.assignedAt + 30 * DAY;
				let hi = Math.min(now - HOUR, p.team?.fades ? deadline + 30 * DAY : deadline);
				if (hi <= lo) hi = now - HOUR;
				const at = between(lo, hi);
				p.state = 'completed';
				p.completedAt = at;
				p.completedBy = def.completion === 'trainer' ? row.ownerId : p.person.id;
				if (def.completion === 'trainer') p.submittedAt = Math.max(lo, at - random.int(1, 4) * DAY);
				if (def.passMark) p.score = random.int(def.passMark, 100);
				p.touchedAt = at;
			} else if (random.chance(def.completion === 'trainer' ? 0.6 : 0.35)) {
				p.state = 'in_progress';
				p.touchedAt = between(lo, now - HOUR);
				// Handed in, waiting for the trainer to confirm it.
				if (def.completion === 'trainer' && random.chance(0.6)) p.submittedAt = p.touchedAt;
			}
		}
		if (def.archivedDay !== undefined)
			for (const p of plans)
				if (p.state !== 'completed' && p.state !== 'withdrawn')
					Object.assign(p, { state: 'withdrawn', withdrawnAt: dayStart(def.archivedDay) + 10 * HOUR });
		bookUpcoming(
			plans.filter((p) => (p.state === 'assigned' || p.state === 'in_progress') && !p.awaitingMarks),
			sessions.filter((s) => !s.past)
		);
	}

	/** Places in sessions to come: a booked-out one with a waitlist first, the cancelled one, then the rest. */
	function bookUpcoming(open: Plan[], upcoming: Session[]) {
		if (!upcoming.length) return;
		const queue = shuffle(open);
		for (const s of upcoming.filter((x) => x.def.full)) {
			const requests = queue
				.splice(0, s.capacity + 3)
				.map((p) => ({ p, at: asked(p, s) }))
				.sort((a, b) => a.at - b.at);
			requests.forEach(({ p, at }, i) => seat(s, p, i < s.capacity ? 'enrolled' : 'waitlisted', at));
		}
		for (const s of upcoming.filter((x) => x.def.cancelled))
			for (const p of queue.splice(0, random.int(4, 6))) seat(s, p, 'enrolled');
		const rest = upcoming.filter((x) => !x.def.full && !x.def.cancelled);
		for (const p of queue) {
			if (!random.chance(p.team?.fades ? 0.35 : 0.55)) continue;
			const room = rest.filter(
				(s) =>
					enrolled(s) < Math.ceil(s.capacity * 0.8) &&
					(!s.def.teams || s.def.teams.includes(p.person.team ?? ''))
			);
			if (room.length) seat(random.pick(room), p, 'enrolled');
		}
	}

	// Written in bulk: seats, attendance, enrollments, the cancelled session's notices.
	const insertSeat = client.prepare(
		'INSERT INTO session_seat (session_id, user_id, status, requested_at, created_at) VALUES (?, ?, ?, ?, ?)'
	);
	for (const [sessionId, userId, status, at] of seatRows) insertSeat.run(sessionId, userId, status, at, at);
	const insertMark = client.prepare(
		'INSERT INTO attendance (session_id, user_id, status, remark, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)'
	);
	for (const m of marks) insertMark.run(...m);
	const updateEnrollment = client.prepare(
		`UPDATE enrollment SET state = ?, assigned_at = ?, due_date = ?, submitted_at = ?, completed_at = ?, score = ?,
		 completed_by = ?, session_id = ?, withdrawn_at = ?, created_at = ?, updated_at = ? WHERE id = ?`
	);
	let total = 0;
	for (const plans of plansOf.values())
		for (const p of plans) {
			total++;
			updateEnrollment.run(
				p.state,
				p.assignedAt,
				p.dueDate,
				p.submittedAt,
				p.completedAt,
				p.score,
				p.completedBy,
				p.sessionId,
				p.withdrawnAt,
				p.assignedAt,
				Math.max(p.touchedAt, p.withdrawnAt ?? 0),
				p.id
			);
		}
	const insertNotice = client.prepare(
		'INSERT INTO training_notice (user_id, session_id, text, created_at) VALUES (?, ?, ?, ?)'
	);
	for (const def of COURSES)
		for (const s of sessionsOf.get(def.key) ?? [])
			if (s.def.cancelled)
				for (const userId of s.seats.keys())
					insertNotice.run(
						userId,
						s.id,
						`The session of “${def.title}” on ${formatSpan(s.startsAt, s.endsAt, 'UTC')} (UTC) is cancelled: ${s.def.cancelled}. Choose another session in My training.`,
						s.cancelledAt
					);
	const archive = client.prepare('UPDATE course SET archived = 1, updated_at = ?, version = 2 WHERE id = ?');
	for (const def of COURSES)
		if (def.archivedDay !== undefined)
			archive.run(dayStart(def.archivedDay) + 10 * HOUR, courses.get(def.key)!.row.id);

	// Training gates the sales phase's exit and the service phase's entry, measured live.
	const criterion = client.prepare(
		`INSERT INTO phase_criterion (phase_id, kind, text, done, position, measure, threshold)
		 VALUES (?, ?, ?, 0, (SELECT coalesce(max(position), 0) + 1 FROM phase_criterion), 'training', ?)`
	);
	if (phaseIds[1])
		criterion.run(phaseIds[1], 'exit', 'Required training completed by 85 % of the phase’s teams', 85);
	if (phaseIds[2])
		criterion.run(phaseIds[2], 'entry', 'Required training completed by 70 % of the phase’s teams', 70);

	return { courses: courses.size, sessions: booked.length, enrollments: total };
}
