import type { Browser, Page } from '@playwright/test';
import { beforeHydration, DEMO, demoUserEmail, expect, signIn, test } from './fixtures';

async function asUser(browser: Browser, email: string, password: string = DEMO.password) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email, password);
	return { context, page };
}

test('an admin creates a user who can then sign in', async ({ page, browser }) => {
	await signIn(page);
	await page.goto('/admin/users/new');
	const email = `linh.pham.${Date.now()}@northwind.example`;
	await page.getByLabel('Name').fill('Phạm Mỹ Linh');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Role').selectOption({ label: 'Sales / service rep' });
	await page.getByLabel('Team').selectOption({ label: 'Sales North' });
	await page.getByLabel('Initial password').fill('linh-first-password');
	await page.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Phạm Mỹ Linh' })).toBeVisible();
	await expect(page.getByText('User created.')).toBeVisible();

	// She is listed, and found without typing the diacritics.
	await page.goto('/admin/users?q=pham+my');
	await expect(
		page.getByRole('row').filter({ hasText: email }).getByRole('link', { name: 'Phạm Mỹ Linh' })
	).toBeVisible();

	const linh = await asUser(browser, email, 'linh-first-password');
	await expect(linh.page.getByRole('heading', { name: 'Welcome, Phạm Mỹ Linh' })).toBeVisible();
	await expect(linh.page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
	await linh.context.close();
});

test('bad input is shown beside the field and what was typed is kept', async ({ page }) => {
	await signIn(page);
	await page.goto('/admin/users/new');
	await page.locator('form.stack').evaluate((form) => form.setAttribute('novalidate', ''));
	await page.getByLabel('Name').fill('Сергей Кузнецов');
	await page.getByLabel('Email').fill('not-an-email');
	await page.getByLabel('Initial password').fill('password12');
	await page.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
	await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Name')).toHaveValue('Сергей Кузнецов');
	await expect(page.getByLabel('Initial password')).toHaveValue('');

	await page.getByLabel('Email').fill('sergey.k@northwind.example');
	await page.getByLabel('Initial password').fill('qwertyuiop');
	await page.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByText('This password is one of the most common; choose another.')).toBeVisible();
});

test('a viewer is refused the admin pages and actions', async ({ page, browser }) => {
	await signIn(page);
	const viewerEmail = await demoUserEmail(page, 'Viewer');
	const viewer = await asUser(browser, viewerEmail);
	await expect(viewer.page.getByRole('link', { name: 'Admin' })).toHaveCount(0);

	const response = await viewer.page.goto('/admin/users');
	expect(response?.status()).toBe(403);
	await expect(viewer.page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();

	const post = await viewer.page.request.post('/admin/teams?/create', {
		form: { name: 'Viewer team', description: '' },
		headers: { origin: 'http://localhost:4173', accept: 'text/html' }
	});
	expect(post.status()).toBe(403);
	await page.goto('/admin/teams');
	await expect(page.getByRole('link', { name: 'Viewer team' })).toHaveCount(0);
	await viewer.context.close();
});

test('deactivating a user signs them out at once', async ({ page, browser }) => {
	await signIn(page);
	await page.goto('/admin/users/new');
	const email = `leaver.${Date.now()}@northwind.example`;
	await page.getByLabel('Name').fill('Leaver');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Role').selectOption({ label: 'Viewer' });
	await page.getByLabel('Initial password').fill('leaver-password-1');
	await page.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByText('User created.')).toBeVisible();

	const leaver = await asUser(browser, email, 'leaver-password-1');
	await page.getByText('Deactivate…').click();
	await page.getByRole('button', { name: 'Yes, deactivate' }).click();
	await expect(page.getByText('Deactivated; their sessions have ended.')).toBeVisible();

	await leaver.page.goto('/');
	await expect(leaver.page).toHaveURL(/\/login$/);
	await leaver.context.close();
});

/** Adds a team of its own to the test (`prefix` and the time) through the admin's form and opens its page. */
async function openNewTeam(page: Page, prefix: string, description = '') {
	await page.goto('/admin/teams');
	const name = `${prefix} ${Date.now()}`;
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Description').fill(description);
	await page.getByRole('button', { name: 'Add team' }).click();
	await page.getByRole('link', { name }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	return name;
}

test('a bad change is rolled back from the audit page', async ({ page }) => {
	await signIn(page);
	const name = await openNewTeam(page, 'Rollback team', 'The right description');

	await page.getByLabel('Description').fill('A bad edit');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();

	await page.getByRole('link', { name: 'History' }).click();
	const badEdit = page.getByRole('row').filter({ hasText: 'A bad edit' });
	await badEdit.getByText('Roll back…').click();
	await badEdit.getByRole('button', { name: /Yes, roll back/ }).click();
	await expect(page.getByText(/rolled back\./)).toBeVisible();
	await expect(page.getByRole('cell', { name: /^rollback Team #\d+ Undid #/ })).toHaveCount(1);

	await page.goto('/admin/teams');
	await page.getByRole('link', { name }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await expect(page.getByLabel('Description')).toHaveValue('The right description');
});

test('a stale save is refused and shows what changed', async ({ page, browser }) => {
	await signIn(page);
	await openNewTeam(page, 'Stale team');
	const url = page.url();

	const other = await asUser(browser, DEMO.adminEmail);
	await other.page.goto(url);
	await other.page.getByLabel('Description').fill('Saved first');
	await other.page.getByRole('button', { name: 'Save' }).click();
	await expect(other.page.getByText('Saved.')).toBeVisible();
	await other.context.close();

	await page.getByLabel('Description').fill('Saved second');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('alert')).toContainText('Someone else saved this team');
	await expect(page.getByText(/Changed to “Saved first” by someone else/)).toBeVisible();
	await expect(page.getByLabel('Description')).toHaveValue('Saved second');
	// Having seen the other change, a second save goes through.
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
});

test('what is typed before the page’s script arrives is kept, and saved', async ({ page }) => {
	await signIn(page);
	const name = await openNewTeam(page, 'Early team', 'As the server sent it');

	// A text field and a multi-line one, typed into while the page is not yet interactive.
	await beforeHydration(page, page.url(), async () => {
		await page.getByLabel('Name').fill(`${name} renamed`);
		await page.getByLabel('Description').fill('Typed before the script arrived');
	});
	await expect(page.getByLabel('Name')).toHaveValue(`${name} renamed`);
	await expect(page.getByLabel('Description')).toHaveValue('Typed before the script arrived');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Description')).toHaveValue('Typed before the script arrived');
});

test('every sign-in attempt is in the admin’s sign-in log', async ({ page, browser }) => {
	const context = await browser.newContext();
	const stranger = await context.newPage();
	await stranger.goto('/login');
	const email = `log-check-${Date.now()}@northwind.example`;
	await stranger.getByLabel('Email').fill(email);
	await stranger.getByLabel('Password').fill('not a password at all');
	await stranger.getByRole('button', { name: 'Sign in' }).click();
	await expect(stranger.getByRole('alert')).toHaveText('Incorrect email or password.');
	await context.close();

	await signIn(page);
	await page.goto(`/admin/sign-ins?q=${encodeURIComponent(email)}`);
	const row = page.getByRole('row').filter({ hasText: email });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('Wrong email or password');
	await expect(row).toContainText('198.51.100.10');
});
