import { expect, test } from '@playwright/test';
import { signIn } from './fixtures';

test('an admin adds a required choice field to contacts; reps fill it in, see it as a column and filter by it', async ({
	page
}) => {
	await signIn(page);
	await page.goto('/admin/fields');
	await expect(page.getByRole('heading', { level: 1, name: 'Custom fields' })).toBeVisible();
	// The demo organisation has fields already, on each of the three entities.
	await expect(page.getByRole('textbox', { name: 'Name' }).first()).toBeVisible();
	const form = page.getByRole('form', { name: 'New field' });
	await form.getByLabel('On', { exact: true }).selectOption('contact');
	await form.getByLabel(/^Name/).fill('Loyalty level');
	await form.getByLabel('Type', { exact: true }).selectOption('select');
	await form.getByLabel('Choices, one per line').fill('Bronze\nSilver\nGold');
	await form.getByLabel('Required').check();
	await form.getByRole('button', { name: 'Add field' }).click();
	await expect(page.getByText('Added the field Loyalty level.')).toBeVisible();

	await page.goto('/crm/contacts/new');
	await page.getByLabel(/^Last \(family\) name/).fill('Phạm');
	await page.getByLabel('First (given) name').fill('Thu Hà');
	await expect(page.getByLabel(/^Loyalty level/)).toHaveAttribute('required', '');
	await page.getByLabel(/^Loyalty level/).selectOption('Gold');
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Thu Hà Phạm' })).toBeVisible();
	await expect(page.getByLabel(/^Loyalty level/)).toHaveValue('Gold');

	await page.goto('/crm/contacts?q=Phạm%20Thu');
	await expect(page.getByRole('columnheader', { name: 'Loyalty level' })).toBeVisible();
	await expect(
		page.getByRole('row').filter({ hasText: 'Phạm' }).getByRole('cell', { name: 'Gold' })
	).toBeVisible();
	await page.getByText('More filters').click();
	await page.getByLabel('Loyalty level', { exact: true }).selectOption('Silver');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/cf_loyalty_level=Silver/);
	await expect(page.getByText('No contact matches.')).toBeVisible();
	await page.getByLabel('Loyalty level', { exact: true }).selectOption('Gold');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page.getByRole('link', { name: 'Phạm, Thu Hà' })).toBeVisible();

	// Removed again (so that other tests' contacts need no loyalty level): it leaves the forms.
	await page.goto('/admin/fields');
	const item = page
		.getByRole('listitem')
		.filter({ has: page.getByRole('textbox', { name: 'Name' }) })
		.filter({
			has: page.locator('input[value="Loyalty level"]')
		});
	await item.getByText('Remove…').click();
	await item.getByRole('button', { name: 'Yes, remove' }).click();
	await expect(page.getByText('Removed the field.')).toBeVisible();
	await page.goto('/crm/contacts/new');
	await expect(page.getByLabel(/^Loyalty level/)).toHaveCount(0);
});
