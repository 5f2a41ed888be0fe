import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { config } from '../config';
import { db, schema, type Conn } from '../db';
import type { MailText } from './texts';

/**
 * The e-mail outbox: rows are written in the transaction of the event they tell of, and sent by the
 * job runner to SMTP_URL. Before the SMTP conversation a row is marked `sending` and committed; after
 * it, `sent` or back to `pending` with the reason and a later try (1 min, 5, 30, 2 h, 6 h), or
 * `failed` when the server refuses for good or after MAX_ATTEMPTS. A row still `sending` at start-up
 * (the process died mid-send) becomes `unknown`: it may have gone out, so it is never sent again by
 * itself; the admin may send it again. Without SMTP_URL nothing is queued: notifications are in-app.
 */

const { mailOutbox } = schema;
export type OutboxRow = typeof mailOutbox.$inferSelect;

/** Minutes before the next try after the n-th failed attempt. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 360];
export const MAX_ATTEMPTS = 6;
/** How long one SMTP send may take (connect, greeting, each reply, the whole send). */
export const SEND_TIMEOUT_MS = 10_000;
/** At most this many mails per run of the sender (a morning's reminders go in a few runs). */
const BATCH = 200;

export function mailEnabled(): boolean {
	return !!config.smtpUrl;
}

export function mailBackoff(attempts: number): number {
	return BACKOFF_MINUTES[Math.min(Math.max(attempts, 1) - 1, BACKOFF_MINUTES.length - 1)] * 60_000;
}

/** A fresh Message-ID on Uptake's domain; fixed when the row is written, so a resend is the same message. */
export function newMessageId(): string {
	return `<${randomUUID()}@${config.mailDomain}>`;
}

export interface QueuedMail extends MailText {
	userId: number | null;
	to: string;
	kind: string;
	notificationId?: number | null;
}

/** Puts a mail in the outbox, in the caller's transaction; due at once. */
export function queueMail(tx: Conn, m: QueuedMail, now = Date.now()): number {
	return tx
		.insert(mailOutbox)
		.values({
			userId: m.userId,
			toAddress: m.to,
			subject: m.subject,
			body: m.body,
			kind: m.kind,
			notificationId: m.notificationId ?? null,
			nextTryAt: now,
			messageId: newMessageId(),
			createdAt: now
		})
		.returning({ id: mailOutbox.id })
		.get().id;
}

/** Rewrites the still-waiting mail of a notification (a burst merged into it); false when none waits. */
export function updateQueuedMail(tx: Conn, notificationId: number, m: MailText): boolean {
	return (
		tx
			.update(mailOutbox)
			.set({ subject: m.subject, body: m.body })
			.where(
				and(
					eq(mailOutbox.notificationId, notificationId),
					eq(mailOutbox.status, 'pending'),
					eq(mailOutbox.attempts, 0)
				)
			)
			.run().changes > 0
	);
}

/** Start-up: mail left `sending` by a process that stopped mid-send may have gone: `unknown`, not resent. */
export function recoverInterruptedMail(conn: Conn = db()): number {
	return conn
		.update(mailOutbox)
		.set({
			status: 'unknown',
			lastError: 'The server stopped while sending this mail: it may or may not have arrived.'
		})
		.where(eq(mailOutbox.status, 'sending'))
		.run().changes;
}

/** Claims the next due mail: marked `sending` and committed before any byte goes to the server. */
function claim(now: number): OutboxRow | undefined {
	return db()
		.update(mailOutbox)
		.set({ status: 'sending', sendingSince: now })
		.where(
			eq(
				mailOutbox.id,
				sql`(SELECT id FROM mail_outbox WHERE status = 'pending' AND next_try_at <= ${now} ORDER BY next_try_at, id LIMIT 1)`
			)
		)
		.returning()
		.get();
}

interface SmtpError {
	code?: string;
	responseCode?: number;
	response?: string;
	message?: string;
	cause?: unknown;
}

