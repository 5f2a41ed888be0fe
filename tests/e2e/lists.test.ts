import { demoUser, expect, hydrated, signIn, test } from './fixtures';

// A manager of their own, so that hiding a column never changes a list another test reads.
test('a list at laptop size shows 15 rows under a header that stays, keeps chosen columns, and is cards on a phone', async ({
	page
}) => {
	await signIn(page);
	const manager = await demoUser(page, 'Sales / service manager');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await signIn(page, manager.email);

	await page.setViewportSize({ width: 1366, height: 800 });
	await page.goto('/crm/contacts');
	const inView = () =>
		page.evaluate(
			() =>
				[...document.querySelectorAll('tbody tr')].filter((r) => {
					const box = r.getBoundingClientRect();
					return box.top >= 0 && box.bottom <= innerHeight;
				}).length
		);
	expect(await inView()).toBeGreaterThanOrEqual(15);

	// Scrolling the rows keeps the header in view.
	const header = page.getByRole('columnheader', { name: 'Email' });
	const firstRow = page.getByRole('row').nth(1);
	await page.getByRole('row').nth(8).hover();
	await page.mouse.wheel(0, 900);
	await expect(firstRow).not.toBeInViewport();
	await expect(header).toBeInViewport();

	// Hiding a column is kept for this user: after a reload and with JavaScript's enhancement.
	await hydrated(page);
	const phone = page.getByRole('columnheader', { name: 'Phone' });
	await expect(phone).toBeVisible();
	await page.getByText('Columns', { exact: true }).click();
	await page.getByRole('checkbox', { name: 'Phone' }).uncheck();
	await page.getByRole('button', { name: 'Save columns' }).click();
	await expect(phone).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('columnheader', { name: 'Email' })).toBeVisible();
	await expect(phone).toHaveCount(0);
	// Shown again for the next run (repeat-safe).
	await page.getByText('Columns', { exact: true }).click();
	await page.getByRole('checkbox', { name: 'Phone' }).check();
	await page.getByRole('button', { name: 'Save columns' }).click();
	await expect(phone).toBeVisible();

	// A phone: a card per record, values stacked, nothing wider than the screen.
	await page.setViewportSize({ width: 390, height: 844 });
	for (const list of ['/crm/contacts', '/crm/deals', '/crm/activities']) {
		await page.goto(list);
		const cells = page.getByRole('row').nth(1).getByRole('cell');
		const [a, b] = [await cells.nth(0).boundingBox(), await cells.nth(1).boundingBox()];
		expect(b!.y, `${list}: a row's values stack`).toBeGreaterThan(a!.y);
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
			`${list}: no sideways scroll`
		).toBe(true);
	}
});

test('the column chooser works without JavaScript and keeps the list as it was filtered', async ({
	page,
	browser
}) => {
	await signIn(page);
	const manager = await demoUser(page, 'Sales / service manager');
	const context = await browser.newContext({ javaScriptEnabled: false });
	const plain = await context.newPage();
	await signIn(plain, manager.email);
	await plain.goto('/crm/companies?sort=city&dir=desc');
	const industry = plain.getByRole('columnheader', { name: 'Industry' });
	await expect(industry).toBeVisible();
	await plain.getByText('Columns', { exact: true }).click();
	await plain.getByRole('checkbox', { name: 'Industry' }).uncheck();
	await plain.getByRole('button', { name: 'Save columns' }).click();
	await expect(plain).toHaveURL(/\/crm\/companies\?sort=city&dir=desc$/);
	await expect(industry).toHaveCount(0);
	await plain.getByText('Columns', { exact: true }).click();
	await plain.getByRole('checkbox', { name: 'Industry' }).check();
	await plain.getByRole('button', { name: 'Save columns' }).click();
	await expect(industry).toBeVisible();
	await context.close();
});
