import { expect, type Page } from '@playwright/test';
import { DEMO } from '../../db/seed/demo';

export { DEMO };

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
