import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, hydrated, signIn, test } from './fixtures';

/** The preview table's row for line `n` of the file. */
const fileRow = (page: Page, n: number) =>
	page
		.getByRole('table', { name: /rows as they will be written/ })
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: String(n), exact: true }) });

/** A tag of this run's own, for emails and file names that no other run (or repeat) shares. */
const runTag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Uploads a file (a fixture's path, or a name and its text) as `entity`, waits for its page; the batch id. */
async function uploadFile(page: Page, file: string | { name: string; text: string }, entity = 'contact') {
	await page.goto('/crm/import');
	await page.getByLabel('What the file holds').selectOption(entity);
	await page
		.getByLabel(/^File/)
		.setInputFiles(
			typeof file === 'string'
				? file
				: { name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.text) }
		);
	await page.getByRole('button', { name: 'Upload and map columns' }).click();
	const name = typeof file === 'string' ? file.split('/').pop()! : file.name;
	await expect(
		page.getByRole('heading', { level: 1, name: new RegExp(name.replace(/\./g, '\\.')) })
	).toBeVisible();
	return Number(/\/crm\/import\/(\d+)/.exec(page.url())![1]);
}

/** Undoes import #`id` from the list of imports. */
async function undoImport(page: Page, id: number) {
	await page.goto('/crm/import');
	const row = page.getByRole('row').filter({ has: page.locator(`a[href="/crm/import/${id}"]`) });
	await row.getByText('Undo…').click();
	await row.getByRole('button', { name: `Yes, undo #${id}` }).click();
}

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
	// Each error stands beside its row in the preview's table.
	await expect(fileRow(page, 4)).toContainText(
		'Error Email: Enter a valid email address, like name@example.com.'
	);
	await expect(fileRow(page, 6)).toContainText('Same email as row 2.');
	await expect(fileRow(page, 2)).toContainText('New');
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
	await expect(page.getByRole('link', { name: 'Zoë Hartley' }).first()).toBeVisible(); // in the summary and the details

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

