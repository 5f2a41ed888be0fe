import { expect, signIn, test } from './fixtures';

test('a CRM admin imports a Salesforce export, sees it in the CRM, and undoes it', async ({ page }) => {
	await signIn(page);
	await page.goto('/crm/import');
	await page.getByLabel('What the file holds').selectOption('contact');
	await page.getByLabel(/^File/).setInputFiles('tests/fixtures/salesforce-contacts.csv');
	await page.getByRole('button', { name: 'Upload and map columns' }).click();

	await expect(page.getByRole('heading', { level: 1, name: /salesforce-contacts\.csv/ })).toBeVisible();
	await expect(page.getByText('read as UTF-8 with BOM')).toBeVisible();
	await expect(page.getByLabel('Company', { exact: true })).toHaveValue('3'); // guessed from "Account Name"
	await expect(page.getByText(/8\s+records will be created/)).toBeVisible();
	// Some of the companies it names may exist in the demo CRM already; the others are created.
	await expect(page.getByText(/\d+\s+companies named by the rows will be created/)).toBeVisible();
	await page.getByRole('button', { name: 'Import 8 rows' }).click();
	await expect(
		page.getByText(/^Imported: 8 created, 0 updated, 0 skipped, \d+ companies created\.$/)
	).toBeVisible();

	await page.goto('/crm/search?q=murugan%40kaveri-legacy');
	await expect(page.getByRole('link', { name: 'முருகன் சுப்பிரமணியம்' })).toBeVisible();

	await page.goto('/crm/import');
	const row = page.getByRole('row').filter({ hasText: 'salesforce-contacts.csv' }).first();
	await row.getByText('Undo…').click();
	// An undo can take seconds (a large import): meanwhile the button says so and cannot be pressed again.
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route(
		(url) => url.pathname === '/crm/import' && url.search === '?/undo',
		async (route) => {
			await held;
			await route.continue();
		}
	);
	await row.getByRole('button', { name: /Yes, undo/ }).click();
	await expect(row.getByRole('button', { name: 'Working…' })).toBeDisabled();
	release();
	await expect(page.getByText(/undone: \d+ records removed, 0 restored\./)).toBeVisible();
	await page.goto('/crm/search?q=murugan%40kaveri-legacy');
	await expect(page.getByText(/Nothing found/)).toBeVisible();
});

test('a file with errors is previewed row by row and cannot be imported', async ({ page }) => {
	await signIn(page);
	await page.goto('/crm/import');
	await page.getByLabel(/^File/).setInputFiles('tests/fixtures/contacts-with-errors.csv');
	await page.getByRole('button', { name: 'Upload and map columns' }).click();
	await expect(page.getByText('4 rows have errors.')).toBeVisible();
	await expect(
		page.getByText('Row 4: Email: Enter a valid email address, like name@example.com.')
	).toBeVisible();
	await expect(page.getByText('Row 6: Same email as row 2.')).toBeVisible();
	await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
});

test('a malformed file is refused with the reason beside the file field', async ({ page }) => {
	await signIn(page);
	await page.goto('/crm/import');
	await page.getByLabel(/^File/).setInputFiles('tests/fixtures/ragged.csv');
	await page.getByRole('button', { name: 'Upload and map columns' }).click();
	await expect(page.getByText(/2 rows have a different number of fields from the header/)).toBeVisible();
	await page.getByLabel(/^File/).setInputFiles({
		name: 'photo.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])
	});
	await page.getByRole('button', { name: 'Upload and map columns' }).click();
	await expect(page.getByText(/This is not a text file/)).toBeVisible();
});

test('contacts then their opportunities: deals land in their stages with their contact, and undo goes in reverse', async ({
	page
}) => {
	await signIn(page);
	const upload = async (entity: string, file: string) => {
		await page.goto('/crm/import');
		await page.getByLabel('What the file holds').selectOption(entity);
		await page.getByLabel(/^File/).setInputFiles(`tests/fixtures/${file}`);
		await page.getByRole('button', { name: 'Upload and map columns' }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: new RegExp(file.replace('.', '\\.')) })
		).toBeVisible();
	};
	await upload('contact', 'salesforce-contacts.csv');
	await page.getByRole('button', { name: 'Import 8 rows' }).click();
	await expect(page.getByText(/^Imported: 8 created/)).toBeVisible();

	await upload('deal', 'salesforce-opportunities.csv');
	await expect(page.getByText('4 rows of deals')).toBeVisible();
	// The demo's custom field "Lead source" is guessed from Salesforce's column of that name.
	await expect(page.getByLabel('Lead source', { exact: true })).toHaveValue('8');
	await expect(page.getByText(/4\s+records will be created/)).toBeVisible();
	await page.getByRole('button', { name: 'Import 4 rows' }).click();
	await expect(page.getByText(/^Imported: 4 created, 0 updated, 0 skipped/)).toBeVisible();

	await page.goto('/crm/deals?q=Kingfisher%20framework');
	await page.getByRole('link', { name: 'Kingfisher framework renewal' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Kingfisher framework renewal' })).toBeVisible();
	await expect(page.getByLabel('Stage')).toHaveValue(/\d+/);
	await expect(page.getByLabel('Stage').locator('option:checked')).toHaveText(/^Proposal/);
	await expect(page.getByLabel('Lead source')).toHaveValue('Referral');
	await expect(page.getByRole('link', { name: 'Zoë Hartley' })).toBeVisible();

	// Undo the deals first: the contacts' import refuses while deals point at its records.
	await page.goto('/crm/import');
	const dealsRow = page.getByRole('row').filter({ hasText: 'salesforce-opportunities.csv' }).first();
	await dealsRow.getByText('Undo…').click();
	await dealsRow.getByRole('button', { name: /Yes, undo/ }).click();
	await expect(page.getByText(/undone: \d+ records removed, 0 restored\./)).toBeVisible();
	const contactsRow = page.getByRole('row').filter({ hasText: 'salesforce-contacts.csv' }).first();
	await contactsRow.getByText('Undo…').click();
	await contactsRow.getByRole('button', { name: /Yes, undo/ }).click();
	await expect(page.getByText(/undone: \d+ records removed, 0 restored\./)).toBeVisible();
	await page.goto('/crm/deals?q=Kingfisher%20framework');
	await expect(page.getByText('No deal matches.')).toBeVisible();
});
