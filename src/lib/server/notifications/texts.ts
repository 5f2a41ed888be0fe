import { config } from '../config';

/** The words of Uptake's e-mail: plain text, one notification or one day's digest. */

export interface MailText {
	subject: string;
	body: string;
}

const SUBJECT_MAX = 140;

/** A link in a mail: app paths become absolute on ORIGIN. */
export function absolute(href: string): string {
	return href.startsWith('/') ? `${config.origin}${href}` : href;
}

function subject(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > SUBJECT_MAX ? `${line.slice(0, SUBJECT_MAX - 1)}…` : line;
}

const footer = () =>
	`You get this e-mail because of your notification settings in Uptake: ${absolute('/notifications/preferences')}`;

export function notificationMail(person: { name: string }, text: string, href: string): MailText {
	const lines = [`Hello ${person.name},`, '', text, ''];
	lines.push(`Open it in Uptake: ${absolute(href || '/notifications')}`, '', '—', footer());
	return { subject: subject(text), body: lines.join('\n') };
}

export function digestMail(
	person: { name: string },
	day: string,
	items: { text: string; href: string }[]
): MailText {
	const lines = [`Hello ${person.name},`, '', `What happened in Uptake on ${day}:`, ''];
	for (const item of items) lines.push(`• ${item.text}`, `  ${absolute(item.href || '/notifications')}`);
	lines.push('', `All your notifications: ${absolute('/notifications')}`, '', '—', footer());
	const n = items.length;
	return {
		subject: `Your Uptake digest for ${day}: ${n} notification${n === 1 ? '' : 's'}`,
		body: lines.join('\n')
	};
}
