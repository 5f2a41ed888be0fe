import { expect, signIn, test } from './fixtures';

test('a case is opened from a contact, resolved, and listed among open cases until then', async ({
	page
}) => {
	await signIn(page);
	const tag = `case${Date.now()}`;
	await page.goto('/crm/contacts/new');
	await page.getByLabel('Last (family) name').fill(`Trần ${tag}`);
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByText('Contact created.')).toBeVisible();
	await page.getByRole('link', { name: 'Open a case' }).click();
	await page.getByLabel('Subject').fill(`Invoice does not match ${tag}`);
	await page.getByLabel('Priority').selectOption('urgent');
	await page.getByRole('button', { name: 'Open case' }).click();
	await expect(page.getByText('Case opened.')).toBeVisible();

	await page.goto('/crm/cases?open=1&sort=created&dir=desc');
	await expect(page.getByRole('link', { name: `Invoice does not match ${tag}` })).toBeVisible();
	await page.getByRole('link', { name: `Invoice does not match ${tag}` }).click();
	// The list has a Status filter too: wait for the case's page before choosing its status.
	await expect(page.getByRole('heading', { level: 1, name: `Invoice does not match ${tag}` })).toBeVisible();
	await page.getByText('Edit details', { exact: true }).click();
	await page.getByLabel('Status').selectOption('resolved');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await expect(page.getByText(/Resolved · Urgent priority .* resolved \d{4}/)).toBeVisible();
	await page.goto('/crm/cases?open=1&sort=created&dir=desc');
	await expect(page.getByRole('link', { name: `Invoice does not match ${tag}` })).toHaveCount(0);
});

test('a campaign is planned and contacts are added to it by email', async ({ page }) => {
	await signIn(page);
	const name = `Webinar ${Date.now()}`;
	await page.goto('/crm/campaigns/new');
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Channel').selectOption('webinar');
	await page.getByLabel('Start date').fill('2026-12-01');
	await page.getByLabel('End date').fill('2026-11-01');
	await page.getByRole('button', { name: 'Create campaign' }).click();
	await expect(page.getByText('The end date cannot be before the start date.')).toBeVisible();
	await page.getByLabel('End date').fill('2026-12-15');
	await page.getByRole('button', { name: 'Create campaign' }).click();
	await expect(page.getByText('Campaign created.')).toBeVisible();

	await page.getByLabel('Add a contact by email').fill('nobody@nowhere.example');
	await page.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(page.getByText('None of your contacts has the email nobody@nowhere.example.')).toBeVisible();
	const email = (await page.goto('/crm/contacts?sort=email&dir=desc'),
	await page.getByRole('row').nth(1).getByRole('cell').nth(2).textContent())!.trim();
	await page.goBack();
	await page.getByLabel('Add a contact by email').fill(email);
	await page.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(page.getByText('Member added.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Members (1)' })).toBeVisible();
});
