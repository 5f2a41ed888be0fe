import { expect, hydrated, signIn, test } from './fixtures';

test('a deal moves through the pipeline by its keyboard control and by drag and drop', async ({ page }) => {
	await signIn(page);
	const name = `Board deal ${Date.now()}`;
	await page.goto('/crm/deals/new');
	await page.getByLabel('Deal name').fill(name);
	await page.getByLabel('Amount').fill('24,000');
	await page.getByLabel('Currency').selectOption('GBP');
	await page.getByLabel('Stage').selectOption({ label: 'Lead (10 %)' });
	await page.getByRole('button', { name: 'Create deal' }).click();
	await expect(page.getByText('Deal created.')).toBeVisible();
	await expect(page.getByText('GBP 24,000.00 · Lead (10 %)')).toBeVisible();

	await page.goto('/crm/deals/board');
	const column = (stage: string) => page.getByRole('region', { name: new RegExp(`^${stage}`) });
	await expect(column('Lead').getByRole('link', { name })).toBeVisible();
	await expect(
		column('Lead')
			.getByText(/weighted GBP/)
			.first()
	).toBeVisible();

	// Keyboard: the card's own "Move to" list and button.
	await page.getByLabel(`Move “${name}” to`).selectOption({ label: 'Proposal' });
	await page.getByLabel(`Move “${name}” to`).press('Tab');
	await page.keyboard.press('Enter');
	await expect(page.getByText(`Moved “${name}”.`)).toBeVisible();
	await expect(column('Proposal').getByRole('link', { name })).toBeVisible();

	// Drag and drop onto another column's heading: a point in view, so that nothing scrolls under the mouse mid-drag.
	await page.reload();
	await hydrated(page); // dragging is the page script's
	await column('Proposal')
		.getByRole('listitem')
		.filter({ hasText: name })
		.dragTo(column('Negotiation'), { sourcePosition: { x: 4, y: 4 }, targetPosition: { x: 30, y: 10 } });
	await expect(column('Negotiation').getByRole('link', { name })).toBeVisible();

	await page.getByRole('link', { name }).click();
	await expect(page.getByText('GBP 24,000.00 · Negotiation (75 %)')).toBeVisible();
	await expect(page.getByText(`Edited deal ${name}`).first()).toBeVisible();
});

test('the admin configures the pipeline’s stages', async ({ page }) => {
	await signIn(page);
	await page.goto('/admin/pipeline');
	const stage = `Verbal yes ${Date.now() % 10000}`;
	await page.locator('#name-new').fill(stage);
	await page
		.locator('form[aria-labelledby="new-stage"]')
		.evaluate((form) => form.setAttribute('novalidate', ''));
	await page.locator('#probability-new').fill('150');
	await page.getByRole('button', { name: 'Add stage' }).click();
	await expect(page.getByText('At most 100.')).toBeVisible();
	await page.locator('#probability-new').fill('90');
	await page.getByRole('button', { name: 'Add stage' }).click();
	await expect(page.getByText(`Added ${stage}.`)).toBeVisible();
	await page.getByRole('button', { name: `Move ${stage} earlier` }).click();
	await expect(page.getByText('Moved.')).toBeVisible();
	const item = page.getByRole('listitem').filter({ has: page.locator(`input[value="${stage}"]`) });
	await item.getByText('Remove…').click();
	await item.getByRole('button', { name: 'Yes, remove' }).click();
	await expect(page.getByText('Removed.')).toBeVisible();
});
