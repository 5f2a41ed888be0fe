import { test as base, expect, type Page } from '@playwright/test';
import { DEMO } from '../../db/seed/demo';

export { DEMO, expect };

/**
 * Playwright's test, failing any test whose pages threw an uncaught error (a hydration error, say, which
 * leaves the server-rendered page looking right while Svelte has dropped part of it).
 */
export const test = base.extend<{ uncaughtErrors: void }>({
	uncaughtErrors: [
		async ({ context }, use) => {
			const errors: string[] = [];
			context.on('weberror', (e) => errors.push(`${e.page()?.url() ?? ''}: ${e.error().message}`));
			await use();
			expect(errors, 'uncaught errors in the page').toEqual([]);
		},
		{ auto: true }
	]
});

/** Signs in through the real form. */
export async function signIn(page: Page, email: string = DEMO.adminEmail, password: string = DEMO.password) {
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** The first active demo user of a role (name and email), read from the admin's user list filtered by role. */
export async function demoUser(page: Page, roleLabel: string): Promise<{ name: string; email: string }> {
	await page.goto('/admin/users');
	await page.getByLabel('Role').selectOption({ label: roleLabel });
	await page.getByLabel('Status').selectOption('active');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/role=/);
	const cells = page.getByRole('row').nth(1).getByRole('cell');
	return {
		name: (await cells.nth(0).textContent())!.trim(),
		email: (await cells.nth(1).textContent())!.trim()
	};
}

export async function demoUserEmail(page: Page, roleLabel: string): Promise<string> {
	return (await demoUser(page, roleLabel)).email;
}

/** Waits until the page is hydrated: SvelteKit's router keeps its place in the history state once it has started. */
export async function hydrated(page: Page) {
	await page.waitForFunction(() => Object.keys(history.state ?? {}).some((k) => k.startsWith('sveltekit')));
}

/**
 * Opens `path` with the app's scripts held back, does `act` on the server-rendered page (what someone does
 * before the page is interactive), then lets the scripts run and waits until the page is hydrated.
 */
export async function beforeHydration(page: Page, path: string, act: () => Promise<void>) {
	const held: (() => Promise<void>)[] = [];
	let holding = true;
	await page.route('**/_app/immutable/**/*.js', (route) =>
		holding ? void held.push(() => route.continue()) : route.continue()
	);
	await page.goto(path, { waitUntil: 'domcontentloaded' });
	await act();
	holding = false;
	await Promise.all(held.map((release) => release()));
	await hydrated(page);
	await page.unroute('**/_app/immutable/**/*.js');
}

/**
 * Opens the (first) disclosure panel labelled `summary` on `path` before the page is hydrated (above);
 * returns the panel.
 */
export async function openBeforeHydration(page: Page, path: string, summary: string) {
	// The first such panel on the page (a list may have one per item).
	const panel = page
		.locator('details')
		.filter({ has: page.locator('summary').getByText(summary, { exact: true }) })
		.first();
	await beforeHydration(page, path, async () => {
		await panel.locator('summary').first().click();
		await expect(panel).toHaveAttribute('open', '');
	});
	return panel;
}

/** The instant `minutes` from now as a datetime-local value in the browser's zone. */
export function localInput(page: Page, minutes: number): Promise<string> {
	return page.evaluate((m) => {
		const d = new Date(Math.ceil((Date.now() + m * 60_000) / 60_000) * 60_000);
		const two = (n: number) => String(n).padStart(2, '0');
		return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
	}, minutes);
}
