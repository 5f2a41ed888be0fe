import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db, schema } from '$lib/server/db';
import { notify } from '$lib/server/notifications';
import { queueMail, recoverInterruptedMail, sendDueMail } from '$lib/server/notifications/mail';
import { outbox, resend } from '$lib/server/notifications/outbox';
import { makeActor } from './helpers';

const { mailOutbox } = schema;

interface Received {
	from: string;
	to: string[];
	raw: string;
}

/** A local SMTP sink: keeps what it receives; refuses recipients at refused.example. */
function sink(): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
	const received: Received[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (address.address.endsWith('@refused.example'))
				return callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }));
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks).toString('utf8')
				});
				callback();
			});
		}
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, port: (server.server.address() as AddressInfo).port, received })
		)
	);
}

let smtp: Awaited<ReturnType<typeof sink>>;
/** Accepts connections and never says a word: a server that times out. */
let silent: Server;
let silentPort: number;

beforeAll(async () => {
	smtp = await sink();
	silent = createServer(() => {});
	await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
	silentPort = (silent.address() as AddressInfo).port;
	process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
});

afterAll(async () => {
	delete process.env.SMTP_URL;
	await new Promise<void>((r) => smtp.server.close(() => r()));
	await new Promise((r) => silent.close(r));
});

beforeEach(() => {
	db().run(sql`DELETE FROM mail_outbox`);
	smtp.received.length = 0;
});

function mailRow(id: number) {
	return db().select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()!;
}

function queue(to: string) {
	return db().transaction((tx) =>
		queueMail(tx, { userId: null, to, kind: 'test', subject: 'Hello', body: 'A test mail.' })
	);
}

describe('sending the outbox', () => {
	it('sends a notification e-mailed at once, with the Message-ID fixed at insert', async () => {
		const learner = makeActor('rep', { email: 'learner@test.example' });
		db().transaction((tx) =>
			notify(tx, {
				userIds: [learner.user.id],
				kind: 'training.assigned',
				params: { course: 'CRM basics', due: '2030-01-31' },
				href: '/training'
			})
		);
		const [row] = db().select().from(mailOutbox).all();
		expect(row).toMatchObject({ status: 'pending', toAddress: 'learner@test.example', attempts: 0 });
		expect(row.messageId).toMatch(/^<[0-9a-f-]+@localhost>$/);
		const report = await sendDueMail();
		expect(report).toEqual({ sent: 1, retried: 0, failed: 0 });
		expect(smtp.received).toHaveLength(1);
		const got = smtp.received[0];
		expect(got.to).toEqual(['learner@test.example']);
		expect(got.raw).toContain(`Message-ID: ${row.messageId}`);
		expect(got.raw).toContain('You have been assigned the course');
		expect(got.raw).toContain('http://localhost:3000/training');
		expect(mailRow(row.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: '' });
		expect(mailRow(row.id).sentAt).not.toBeNull();
		// Sent once: another run sends nothing.
		expect(await sendDueMail()).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(smtp.received).toHaveLength(1);
	});

	it('keeps a mail the server refuses in the outbox, failed, with the server’s reason', async () => {
		const id = queue('nobody@refused.example');
		const report = await sendDueMail();
		expect(report.failed).toBe(1);
		const row = mailRow(id);
		expect(row.status).toBe('failed');
		expect(row.attempts).toBe(1);
		expect(row.lastError).toMatch(/^Refused by the SMTP server: 550 .*No such mailbox here/);
		expect(smtp.received).toHaveLength(0);
	});

	it('keeps a mail whose server times out, to be tried again later, with the reason', async () => {
		const id = queue('someone@test.example');
		const start = Date.now();
		const report = await sendDueMail({ url: `smtp://127.0.0.1:${silentPort}`, timeoutMs: 300 });
		expect(report).toEqual({ sent: 0, retried: 1, failed: 0 });
		const row = mailRow(id);
		expect(row.status).toBe('pending');
		expect(row.attempts).toBe(1);
		expect(row.lastError).toMatch(/^Timed out/);
		expect(row.nextTryAt).toBeGreaterThanOrEqual(start + 60_000);
		// Not due again yet.
		expect(await sendDueMail()).toEqual({ sent: 0, retried: 0, failed: 0 });
		// Due later: the working server takes it.
		expect(await sendDueMail({ now: () => row.nextTryAt })).toMatchObject({ sent: 1 });
		expect(mailRow(id)).toMatchObject({ status: 'sent', attempts: 2 });
	});

	it('says when nothing answers at the address', async () => {
		const id = queue('someone@test.example');
		const closed = createServer();
		await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
		const port = (closed.address() as AddressInfo).port;
		await new Promise((r) => closed.close(r));
		await sendDueMail({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 1000 });
		expect(mailRow(id)).toMatchObject({ status: 'pending', attempts: 1 });
		expect(mailRow(id).lastError).toMatch(/^Connection refused/);
	});

	it('gives up after six tries', async () => {
		const id = queue('someone@test.example');
		db().update(mailOutbox).set({ attempts: 5 }).where(eq(mailOutbox.id, id)).run();
		await sendDueMail({ url: `smtp://127.0.0.1:${silentPort}`, timeoutMs: 200 });
		expect(mailRow(id)).toMatchObject({ status: 'failed', attempts: 6 });
	});
});

describe('after a crash mid-send', () => {
	it('marks a mail left sending as unknown, never sends it by itself, and lets the admin send it again', async () => {
		const admin = makeActor('admin');
		const id = queue('crash@test.example');
		db()
			.update(mailOutbox)
			.set({ status: 'sending', sendingSince: Date.now() })
			.where(eq(mailOutbox.id, id))
			.run();
		expect(recoverInterruptedMail()).toBe(1);
		expect(mailRow(id).status).toBe('unknown');
		expect(await sendDueMail()).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(smtp.received).toHaveLength(0);

		const page = outbox(admin);
		expect(page.enabled).toBe(true);
		expect(page.rows.find((r) => r.id === id)).toMatchObject({ status: 'unknown', resendable: true });
		resend(admin, id);
		expect(mailRow(id)).toMatchObject({ status: 'pending', attempts: 0 });
		expect(await sendDueMail()).toMatchObject({ sent: 1 });
		expect(smtp.received.map((m) => m.to)).toEqual([['crash@test.example']]);
		// A sent mail is not sent again.
		expect(() => resend(admin, id)).toThrow('sent already');
	});

	it('keeps the outbox and resending to admin.settings', () => {
		const rep = makeActor('rep');
		expect(() => outbox(rep)).toThrow();
		expect(() => resend(rep, 1)).toThrow();
	});
});
