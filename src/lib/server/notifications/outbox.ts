import { error } from '@sveltejs/kit';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { authorize } from '../access/policy';
import { recordChange } from '../audit/record';
import type { Actor } from '../auth/actor';
import { config } from '../config';
import { db, schema } from '../db';
import { Refused } from '../validation';
import { mailEnabled, MAX_ATTEMPTS, SEND_TIMEOUT_MS } from './mail';

/** Admin → Mail: whether e-mail is set up, the outbox with each mail's state and why, and resending. */

const { mailOutbox } = schema;
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** What the admin may send again: mail that failed for good, or whose fate a crash left unknown. */
const RESENDABLE: OutboxStatus[] = ['failed', 'unknown'];
const PAGE_SIZE = 50;

/** SMTP_URL as the admin may read it: scheme, host and port, never the password. */
function smtpTarget(): string | null {
	const url = config.smtpUrl;
	if (!url) return null;
	try {
		const u = new URL(url);
		return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}`;
	} catch {
		return 'an address that is not a valid URL';
	}
}

export function outbox(actor: Actor, { page = 1, status }: { page?: number; status?: OutboxStatus } = {}) {
	authorize(actor.user, 'admin.settings');
	const conn = db();
	const where = status ? eq(mailOutbox.status, status) : undefined;
	const total = conn.select({ n: count() }).from(mailOutbox).where(where).get()?.n ?? 0;
	const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.floor(page)), last);
	const rows = conn
		.select({
			id: mailOutbox.id,
			to: mailOutbox.toAddress,
			subject: mailOutbox.subject,
			kind: mailOutbox.kind,
			status: mailOutbox.status,
			attempts: mailOutbox.attempts,
			nextTryAt: mailOutbox.nextTryAt,
			sentAt: mailOutbox.sentAt,
			lastError: mailOutbox.lastError,
			createdAt: mailOutbox.createdAt
		})
		.from(mailOutbox)
		.where(where)
		.orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
		.limit(PAGE_SIZE)
		.offset((current - 1) * PAGE_SIZE)
		.all()
		.map((r) => ({ ...r, resendable: RESENDABLE.includes(r.status) }));
	const byStatus = Object.fromEntries(
		conn
			.select({ status: mailOutbox.status, n: count() })
			.from(mailOutbox)
			.groupBy(mailOutbox.status)
			.all()
			.map((r) => [r.status, r.n])
	) as Partial<Record<OutboxStatus, number>>;
	return {
		enabled: mailEnabled(),
		target: smtpTarget(),
		from: config.mailFrom,
		maxAttempts: MAX_ATTEMPTS,
		timeoutSeconds: SEND_TIMEOUT_MS / 1000,
		rows,
		byStatus,
		total,
		page: current,
		pageSize: PAGE_SIZE
	};
}

/** Puts a failed or unknown mail back in the queue (same Message-ID), due at once. */
export function resend(actor: Actor, id: number): void {
	authorize(actor.user, 'admin.settings');
	db().transaction((tx) => {
		const before = tx.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get() ?? error(404, 'Not found');
		if (!RESENDABLE.includes(before.status))
			throw new Refused(
				before.status === 'sent'
					? 'This mail was sent already.'
					: 'This mail is still in the queue: it is sent by itself.'
			);
		if (!mailEnabled())
			throw new Refused('SMTP_URL is not set, so no mail can be sent: set it and restart Uptake first.');
		tx.update(mailOutbox)
			.set({ status: 'pending', attempts: 0, nextTryAt: Date.now(), sendingSince: null })
			.where(and(eq(mailOutbox.id, id), inArray(mailOutbox.status, RESENDABLE)))
			.run();
		recordChange(tx, actor, {
			module: 'admin.mail',
			action: 'update',
			entity: 'mail_outbox',
			entityId: id,
			before: { status: before.status, attempts: before.attempts, lastError: before.lastError },
			after: { status: 'pending', attempts: 0 },
			summary: `Queued the mail to ${before.toAddress} again (“${before.subject}”)`
		});
	});
}
