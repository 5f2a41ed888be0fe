import { expect, signIn, test } from './fixtures';

test('the shell shows every area, the user and sign-out, and fits the screen', async ({ page }) => {
	await signIn(page);
	const nav = page.getByRole('navigation', { name: 'Areas' });
	for (const area of ['Home', 'CRM', 'Rollout', 'Training', 'Adoption', 'Admin']) {
		await expect(nav.getByRole('link', { name: area })).toBeVisible();
	}
	await expect(page.getByRole('banner').getByText('Alex Morgan')).toBeVisible();
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);

	await nav.getByRole('link', { name: 'Training' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Training' })).toBeVisible();
	await expect(page.getByText('Not built yet.')).toBeVisible();
	await expect(nav.getByRole('link', { name: 'Training' })).toHaveAttribute('aria-current', 'page');
});

test('the adoption page shows active users by team from the usage log', async ({ page }) => {
	await signIn(page);
	await page.goto('/adoption');
	const northRow = page
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: 'Sales North' }) });
	await expect(northRow).toBeVisible();
	const rate = Number((await northRow.getByRole('cell').nth(2).textContent())!.replace(/\D/g, ''));
	expect(rate).toBeGreaterThan(50);
});

test('the users list sorts, pages and is bookmarkable', async ({ page }) => {
	await signIn(page);
	await page.goto('/admin/users');
	await expect(page.getByText(/^1–50 of \d+ users$/)).toBeVisible();
	await page.getByRole('link', { name: 'Next' }).click();
	await expect(page).toHaveURL(/page=2/);
	await page.getByRole('link', { name: 'Email' }).click();
	await expect(page).toHaveURL(/sort=email&dir=asc/);
	await expect(page.getByRole('columnheader', { name: /Email/ })).toHaveAttribute('aria-sort', 'ascending');
	await page.goto('/admin/users?q=zzzz-nobody');
	await expect(page.getByText('No user matches these filters.')).toBeVisible();
});
