import { expect, signIn, test } from './fixtures';

test('a template added to a plan twice makes one phase of each name, and the preview says what it skips', async ({
	page
}) => {
	await signIn(page);
	// The demo plan has a phase “Service”, as the template has, and is under way.
	await page.goto('/rollout/templates?template=sales-first&start=2029-01-01');
	await expect(
		page.getByRole('heading', { name: 'Preview: Small sales-first rollout from 2029-01-01' })
	).toBeVisible();
	await expect(page.getByText(/Your plan already has content/)).toBeVisible();
	const skipped = page.getByRole('list').filter({ hasText: 'the phase “Service”' });
	await expect(skipped).toBeVisible();
	await expect(page.getByRole('radio', { name: /Start a fresh plan/ })).toBeDisabled();
	await expect(page.getByText(/The plan is under way/)).toBeVisible();

	// Without a choice the server asks for one (the browser's own check aside).
	await page
		.getByRole('button', { name: 'Create this plan' })
		.evaluate((b) => b.closest('form')!.setAttribute('novalidate', ''));
	await page.getByRole('button', { name: 'Create this plan' }).click();
	await expect(
		page.getByText('The plan already has content: choose to add to it or to start a fresh plan.')
	).toBeVisible();

	await page.getByRole('radio', { name: /Add to the current plan/ }).check();
	await page.getByRole('button', { name: 'Create this plan' }).click();
	await expect(
		page.getByText(/Skipped \d+ items? the plan already had: .*the phase “Service”/)
	).toBeVisible();

	// The second time every phase is there already: the preview lists them, and adding skips them.
	await page.goto('/rollout/templates?template=sales-first&start=2029-01-01');
	for (const name of ['Pilot with one sales team', 'All sales teams', 'Service'])
		await expect(page.getByRole('listitem').filter({ hasText: `the phase “${name}”` })).toBeVisible();
	await page.getByRole('radio', { name: /Add to the current plan/ }).check();
	await page.getByRole('button', { name: 'Create this plan' }).click();
	await expect(page.getByText(/^Created 0 phases, 0 goals, 0 risks, 0 process maps/)).toBeVisible();

	await page.goto('/rollout/phases');
	for (const name of ['Pilot with one sales team', 'All sales teams', 'Service'])
		await expect(page.getByRole('main').getByRole('link', { name, exact: true })).toHaveCount(1);
});
