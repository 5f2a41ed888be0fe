/**
 * The training area's vocabulary: course formats, enrollment and attendance states, and their labels.
 * Browser-safe; the rules live in $lib/server/training.
 */

export const COURSE_FORMATS = ['classroom', 'live_online', 'self_paced', 'link'] as const;
export type CourseFormat = (typeof COURSE_FORMATS)[number];
export const COURSE_FORMAT_LABELS: Record<CourseFormat, string> = {
	classroom: 'Classroom',
	live_online: 'Live online',
	self_paced: 'Self-paced',
	link: 'Document or video'
};
/** Formats taught in sessions with a trainer, a time and seats. */
export const SESSION_FORMATS: readonly CourseFormat[] = ['classroom', 'live_online'];

/** Who completes a course that has no sessions: the learner, or the learner with the trainer's confirmation. */
export const COMPLETIONS = ['learner', 'trainer'] as const;
export type Completion = (typeof COMPLETIONS)[number];

export const ENROLLMENT_STATES = ['assigned', 'in_progress', 'completed', 'withdrawn'] as const;
export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];
export const ENROLLMENT_STATE_LABELS: Record<EnrollmentState, string> = {
	assigned: 'Assigned',
	in_progress: 'In progress',
	completed: 'Completed',
	withdrawn: 'Withdrawn'
};

export const ENROLLMENT_SOURCES = ['rule', 'hand'] as const;
export type EnrollmentSource = (typeof ENROLLMENT_SOURCES)[number];

export const SEAT_STATUSES = ['enrolled', 'waitlisted'] as const;
export type SeatStatus = (typeof SEAT_STATUSES)[number];

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
	present: 'Present',
	late: 'Late',
	excused: 'Excused',
	absent: 'Absent'
};
/** Attendance that completes the session's course at once. */
export const ATTENDED: readonly AttendanceStatus[] = ['present', 'late'];

/** A course's audience: who a required course is assigned to (see training/audience.ts). */
export interface Audience {
	/** Role ids (built-in and custom). */
	roles: number[];
	teams: number[];
	/** Rollout roles (key user, champion, …). */
	projectRoles: string[];
	/** Phases: the people of the phase's teams. */
	phases: number[];
}

/** A link a course hands its learners. */
export interface Material {
	label: string;
	url: string;
}
