import type { Page } from '@playwright/test';
import { DEMO, expect, hydrated, signIn, test } from './fixtures';

/** Signs in through the real form on a phone (where the header folds Sign out into its menu). */
async function signInOnPhone(page: Page) {
	await page.goto('/login');
	await page.getByLabel('Email').fill(DEMO.adminEmail);
	await page.getByLabel('Password').fill(DEMO.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** A contact of this test's own, posted to the create action as a form would (a title with a line break). */
async function contactWithTitle(page: Page, lastName: string, title: string): Promise<string> {
	const response = await page.request.post('/crm/contacts/new?/create', {
		form: { lastName, title, city: 'Oslo', country: 'Norway' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	const location = response.headers()['location'];
	expect(
		location,
		`the create action redirects to the new contact (${response.status()} ${await response.text()})`
	).toMatch(/^\/crm\/contacts\/\d+/);
	return String(location).replace(/\?.*$/, '');
}

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('a contact page: summary first, the log form one tap away, a field edited in place', async ({
		page
	}) => {
		await signInOnPhone(page);
		const tag = `Phone${Date.now()}`;
		await page.goto('/crm/contacts/new');
		await page.getByLabel('First (given) name').fill('Lan');
		await page.getByLabel('Last (family) name').fill(tag);
		await page.getByLabel('Phone').fill('+84 912 000 111');
		await page.getByRole('button', { name: 'Create contact' }).click();
		await expect(page.getByText('Contact created.')).toBeVisible();
		await hydrated(page);

		// The summary: the name, one h1, headings in order, the key fields in view.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Lan ${tag}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();
		await expect(page.locator('header.summary').getByText('+84 912 000 111')).toBeInViewport();
		const levels = await page
			.locator('main')
			.locator('h1, h2, h3, h4')
			.evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
		expect(levels.filter((l) => l === 1)).toHaveLength(1);
		for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeLessThanOrEqual(levels[i - 1] + 1);

		// Scrolled down, the quick actions are still in reach: one tap opens the log form.
		await page.mouse.wheel(0, 2000);
		const logCall = page.getByRole('navigation', { name: 'Quick actions' }).getByRole('link', {
			name: 'Log a call'
		});
		await expect(logCall).toBeInViewport();
		await logCall.tap();
		const subject = page.getByLabel('Subject');
		await expect(subject).toBeVisible();
		await expect(subject).toBeInViewport();
		await expect(page.getByLabel('Type')).toHaveValue('call');
		await subject.fill(`Intro call ${tag}`);
		await page.getByRole('button', { name: 'Log activity' }).tap();
		await expect(page.getByText('Logged the call.')).toBeVisible();
		const timeline = page.locator('#activity');
		await expect(timeline.getByRole('listitem').filter({ hasText: `Intro call ${tag}` })).toBeVisible();

		// A field edited in place: the read view, then its form, then the read view with the new value.
		const details = page.locator('#details');
		await expect(details.getByLabel('Job title')).toBeHidden();
		await details.getByText('Edit details', { exact: true }).tap();
		await details.getByLabel('Job title').fill('Buyer');
		await details.getByRole('button', { name: 'Save' }).tap();
		await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
		await expect(details.getByLabel('Job title')).toBeHidden();
		await expect(details.locator('dd').filter({ hasText: 'Buyer' })).toBeVisible();
		await expect(page.locator('header.summary').getByText('Buyer')).toBeVisible();

		// A save the server refuses opens the form again on the errors.
		await details.getByText('Edit details', { exact: true }).tap();
		await details
			.getByLabel('Email')
			.evaluate((input) => input.closest('form')!.setAttribute('novalidate', ''));
		await details.getByLabel('Email').fill('not-an-email@');
		await details.getByRole('button', { name: 'Save' }).tap();
		await expect(details.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
		await expect(details.getByLabel('Email')).toHaveValue('not-an-email@');
	});
});

test('a done task shows as done on the timeline', async ({ page }) => {
	await signIn(page);
	const tag = `Done${Date.now()}`;
	await page.goto('/crm/contacts/new');
	await page.getByLabel('Last (family) name').fill(tag);
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByText('Contact created.')).toBeVisible();
	await page.getByRole('link', { name: 'Follow-up task' }).click();
	await expect(page.getByLabel('Type')).toHaveValue('task');
	await page.getByLabel('Subject').fill(`Send the offer ${tag}`);
	await page.getByLabel('Due date').fill(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
	await page.getByRole('button', { name: 'Log activity' }).click();
	await expect(page.getByText('Logged the task.')).toBeVisible();
	const task = page.locator('#activity li').filter({ hasText: `Send the offer ${tag}` });
	await expect(task.getByText(/^Open · due \d{4}-/)).toBeVisible();
	await page.getByRole('button', { name: `Mark “Send the offer ${tag}” done` }).click();
	await expect(page.getByText(`Marked “Send the offer ${tag}” done.`)).toBeVisible();
	await expect(task.getByText(/^✓ Done \d{4}-\d{2}-\d{2}/)).toBeVisible();
	await expect(task.getByRole('button', { name: /Mark/ })).toHaveCount(0);
	await page.reload();
	await expect(task.getByText(/^✓ Done/)).toBeVisible();
});

test('a multi-line job title is kept when the contact is saved with another field changed', async ({
	page
}) => {
	await signIn(page);
	const tag = `Lines${Date.now()}`;
	const url = await contactWithTitle(page, tag, 'Head of\nSales');
	await page.goto(url);
	await hydrated(page);
	await expect(page.locator('#details dd').filter({ hasText: 'Head of' })).toHaveText('Head of\nSales');
	await page.getByText('Edit details', { exact: true }).click();
	await expect(page.getByLabel('Job title')).toHaveValue('Head of\nSales');
	await page.getByLabel('Phone').fill('+47 22 00 00 00');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	// As stored: the export writes the title as it is, line break and all.
	const csv = await (await page.request.get(`/crm/contacts/export?q=${tag}&format=csv`)).text();
	expect(csv).toContain('"Head of\nSales"');
	expect(csv).toContain('+47 22 00 00 00');
});

test('a deal is started from a contact, with the contact and its company, and listed on the contact', async ({
	page
}) => {
	await signIn(page);
	const tag = `Deal${Date.now()}`;
	const companyName = `Thép ${tag}`;
	await page.goto('/crm/companies/new');
	await page.getByLabel('Name').fill(companyName);
	await page.getByRole('button', { name: 'Create company' }).click();
	await expect(page.getByText('Company created.')).toBeVisible();
	await page.goto('/crm/contacts/new');
	await page.getByLabel('First (given) name').fill('Minh');
	await page.getByLabel('Last (family) name').fill(tag);
	await page.getByLabel('Company').fill(companyName);
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByText('Contact created.')).toBeVisible();
	const contactUrl = page.url().replace(/\?.*$/, '');

	await page.getByRole('link', { name: 'New deal' }).click();
	await expect(page.getByLabel('Contact')).toHaveValue(`Minh ${tag}`);
	await expect(page.getByLabel('Company')).toHaveValue(companyName);
	await page.getByLabel('Deal name').fill(`Steel ${tag}`);
	await page.getByRole('button', { name: 'Create deal' }).click();
	await expect(page.getByText('Deal created.')).toBeVisible();
	await expect(page.locator('header.summary').getByRole('link', { name: `Minh ${tag}` })).toBeVisible();

	await page.goto(contactUrl);
	await page.getByRole('link', { name: `Steel ${tag}` }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Steel ${tag}` })).toBeVisible();

	// The deal's contact is chosen by name in its form, and a name no contact has is refused beside the field.
	await page.getByText('Edit details', { exact: true }).click();
	await page.getByLabel('Contact').fill(`Nobody ${tag}`);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(
		page.getByText(`None of your contacts is called “Nobody ${tag}”.`, { exact: false })
	).toBeVisible();
	await page.getByLabel('Contact').fill('');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	await page.goto(contactUrl);
	await expect(page.getByRole('link', { name: `Steel ${tag}` })).toHaveCount(0);
});
