import { expect, signIn, test } from './fixtures';

test('an admin adds a choice field to contacts; it is filled in, shown as a column and filtered by', async ({
	page
}) => {
	await signIn(page);
	const tag = `lv${Date.now()}`;
	const field = `Loyalty level ${tag}`;
	await page.goto('/admin/fields');
	await expect(page.getByRole('heading', { level: 1, name: 'Custom fields' })).toBeVisible();
	// The demo organisation has fields already, on each of the three entities.
	await expect(page.getByRole('textbox', { name: 'Name' }).first()).toBeVisible();
	const form = page.getByRole('form', { name: 'New field' });
	await form.getByLabel('On', { exact: true }).selectOption('contact');
	await form.getByLabel(/^Name/).fill(field);
	await form.getByLabel('Type', { exact: true }).selectOption('select');
	await form.getByLabel('Choices, one per line').fill('Bronze\nSilver\nGold');
	// Not required: the other test files create contacts in parallel on the same database. Required fields
	// are enforced in tests/unit/custom-fields.test.ts.
	await form.getByRole('button', { name: 'Add field' }).click();
	await expect(page.getByText(`Added the field ${field}.`)).toBeVisible();

	await page.goto('/crm/contacts/new');
	await page.getByLabel(/^Last \(family\) name/).fill(`Phạm ${tag}`);
	await page.getByLabel('First (given) name').fill('Thu Hà');
	await page.getByLabel(field, { exact: true }).selectOption('Gold');
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Thu Hà Phạm ${tag}` })).toBeVisible();
	await expect(page.getByLabel(field, { exact: true })).toHaveValue('Gold');

	await page.goto(`/crm/contacts?q=${tag}`);
	await expect(page.getByRole('columnheader', { name: field })).toBeVisible();
	await expect(
		page.getByRole('row').filter({ hasText: 'Phạm' }).getByRole('cell', { name: 'Gold' })
	).toBeVisible();
	await page.getByText('More filters').click();
	await page.getByLabel(field, { exact: true }).selectOption('Silver');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(new RegExp(`cf_loyalty_level_${tag}=Silver`));
	await expect(page.getByText('No contact matches.')).toBeVisible();
	await page.getByLabel(field, { exact: true }).selectOption('Gold');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page.getByRole('link', { name: `Phạm ${tag}, Thu Hà` })).toBeVisible();

	// Removed again: it leaves the forms.
	await page.goto('/admin/fields');
	const item = page
		.getByRole('listitem')
		.filter({ has: page.getByRole('textbox', { name: 'Name' }) })
		.filter({
			has: page.locator(`input[value="${field}"]`)
		});
	await item.getByText('Remove…').click();
	await item.getByRole('button', { name: 'Yes, remove' }).click();
	await expect(page.getByText('Removed the field.')).toBeVisible();
	await page.goto('/crm/contacts/new');
	await expect(page.getByLabel(field, { exact: true })).toHaveCount(0);
});
