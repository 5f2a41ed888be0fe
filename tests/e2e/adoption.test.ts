import type { Browser } from '@playwright/test';
import { DEMO, demoUser, expect, signIn, test } from './fixtures';

/**
 * The adoption area as a steering member, a manager and a rep use it: which team lags against its
 * phase target and why, its people by name and as a file, and no more than each may see.
 */

async function as(browser: Browser, email: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email, DEMO.password);
	return { context, page };
}

test('a steering member finds the team that lags, sees why, and exports its people', async ({
	page,
	browser
}) => {
	await signIn(page);
	const member = await demoUser(page, 'Steering committee member');
	const { context, page: steering } = await as(browser, member.email);
	await steering.goto('/adoption');
	await expect(steering.getByRole('heading', { level: 1, name: 'Adoption' })).toBeVisible();

	// The chart's sentence names the team furthest under its phase's target.
	const figure = steering.getByRole('figure', { name: /^Adoption by team against the phase’s target/ });
	const summary = (await figure.getByText(/ active this week, target /).textContent())!;
	const [, lagging, rate, target] = /^(.+?): (\d+) % active this week, target (\d+) %/.exec(summary)!;
	expect(Number(rate)).toBeLessThan(Number(target));
	// The key under the chart names its series; with a mouse, the figures under the pointer read out.
	await expect(figure.locator('.key li')).not.toHaveCount(0);
	if (test.info().project.name === 'laptop') {
		await figure.locator('canvas').hover();
		await expect(figure.locator('.readout')).toHaveText(/^.+: .+ \d+ %/);
		await steering.mouse.move(0, 0);
		await expect(figure.locator('.readout')).toHaveText('');
	}
	// The same figures are a table behind the chart, for the keyboard and screen readers.
	await figure.getByText('Show the figures as a table').click();
	await expect(figure.getByRole('row').filter({ hasText: lagging }).first()).toContainText(`${rate} %`);

	// Why: the team's row has its working rate, depth, training; data quality has its reasons.
	const row = steering
		.getByRole('table', { name: 'Teams in detail' })
		.getByRole('row')
		.filter({ has: steering.getByRole('rowheader', { name: lagging }) });
	await expect(row.getByRole('cell').nth(0)).toHaveText(`${rate} %`);
	await steering
		.getByRole('navigation', { name: 'Adoption views' })
		.getByRole('link', { name: 'Data quality' })
		.click();
	await expect(steering.getByRole('heading', { level: 1, name: 'Data quality' })).toBeVisible();
	await expect(steering.getByRole('row').filter({ hasText: lagging }).first()).toBeVisible();

	// Drill down to the named people of the team, and export them.
	await steering.goto('/adoption');
	await row.getByRole('link', { name: lagging }).click();
	await expect(steering.getByRole('heading', { level: 1, name: 'People to follow up' })).toBeVisible();
	await steering.getByRole('link', { name: /^Everyone \d+$/ }).click();
	const people = steering.getByRole('table', { name: 'Everyone' });
	await expect(people.getByRole('row').nth(1)).toContainText(lagging);
	const href = await steering.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href');
	const csv = await steering.request.get(href!);
	expect(csv.status()).toBe(200);
	const text = await csv.text();
	expect(text.split('\r\n')[0]).toContain('Name,Email,Team,Role,First seen,Last seen,Last core action');
	expect(text).toContain(lagging);
	expect(
		text
			.split('\r\n')
			.filter((l) => l.trim())
			.every((l, i) => i === 0 || l.includes(lagging))
	).toBe(true);

	// A person's page: their use, modules, core actions, training and data quality.
	await people.getByRole('row').nth(1).getByRole('link').first().click();
	for (const h of ['Modules used', 'Core actions of the role', 'Training', 'Data quality of their records'])
		await expect(steering.getByRole('heading', { level: 2, name: h })).toBeVisible();
	await context.close();
});

test('a manager sees their own team only', async ({ page, browser }) => {
	await signIn(page);
	const manager = await demoUser(page, 'Sales / service manager');
	const { context, page: mgr } = await as(browser, manager.email);
	await mgr.goto('/adoption');
	const rows = mgr.getByRole('table', { name: 'Teams in detail' }).getByRole('row');
	await expect(rows).toHaveCount(2); // the header and their team
	const team = (await rows.nth(1).getByRole('rowheader').textContent())!.trim();
	await mgr.goto('/adoption/people?kind=all');
	const listed = mgr.getByRole('table', { name: 'Everyone' }).getByRole('row');
	await expect(listed.nth(1)).toBeVisible();
	for (const cell of await mgr
		.getByRole('table', { name: 'Everyone' })
		.locator('tbody tr td:nth-child(2)')
		.allTextContents())
		expect(cell.trim()).toBe(team);
	// Another team's id in the URL is refused beside the filter, not shown.
	await mgr.goto('/adoption?team=999999');
	await expect(mgr.getByText('Choose one of the listed teams.')).toBeVisible();
	await context.close();
});

test('a rep sees their own figures and the team’s totals, never names', async ({ page, browser }) => {
	await signIn(page);
	const rep = await demoUser(page, 'Sales / service rep');
	const someoneElse = await demoUser(page, 'Sales / service manager');
	await page.goto(`/admin/users?q=${encodeURIComponent(someoneElse.email)}`);
	const otherId = (await page.getByRole('link', { name: someoneElse.name }).first().getAttribute('href'))!
		.split('/')
		.pop();
	const { context, page: me } = await as(browser, rep.email);
	await me.getByRole('banner').getByRole('link', { name: 'Adoption' }).click();
	await expect(me.getByRole('heading', { level: 1, name: 'My adoption' })).toBeVisible();
	await expect(me.getByRole('heading', { name: 'Your use' })).toBeVisible();
	await expect(me.getByRole('table', { name: 'Teams in detail' })).toHaveCount(0);
	await expect(me.getByRole('navigation', { name: 'Adoption views' })).toHaveCount(0);
	expect((await me.goto('/adoption/people'))?.status()).toBe(403);
	expect((await me.goto(`/adoption/people/${otherId}`))?.status()).toBe(404);
	await context.close();
});

test('bad filters are named beside the field and the page still answers', async ({ page }) => {
	await signIn(page);
	const response = await page.goto('/adoption?from=2026-13-01&to=2099-01-01&role=abc');
	expect(response?.status()).toBe(200);
	await expect(page.getByText('Enter a date as YYYY-MM-DD.')).toBeVisible();
	await expect(page.getByText('The range cannot end in the future.')).toBeVisible();
	await expect(page.getByText('Choose one of the listed roles.')).toBeVisible();
	await page.goto('/adoption?from=2026-11-20&to=2026-11-10');
	await expect(page.getByText('The range must start before it ends.')).toBeVisible();
});
