import { z } from 'zod';
import {
	NOTIFICATION_KIND_NAMES,
	NOTIFICATION_KINDS,
	type EmailChoice,
	type NotificationKind
} from '$lib/notifications';

/** The notification preferences form: per kind, `app:<kind>` (a checkbox) and `mail:<kind>` (a choice). */

export const appField = (kind: NotificationKind) => `app:${kind}`;
export const mailField = (kind: NotificationKind) => `mail:${kind}`;

const checkbox = z.preprocess((v) => v === 'on' || v === 'true', z.boolean());
const emailChoice = z.enum(['off', 'now', 'digest'], {
	message: 'Choose off, at once or in the daily digest.'
});

/** The kinds a person may change: mandatory ones are not in the form at all. */
export const CHANGEABLE_KINDS = NOTIFICATION_KIND_NAMES.filter(
	(k) => !('mandatory' in NOTIFICATION_KINDS[k])
);

export const preferencesForm = z
	.object(
		Object.fromEntries(
			CHANGEABLE_KINDS.flatMap((k) => [
				[appField(k), checkbox],
				[mailField(k), emailChoice]
			])
		) as Record<string, typeof checkbox | typeof emailChoice>
	)
	.transform((v) =>
		CHANGEABLE_KINDS.map((kind) => ({
			kind,
			inApp: v[appField(kind)] as boolean,
			email: v[mailField(kind)] as EmailChoice
		}))
	);

/** Field errors of a rule across fields: a digest with the inbox switched off has nothing to gather. */
export function preferenceConflicts(input: Record<string, unknown>): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const kind of CHANGEABLE_KINDS)
		if (input[appField(kind)] !== 'on' && input[mailField(kind)] === 'digest')
			errors[mailField(kind)] =
				'The daily digest gathers what is in your inbox: keep “In the app” on, or choose “At once”.';
	return errors;
}
