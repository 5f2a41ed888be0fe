import { eq } from 'drizzle-orm';
import { NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS, type NotificationKind } from '$lib/notifications';
import { preferenceConflicts, preferencesForm } from '$lib/schemas/notifications';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { db, schema } from '../db';
import { parse } from '../validation';
import { effectiveChoice, type Choice } from '.';
import { mailEnabled } from './mail';

/** A person's own choices per kind of notification: in the app, and e-mail off / at once / daily digest. */

const { notificationPref } = schema;

export interface PreferenceRow extends Choice {
	kind: NotificationKind;
	label: string;
	area: string;
	mandatory: boolean;
	mandatoryReason: string;
}

function stored(userId: number): Map<string, Choice> {
	return new Map(
		db()
			.select()
			.from(notificationPref)
			.where(eq(notificationPref.userId, userId))
			.all()
			.map((p) => [p.kind, { inApp: p.inApp, email: p.email }])
	);
}

export function preferences(actor: Actor): { rows: PreferenceRow[]; mail: boolean } {
	const mine = stored(actor.user.id);
	const rows = NOTIFICATION_KIND_NAMES.map((kind) => {
		const info = NOTIFICATION_KINDS[kind];
		const mandatory = 'mandatory' in info && !!info.mandatory;
		return {
			kind,
			label: info.label,
			area: info.area,
			mandatory,
			mandatoryReason: mandatory && 'mandatoryReason' in info ? info.mandatoryReason : '',
			...effectiveChoice(kind, mine.get(kind))
		};
	});
	return { rows, mail: mailEnabled() };
}

/** Saves the actor's choices for every kind they may change (one audit row with before and after). */
export function savePreferences(actor: Actor, input: Record<string, unknown>): void {
	const prefs = parse(preferencesForm, input, preferenceConflicts(input));
	const userId = actor.user.id;
	db().transaction((tx) => {
		const before = Object.fromEntries(stored(userId));
		const now = Date.now();
		for (const p of prefs)
			tx.insert(notificationPref)
				.values({ userId, kind: p.kind, inApp: p.inApp, email: p.email, updatedAt: now })
				.onConflictDoUpdate({
					target: [notificationPref.userId, notificationPref.kind],
					set: { inApp: p.inApp, email: p.email, updatedAt: now }
				})
				.run();
		recordChange(tx, actor, {
			module: 'notifications',
			action: 'update',
			entity: 'notification_pref',
			entityId: userId,
			before,
			after: Object.fromEntries(prefs.map((p) => [p.kind, { inApp: p.inApp, email: p.email }])),
			summary: 'Changed notification preferences'
		});
	});
}
