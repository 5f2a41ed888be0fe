import { DEMO, expect, hydrated, signIn, test } from './fixtures';

test('a visitor is sent to sign in, and back to the page they asked for', async ({ page }) => {
	await page.goto('/admin/users?q=nguyen');
	await expect(page).toHaveURL(/\/login\?next=/);
	await page.getByLabel('Email').fill(DEMO.adminEmail);
	await page.getByLabel('Password').fill(DEMO.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/admin\/users\?q=nguyen$/);
	await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
});

test('sign in and sign out', async ({ page }) => {
	await signIn(page);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login$/);
});

test('a wrong password and an unknown email get the same message, and the email is kept', async ({
	page
}) => {
	await page.goto('/login');
	await page.getByLabel('Email').fill(DEMO.adminEmail);
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Incorrect email or password.');
	await expect(page.getByLabel('Email')).toHaveValue(DEMO.adminEmail);
	await expect(page.getByLabel('Password')).toHaveValue('');

	await page.getByLabel('Email').fill('nobody@northwind.example');
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Incorrect email or password.');
});

test('empty fields get a message beside each field', async ({ page }) => {
	await page.goto('/login');
	// Bypass the browser's own required-field check to reach the server's validation.
	await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText('Enter your email address.')).toBeVisible();
	await expect(page.getByText('Enter your password.')).toBeVisible();
});

test.describe('from an address of its own', () => {
	// An address and an email per repeat of the test: the lock it provokes lasts fifteen minutes.
	test.use({
		// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
		extraHTTPHeaders: async ({}, use, testInfo) =>
			use({ 'x-forwarded-for': `203.0.113.${250 - testInfo.repeatEachIndex}` })
	});

	test('ten failures lock sign-in with a clear message and HTTP 429', async ({ page }, testInfo) => {
		const email = `throttle-target-${testInfo.repeatEachIndex}@northwind.example`;
		await page.goto('/login');
		// The test reads the enhanced form's JSON answers: a click before hydration posts the page itself.
		await hydrated(page);
		const posted = () =>
			page.waitForResponse((r) => r.url().includes('/login') && r.request().method() === 'POST');
		for (let i = 0; i < 10; i++) {
			await page.getByLabel('Email').fill(email);
			await page.getByLabel('Password').fill(`wrong password ${i}`);
			const response = posted();
			await page.getByRole('button', { name: 'Sign in' }).click();
			expect(await (await response).json()).toMatchObject({ type: 'failure', status: 400 });
			await expect(page.getByRole('alert')).toHaveText('Incorrect email or password.');
			await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
		}
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill('wrong password again');
		const response = page.waitForResponse(
			(r) => r.url().includes('/login') && r.request().method() === 'POST'
		);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toHaveText(/Too many attempts\. Try again in 1[45] minutes\./);
		// The enhanced form reads the action's JSON; the status it carries is the 429.
		expect(await (await response).json()).toMatchObject({ type: 'failure', status: 429 });

		// Without JavaScript the page itself answers 429.
		const plain = await page.request.post('/login', {
			form: { email, password: 'whatever it is' },
			headers: { origin: 'http://localhost:4173', accept: 'text/html' }
		});
		expect(plain.status()).toBe(429);
	});
});

test('a form post from a foreign origin is refused', async ({ request }) => {
	const response = await request.post('/login', {
		form: { email: DEMO.adminEmail, password: DEMO.password },
		headers: { origin: 'https://evil.example', accept: 'text/html' }
	});
	expect(response.status()).toBe(403);
});

test('a next address that leads off-site lands on the start page after sign-in', async ({
	page,
	baseURL
}) => {
	for (const next of ['/%09/evil.example/', '/%0a/x', '/.//evil.example', '/%5Cevil.example']) {
		await page.context().clearCookies();
		const response = await page.goto(`/login?next=${next}`);
		expect(response?.status(), next).toBe(200);
		await page.getByLabel('Email').fill(DEMO.adminEmail);
		await page.getByLabel('Password').fill(DEMO.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
		expect(new URL(page.url()).origin, next).toBe(new URL(baseURL!).origin);
		expect(new URL(page.url()).pathname, next).toBe('/');
	}
});

test('sign-out posted from another site, with no or a JSON content type, is refused', async ({ page }) => {
	await signIn(page);
	const foreign: Record<string, string>[] = [
		{ origin: 'https://evil.example' },
		{ origin: 'https://evil.example', 'content-type': 'application/json' }
	];
	for (const headers of foreign) {
		const response = await page.request.post('/logout', {
			headers,
			data: headers['content-type'] ? '{}' : undefined,
			maxRedirects: 0
		});
		expect(response.status()).toBe(403);
	}
	await page.reload();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	// This site's own button still signs out.
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
});