/** Why a send failed, as the admin reads it, and whether trying again can help. */
export function describeFailure(
	e: unknown,
	timeoutMs = SEND_TIMEOUT_MS
): { reason: string; permanent: boolean } {
	const err = (typeof e === 'object' && e ? e : { message: String(e) }) as SmtpError;
	const text = `${err.message ?? ''} ${String((err.cause as SmtpError | undefined)?.message ?? '')}`;
	if (/ECONNREFUSED/.test(text) || (err as { errno?: string }).errno === 'ECONNREFUSED')
		return { reason: 'Connection refused: nothing answers at the SMTP address.', permanent: false };
	if (err.code === 'ETIMEDOUT' || err.code === 'EABORT' || /timed? ?out|timeout/i.test(text))
		return {
			reason: `Timed out: the SMTP server did not answer within ${timeoutMs / 1000} s.`,
			permanent: false
		};
	if (/ENOTFOUND|EAI_AGAIN/.test(text))
		return { reason: 'The SMTP server’s name could not be resolved.', permanent: false };
	if (err.code === 'EAUTH')
		return { reason: `Sign-in to the SMTP server refused: ${err.response ?? text.trim()}`, permanent: false };
	if (err.responseCode && err.responseCode >= 500)
		return {
			reason: `Refused by the SMTP server: ${(err.response ?? text).trim().slice(0, 300)}`,
			permanent: true
		};
	if (err.responseCode)
		return {
			reason: `Deferred by the SMTP server: ${(err.response ?? text).trim().slice(0, 300)}`,
			permanent: false
		};
	return { reason: text.trim().slice(0, 300) || 'The mail could not be sent.', permanent: false };
}

export interface SendReport {
	sent: number;
	retried: number;
	failed: number;
}

/**
 * Sends the due mail, one at a time, to SMTP_URL (or `options.url`); nothing happens without one.
 * Each mail is committed as `sending` before the conversation and as `sent`/`pending`/`failed` after.
 */
export async function sendDueMail(
	options: { url?: string; timeoutMs?: number; now?: () => number; limit?: number } = {}
): Promise<SendReport> {
	const report: SendReport = { sent: 0, retried: 0, failed: 0 };
	const url = options.url ?? config.smtpUrl;
	if (!url) return report;
	const now = options.now ?? Date.now;
	const timeout = options.timeoutMs ?? SEND_TIMEOUT_MS;
	// One connection for the whole run (a morning's reminders are hundreds of mails), closed after it.
	const transport = nodemailer.createTransport({
		pool: true,
		maxConnections: 1,
		maxMessages: Infinity,
		url,
		connectionTimeout: timeout,
		greetingTimeout: timeout,
		socketTimeout: timeout
	});
	try {
		for (let i = 0; i < (options.limit ?? BATCH); i++) {
			const row = claim(now());
			if (!row) break;
			try {
				await transport.sendMail({
					from: config.mailFrom,
					to: row.toAddress,
					subject: row.subject,
					text: row.body,
					messageId: row.messageId,
					signal: AbortSignal.timeout(timeout)
				});
				db()
					.update(mailOutbox)
					.set({
						status: 'sent',
						sentAt: now(),
						attempts: row.attempts + 1,
						sendingSince: null,
						lastError: ''
					})
					.where(eq(mailOutbox.id, row.id))
					.run();
				report.sent++;
			} catch (e) {
				const { reason, permanent } = describeFailure(e, timeout);
				const attempts = row.attempts + 1;
				const failed = permanent || attempts >= MAX_ATTEMPTS;
				db()
					.update(mailOutbox)
					.set({
						status: failed ? 'failed' : 'pending',
						attempts,
						nextTryAt: failed ? row.nextTryAt : now() + mailBackoff(attempts),
						sendingSince: null,
						lastError: reason
					})
					.where(eq(mailOutbox.id, row.id))
					.run();
				if (failed) report.failed++;
				else report.retried++;
				console.warn(`mail ${row.id} to ${row.toAddress} not sent (attempt ${attempts}): ${reason}`);
				// The server is unreachable or slow: the rest waits for the next run rather than time out too.
				if (!permanent && !(e as SmtpError).responseCode) break;
			}
		}
	} finally {
		transport.close();
	}
	return report;
}