test('undo an import after a later import that updated its contacts was undone', async ({ page }) => {
	await signIn(page);
	const tag = runTag();
	const people = (title: string) =>
		[
			'First Name,Last Name,Email,Title',
			`Quỳnh,Đặng,quynh.${tag}@chain.example,${title}`,
			`Артём,Волков,artem.${tag}@chain.example,${title}`
		].join('\n');

	const a = await uploadFile(page, { name: `chain-a-${tag}.csv`, text: people('Buyer') });
	await page.getByRole('button', { name: 'Import 2 rows' }).click();
	await expect(page.getByText(/^Imported: 2 created, 0 updated, 0 skipped/)).toBeVisible();

	// B: the same emails, and "update them".
	const b = await uploadFile(page, { name: `chain-b-${tag}.csv`, text: people('Head buyer') });
	await expect(fileRow(page, 2)).toContainText(/Skipped: same email as contact #\d+/);
	await hydrated(page);
	await page.getByRole('radio', { name: /Update them/ }).check();
	await page.getByRole('button', { name: 'Save mapping and preview' }).click();
	await expect(fileRow(page, 2)).toContainText(/Updates contact #\d+.*Head buyer/);
	await page.getByRole('button', { name: 'Import 2 rows' }).click();
	await expect(page.getByText(/^Imported: 0 created, 2 updated, 0 skipped/)).toBeVisible();

	await undoImport(page, b);
	await expect(page.getByText(`Import #${b} undone: 0 records removed, 2 restored.`)).toBeVisible();
	// A's contacts are as A left them: A undoes, and they are gone.
	await undoImport(page, a);
	await expect(page.getByText(`Import #${a} undone: 2 records removed, 0 restored.`)).toBeVisible();
	await page.goto(`/crm/search?q=${encodeURIComponent(`quynh.${tag}`)}`);
	await expect(page.getByText(/Nothing found/)).toBeVisible();
});

test('a HubSpot contacts export as it comes imports with its owners by name; the same file again offers nothing, and is discarded', async ({
	page
}) => {
	await signIn(page);
	// The fixture as HubSpot exports it, with email domains and company names of this run's own (so that
	// repeats neither meet as duplicates nor share the companies the import creates).
	const tag = runTag();
	const file = {
		name: 'hubspot-contacts-owner-names.csv',
		text: readFileSync('tests/fixtures/hubspot-contacts-owner-names.csv', 'utf8')
			.replaceAll('-hs.example', `-hs-${tag}.example`)
			.replaceAll(' HS', ` HS ${tag}`)
			.replace('Harbourline Freight Ltd', `Harbourline Freight HS ${tag}`)
	};
	const first = await uploadFile(page, file);
	await expect(page.getByLabel('Owner (email or name)', { exact: true })).toHaveValue('5'); // "Contact owner"
	// The rows as they will be written, owners by their names (the Irish one written without its accent).
	await expect(fileRow(page, 2)).toContainText('Eleanor Whitfield');
	await expect(fileRow(page, 2)).toContainText('Ruth Evans');
	await expect(fileRow(page, 4)).toContainText('Дмитрий Новиков');
	await expect(fileRow(page, 7)).toContainText('Siobhán Evans');
	await expect(page.getByText('1–7 of 7 rows')).toBeVisible();
	await page.getByRole('button', { name: 'Import 7 rows' }).click();
	await expect(page.getByText(/^Imported: 7 created, 0 updated, 0 skipped/)).toBeVisible();

	await page.goto(`/crm/search?q=${encodeURIComponent(`eleanor.whitfield@harbourline-hs-${tag}`)}`);
	await page.getByRole('link', { name: 'Eleanor Whitfield' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Eleanor Whitfield' })).toBeVisible();
	await expect(page.locator('main')).toContainText('Ruth Evans');

	// The same file again: every row is a duplicate to skip, so nothing is offered but the reason.
	const again = await uploadFile(page, file);
	await expect(page.getByText('Nothing to import.')).toBeVisible();
	await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
	// Each skipped row links to the contact it matched.
	await fileRow(page, 2)
		.getByRole('link', { name: /contact #\d+/ })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Eleanor Whitfield' })).toBeVisible();
	await page.goBack();
	await page.getByText('Discard this import…').click();
	await page.getByRole('button', { name: `Yes, discard #${again}` }).click();
	await expect(page).toHaveURL(new RegExp(`/crm/import\\?discarded=${again}$`));
	await expect(page.getByText(`Import #${again} discarded: its file and rows are deleted.`)).toBeVisible();
	await expect(page.locator(`a[href="/crm/import/${again}"]`)).toHaveCount(0);

	await undoImport(page, first);
	await expect(
		page.getByText(new RegExp(`Import #${first} undone: \\d+ records removed, 0 restored\\.`))
	).toBeVisible();
});

test('a column that fails on every row is left out in one click; values are shown as text', async ({
	page
}) => {
	await signIn(page);
	const tag = runTag();
	const id = await uploadFile(page, {
		name: `owners-${tag}.csv`,
		text: [
			'First Name,Last Name,Email,Job Title,Contact owner',
			`Eve,Hacker,eve.${tag}@text.example,<script>window.__pwned = 1</script>,Jane Nobody`,
			`Mallory,Doe,mallory.${tag}@text.example,<img src=x onerror="window.__pwned = 2">,JANE NOBODY`
		].join('\n')
	});
	await expect(
		page.getByText('The column “Contact owner” (Owner (email or name)) fails on every row.')
	).toBeVisible();
	await expect(fileRow(page, 3)).toContainText('Owner: no active user is called “JANE NOBODY”');
	await hydrated(page);
	await page.getByRole('button', { name: 'Don’t import this column' }).click();
	await expect(page.getByText('2 rows have errors.')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Import 2 rows' })).toBeVisible();
	await expect(fileRow(page, 2)).toContainText('<script>window.__pwned = 1</script>');
	await expect(fileRow(page, 3)).toContainText('<img src=x onerror="window.__pwned = 2">');
	await expect(fileRow(page, 2)).toContainText('Alex Morgan'); // the importer, now their owner
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

	await page.getByText('Discard this import…').click();
	await page.getByRole('button', { name: `Yes, discard #${id}` }).click();
	await expect(page.getByText(`Import #${id} discarded: its file and rows are deleted.`)).toBeVisible();
	await expect(page.locator(`a[href="/crm/import/${id}"]`)).toHaveCount(0);
});
