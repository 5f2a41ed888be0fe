import { expect, hydrated, signIn, test } from './fixtures';

/** A contact of this test's own, made through the form; returns its page's address. */
async function newContact(page: import('@playwright/test').Page, lastName: string) {
	await page.goto('/crm/contacts/new');
	await page.getByLabel('Last (family) name').fill(lastName);
	await page.getByLabel('Country').fill('Norway');
	await page.getByLabel('City').fill('Oslo');
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByText('Contact created.')).toBeVisible();
	return page.url().replace(/\?.*$/, '');
}

/** Opens the contact's details form (the record page shows them read first), unless it is open. */
async function edit(page: import('@playwright/test').Page) {
	const section = page.locator('details.edit');
	if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
	await expect(section).toHaveAttribute('open', '');
}

test('two tabs on one contact: each keeps its own change, and only a field both changed is a conflict', async ({
	page,
	context
}) => {
	await signIn(page);
	const url = await newContact(page, `Tabs${Date.now()}`);
	const tabA = page;
	const tabB = await context.newPage();
	await tabB.goto(url);
	await hydrated(tabB);
	await tabA.goto(url);
	await hydrated(tabA);

	// Tab A changes Country and saves.
	await edit(tabA);
	await tabA.getByLabel('Country').fill('Sweden');
	await tabA.getByRole('button', { name: 'Save' }).click();
	await expect(tabA.getByText('Saved.', { exact: true })).toBeVisible();

	// Tab B, opened before, changes only Phone: saved, and A's Country is kept and shown.
	await edit(tabB);
	await tabB.getByLabel('Phone').fill('+47 22 33 44 55');
	await tabB.getByRole('button', { name: 'Save' }).click();
	await expect(tabB.getByText(/their change to Country is kept/)).toBeVisible();
	await expect(tabB.getByLabel('Country')).toHaveValue('Sweden');
	await expect(tabB.getByLabel('Phone')).toHaveValue('+47 22 33 44 55');

	// Tab B saves again: A's change stays.
	await edit(tabB);
	await tabB.getByLabel('Job title').fill('Buyer');
	await tabB.getByRole('button', { name: 'Save' }).click();
	await expect(tabB.getByText('Saved.', { exact: true })).toBeVisible();
	await tabA.reload();
	await expect(tabA.getByLabel('Country')).toHaveValue('Sweden');
	await expect(tabA.getByLabel('Phone')).toHaveValue('+47 22 33 44 55');
	await expect(tabA.getByLabel('Job title')).toHaveValue('Buyer');

	// Now both change City, and A also changes Country: B sees both City values, A's Country filled in.
	await hydrated(tabA);
	await tabB.reload();
	await hydrated(tabB);
	await edit(tabA);
	await tabA.getByLabel('City').fill('Bergen');
	await tabA.getByLabel('Country').fill('Denmark');
	await tabA.getByRole('button', { name: 'Save' }).click();
	await expect(tabA.getByText('Saved.', { exact: true })).toBeVisible();
	await edit(tabB);
	await tabB.getByLabel('City').fill('Trondheim');
	await tabB.getByRole('button', { name: 'Save' }).click();
	await expect(tabB.getByText(/Changed to “Bergen” by someone else/)).toBeVisible();
	await expect(tabB.locator('details.edit')).toHaveAttribute('open', ''); // the refused form stays open
	await expect(tabB.getByLabel('City')).toHaveValue('Trondheim');
	await expect(tabB.getByLabel('Country')).toHaveValue('Denmark');
	// B keeps their City and saves: nothing of A's is lost.
	await tabB.getByRole('button', { name: 'Save' }).click();
	await expect(tabB.getByText('Saved.', { exact: true })).toBeVisible();
	await tabA.reload();
	await expect(tabA.getByLabel('City')).toHaveValue('Trondheim');
	await expect(tabA.getByLabel('Country')).toHaveValue('Denmark');
});
