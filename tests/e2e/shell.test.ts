import type { Page } from '@playwright/test';
import { DEMO, demoUser, expect, hydrated, test } from './fixtures';

/**
 * Signs in through the real form, on any screen: the fixtures' signIn waits for the Sign out button,
 * which a phone keeps inside the menu.
 */
async function signIn(page: Page, email: string = DEMO.adminEmail) {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(DEMO.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('banner').getByRole('link', { name: 'Uptake' })).toBeVisible();
}

/** The areas' navigation, opening the menu first on a narrow screen (where the header folds into it). */
async function areas(page: Page) {
	const menu = page.getByRole('banner').getByText('Menu', { exact: true });
	if (await menu.isVisible()) {
		if ((await page.locator('details.menu').getAttribute('open')) === null) await menu.click();
	}
	const nav = page.getByRole('navigation', { name: 'Areas' });
	await expect(nav).toBeVisible();
	return nav;
}

test('the shell shows every area, the user and sign-out, and fits the screen', async ({ page }) => {
	await signIn(page);
	const nav = await areas(page);
	for (const area of ['Home', 'CRM', 'Rollout', 'Training', 'Adoption', 'Admin']) {
		await expect(nav.getByRole('link', { name: area })).toBeVisible();
	}
	await expect(page.getByRole('banner').getByText('Alex Morgan')).toBeVisible();
	await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);

	await nav.getByRole('link', { name: 'Training' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'My training' })).toBeVisible();
	await expect((await areas(page)).getByRole('link', { name: 'Training' })).toHaveAttribute(
		'aria-current',
		'page'
	);
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('the header folds into a menu button that works by keyboard', async ({ page }) => {
		await signIn(page);
		await hydrated(page);
		const banner = page.getByRole('banner');
		await expect(banner.getByRole('link', { name: 'Rollout' })).toBeHidden();
		const height = await banner.evaluate((el) => el.getBoundingClientRect().height);
		expect(height).toBeLessThan(70);

		const menu = banner.getByText('Menu', { exact: true });
		await menu.focus();
		await page.keyboard.press('Enter');
		const rollout = banner.getByRole('link', { name: 'Rollout' });
		await expect(rollout).toBeVisible();
		await expect(banner.getByRole('button', { name: 'Sign out' })).toBeVisible();
		await expect(banner.getByRole('searchbox', { name: 'Search the CRM' })).toBeVisible();
		await page.keyboard.press('Tab');
		await expect(banner.getByRole('link', { name: 'Home' })).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(rollout).toBeHidden();
		await expect(menu).toBeFocused();

		await page.keyboard.press('Enter');
		await rollout.click();
		await expect(page.getByRole('heading', { level: 1, name: /Steering dashboard|Rollout/ })).toBeVisible();
		await expect(rollout).toBeHidden();
	});

	test.describe('without JavaScript', () => {
		test.use({ javaScriptEnabled: false });

		test('the menu opens and its links work', async ({ page }) => {
			await signIn(page);
			const banner = page.getByRole('banner');
			await banner.getByText('Menu', { exact: true }).click();
			await banner.getByRole('link', { name: 'Adoption' }).click();
			await expect(page).toHaveURL(/\/adoption$/);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		});
	});
});

test('error pages keep the navigation and say where to go', async ({ page }) => {
	await signIn(page);
	const missing = await page.goto('/crm/contacts/999999999');
	expect(missing?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('link', { name: 'Contacts' })).toHaveAttribute(
		'href',
		'/crm/contacts'
	);
	await expect(page.getByRole('main').getByRole('link', { name: 'Home' })).toHaveAttribute('href', '/');
	await expect((await areas(page)).getByRole('link', { name: 'CRM' })).toHaveAttribute(
		'aria-current',
		'page'
	);

	// An address that matches no page at all is answered inside the app too.
	const nowhere = await page.goto('/no-such-area/at-all');
	expect(nowhere?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
	await expect((await areas(page)).getByRole('link', { name: 'Admin' })).toBeVisible();
});

test('a 404 reads the same for a record out of scope as for none, and a 403 keeps the navigation', async ({
	page,
	browser
}) => {
	await signIn(page);
	const rep = await demoUser(page, 'Sales / service rep');
	await page.goto('/crm/contacts');
	const contacts = await page.evaluate(() =>
		[...document.querySelectorAll('main a')]
			.map((a) => a.getAttribute('href')!)
			.filter((h) => /^\/crm\/contacts\/\d+$/.test(h))
			.slice(0, 10)
	);
	const context = await browser.newContext({ viewport: page.viewportSize() });
	const repPage = await context.newPage();
	await signIn(repPage, rep.email);

	await repPage.goto('/crm/contacts/999999999');
	const missingText = await repPage.getByRole('main').innerText();
	let outOfScope: string | undefined;
	for (const href of contacts) {
		if ((await repPage.goto(href))?.status() === 404) {
			outOfScope = href;
			break;
		}
	}
	expect(outOfScope, 'a contact the rep may not see').toBeDefined();
	expect(await repPage.getByRole('main').innerText()).toBe(missingText);
	await expect(repPage.getByRole('main').getByRole('link', { name: 'Contacts' })).toBeVisible();

	const refused = await repPage.goto('/admin/users');
	expect(refused?.status()).toBe(403);
	await expect(repPage.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible();
	await expect((await areas(repPage)).getByRole('link', { name: 'Home' })).toBeVisible();
	// The rep has no admin area, so the page offers none.
	await expect(repPage.getByRole('main').getByRole('link', { name: 'Admin' })).toHaveCount(0);
	await context.close();
});

test('the adoption page shows active users by team from the usage log', async ({ page }) => {
	await signIn(page);
	await page.goto('/adoption');
	const northRow = page
		.getByRole('table', { name: 'Teams in detail' })
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: 'Sales North' }) });
	await expect(northRow).toBeVisible();
	const rate = Number((await northRow.getByRole('cell').nth(0).textContent())!.replace(/\D/g, ''));
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
