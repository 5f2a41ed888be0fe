// A local SMTP sink for the end-to-end tests: accepts every mail on SMTP_SINK_PORT (default 2525)
// and lists what it received, decoded, as JSON at http://127.0.0.1:SMTP_SINK_HTTP_PORT/messages
// (default 2526). Nothing leaves the machine. Started by playwright.config.ts's webServer.
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

const smtpPort = Number(process.env.SMTP_SINK_PORT || 2525);
const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT || 2526);
const messages = [];

/** Quoted-printable body text → UTF-8. */
function fromQuotedPrintable(text) {
	const bytes = [];
	const soft = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < soft.length; i++) {
		if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
			bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(soft[i], 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words in a header → text. */
function decodeHeader(value) {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc, text) =>
			enc.toLowerCase() === 'b'
				? Buffer.from(text, 'base64').toString('utf8')
				: fromQuotedPrintable(text.replace(/_/g, ' '))
		);
}

/** The headers (unfolded, lower-case names) and the decoded text body of a simple text/plain mail. */
function parse(raw) {
	const split = raw.search(/\r?\n\r?\n/);
	const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
	const headers = {};
	for (const line of head.split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	let body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
	const encoding = (headers['content-transfer-encoding'] || '').toLowerCase();
	if (encoding === 'quoted-printable') body = fromQuotedPrintable(body);
	else if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	return { subject: decodeHeader(headers.subject || ''), messageId: headers['message-id'] || '', body };
}

const smtp = new SMTPServer({
	authOptional: true,
	disabledCommands: ['STARTTLS'],
	logger: false,
	onData(stream, session, callback) {
		const chunks = [];
		stream.on('data', (c) => chunks.push(c));
		stream.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			messages.push({
				at: Date.now(),
				from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
				to: session.envelope.rcptTo.map((r) => r.address),
				...parse(raw)
			});
			callback();
		});
	}
});
smtp.listen(smtpPort, '127.0.0.1');

createServer((req, res) => {
	if (req.url === '/health') return res.end('ok');
	if (req.url?.startsWith('/messages')) {
		const to = new URL(req.url, 'http://sink').searchParams.get('to');
		res.setHeader('content-type', 'application/json');
		return res.end(JSON.stringify(to ? messages.filter((m) => m.to.includes(to)) : messages));
	}
	res.statusCode = 404;
	res.end('not found');
}).listen(httpPort, '127.0.0.1', () =>
	console.log(`SMTP sink on 127.0.0.1:${smtpPort}, received mail at http://127.0.0.1:${httpPort}/messages`)
);
