import { SMTP_SINK_HTTP } from '../../playwright.config';
import { demoUser, expect, signIn, test } from './fixtures';

/**
 * The "done when" for notifications: a trainer assigns a course, and the learner sees it in the
 * bell and the inbox, marks it read, and receives the e-mail in the SMTP sink the server sends to.
 */

interface SunkMail {
	to: string[];
	subject: string;
	body: string;
	messageId: string;
}

async function mailTo(address: string): Promise<SunkMail[]> {
	const res = await fetch(`${SMTP_SINK_HTTP}/messages?to=${encodeURIComponent(address)}`);
	return (await res.json()) as SunkMail[];
}

const unreadIn = async (label: string | null) =>
	Number(/Notifications, (\d+) unread/.exec(label ?? '')?.[1] ?? 0);

test('a trainer assigns a course: the learner sees it in the bell, reads it, and gets the e-mail', async ({
	page
}) => {
	// The server has just started: its first mail run may still be sending the morning's reminders.
	test.slow();
	await signIn(page);
	const trainer = await demoUser(page, 'Trainer');
	const learner = await demoUser(page, 'Sales / service rep');
	await page.context().clearCookies();

	// The trainer builds an optional course and assigns it to one person by hand.
	await signIn(page, trainer.email);
	await page.goto('/training/courses/new');
	const title = `Notes that help ${Date.now().toString(36)}`;
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Format').selectOption({ label: 'Self-paced' });
	await page.getByLabel('Duration (minutes)').fill('30');
	await page.getByRole('button', { name: 'Create course' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	const person = page.getByLabel('Person');
	const value = await person.locator('option', { hasText: learner.name }).first().getAttribute('value');
	await person.selectOption(value!);
	await page.getByRole('button', { name: 'Assign', exact: true }).click();
	await expect(page.getByText('Assigned.')).toBeVisible();
	await page.context().clearCookies();

	// The learner: the bell counts it, the inbox shows it, "Mark read" takes it off the count.
	await signIn(page, learner.email);
	const bell = page.getByRole('banner').getByRole('link', { name: /^Notifications, \d+ unread$/ });
	await expect(bell).toBeVisible();
	const before = await unreadIn(await bell.getAttribute('aria-label'));
	expect(before).toBeGreaterThan(0);
	await bell.click();
	await expect(page).toHaveURL(/\/notifications$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
	const item = page.getByRole('listitem').filter({ hasText: `You have been assigned the course “${title}”` });
	await expect(item).toBeVisible();
	await expect(item.getByText('Unread', { exact: true })).toBeVisible();
	await item.getByRole('button', { name: /^Mark read/ }).click();
	await expect(page.getByText('Marked read.')).toBeVisible();
	await expect(item.getByText('Unread', { exact: true })).toHaveCount(0);
	await expect(page.getByRole('banner').getByRole('link', { name: /^Notifications, / })).toHaveAttribute(
		'aria-label',
		before - 1 ? `Notifications, ${before - 1} unread` : 'Notifications, none unread'
	);

	// The e-mail reached the sink, addressed to the learner, with a link back to their training.
	await expect
		.poll(async () => (await mailTo(learner.email)).filter((m) => m.body.includes(title)).length, {
			timeout: 30_000,
			message: 'the assignment e-mail in the SMTP sink'
		})
		.toBeGreaterThan(0);
	const [mail] = (await mailTo(learner.email)).filter((m) => m.body.includes(title));
	expect(mail.subject).toContain('You have been assigned the course');
	expect(mail.body).toContain(`Hello ${learner.name},`);
	expect(mail.body).toContain('http://localhost:4173/training');
	expect(mail.messageId).toMatch(/^<.+@localhost>$/);
});

test('the inbox pages through bad input and the preferences refuse a digest without the inbox', async ({
	page
}) => {
	await signIn(page);
	await page.goto('/notifications?page=abc');
	await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
	await page.goto('/notifications?page=99999');
	await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();

	await page.goto('/notifications/preferences');
	await expect(page.getByText('Always in the app and e-mailed at once.')).toBeVisible();
	const group = page.getByRole('group', { name: 'A change request awaits the steering committee' });
	await group.getByLabel('In the app').uncheck();
	await group.getByLabel('E-mail').selectOption({ label: 'In the daily digest' });
	await page.getByRole('button', { name: 'Save preferences' }).click();
	await expect(group.getByText('The daily digest gathers what is in your inbox')).toBeVisible();
	await group.getByLabel('E-mail').selectOption({ label: 'At once' });
	await page.getByRole('button', { name: 'Save preferences' }).click();
	await expect(page.getByText('Saved. New notifications follow these choices.')).toBeVisible();
	await page.reload();
	await expect(group.getByLabel('In the app')).not.toBeChecked();
	await expect(group.getByLabel('E-mail')).toHaveValue('now');
	// Put it back for the other tests.
	await group.getByLabel('In the app').check();
	await group.getByLabel('E-mail').selectOption({ label: 'In the daily digest' });
	await page.getByRole('button', { name: 'Save preferences' }).click();
	await expect(page.getByText('Saved. New notifications follow these choices.')).toBeVisible();

	await page.goto('/admin/mail');
	await expect(page.getByRole('heading', { level: 1, name: 'Mail' })).toBeVisible();
	await expect(page.getByText('E-mail goes to smtp://127.0.0.1:2525')).toBeVisible();
	await page.getByLabel('Status').selectOption('failed');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/status=failed/);
	await expect(page.getByRole('cell', { name: /Refused by the SMTP server: 550/ }).first()).toBeVisible();
});
