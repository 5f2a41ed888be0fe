import type { Page } from '@playwright/test';
import { demoUser, expect, signIn, test } from './fixtures';

/** Whether the demo organisation has enrollments to show (its training data), judged from the page. */
async function hasFigures(page: Page): Promise<boolean> {
	const empty = page.getByText('No training assigned yet.');
	const matrix = page.getByRole('region', { name: /Training completion by/ });
	await expect(empty.or(matrix)).toBeVisible();
	return matrix.isVisible();
}

test('a trainer reads completion by role and by team and drills into a cell', async ({ page }) => {
	await signIn(page);
	const trainer = await demoUser(page, 'Trainer');
	await page.context().clearCookies();
	await signIn(page, trainer.email);

	await page.goto('/training/matrix');
	await expect(page.getByRole('heading', { level: 1, name: 'Training completion' })).toBeVisible();
	const rows = page.getByRole('navigation', { name: 'Rows of the matrix' });
	await expect(rows.getByRole('link', { name: 'By role' })).toHaveAttribute('aria-current', 'page');
	if (!(await hasFigures(page))) {
		await rows.getByRole('link', { name: 'By team' }).click();
		await expect(page.getByText('No training assigned yet.')).toBeVisible();
		return;
	}
	const matrix = page.getByRole('region', { name: /Training completion by role/ });
	await expect(matrix.getByRole('columnheader', { name: 'Role', exact: true })).toBeVisible();
	await expect(matrix.getByRole('rowheader', { name: 'Sales / service rep', exact: true })).toBeVisible();
	await expect(matrix.getByRole('rowheader', { name: 'All roles', exact: true })).toBeVisible();

	await rows.getByRole('link', { name: 'By team' }).click();
	await expect(page).toHaveURL(/by=team/);
	await expect(rows.getByRole('link', { name: 'By team' })).toHaveAttribute('aria-current', 'page');
	const byTeam = page.getByRole('region', { name: /Training completion by team/ });
	await expect(byTeam.getByRole('columnheader', { name: 'Team', exact: true })).toBeVisible();
	await expect(byTeam.getByRole('rowheader', { name: 'All teams', exact: true })).toBeVisible();

	// Every figure is text: "80 % · 2 overdue", completed of assigned beneath.
	const cell = byTeam.locator('tbody a').first();
	const figure = (await cell.textContent())!.replace(/\s+/g, ' ').trim();
	expect(figure).toMatch(/^\d{1,3} %( · \d+ overdue)? \d+ of \d+$/);
	const [, assigned] = /(\d+) of (\d+)$/.exec(figure)!.slice(1).map(Number);
	const rowName = (await cell.locator('xpath=ancestor::tr/th').textContent())!.trim();
	await cell.click();
	await expect(page).toHaveURL(/course=\d+&team=(\d+|none)/);
	await expect(cell).toHaveAttribute('aria-current', 'true');

	const escaped = rowName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const people = page.getByRole('region', { name: new RegExp(`· ${escaped}$`) });
	await expect(people.getByRole('heading', { level: 2 })).toContainText(rowName);
	const states = people.getByRole('navigation', { name: 'People by state' });
	await expect(states.getByRole('link', { name: `All (${assigned})` })).toHaveAttribute(
		'aria-current',
		'page'
	);
	// A trainer is told every name, whatever the size of the group.
	await expect(people.getByRole('table').getByRole('row')).toHaveCount(Math.min(assigned, 100) + 1);

	const completed = states.getByRole('link', { name: /^Completed \(\d+\)$/ });
	const done = Number(/\((\d+)\)/.exec((await completed.textContent())!)![1]);
	await completed.click();
	await expect(page).toHaveURL(/state=completed/);
	if (done === 0) await expect(people.getByText('Nobody here.')).toBeVisible();
	else {
		await expect(people.getByRole('table').getByRole('row')).toHaveCount(Math.min(done, 100) + 1);
		await expect(people.getByRole('table').getByText('Overdue')).toHaveCount(0);
	}
});

test('on a phone the matrix scrolls in its own box, not the page', async ({ page }) => {
	await signIn(page);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/training/matrix?by=team');
	await expect(page.getByRole('heading', { level: 1, name: 'Training completion' })).toBeVisible();
	if (await hasFigures(page)) {
		const overflow = await page.evaluate(() => ({
			page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
			box: (() => {
				const box = document.querySelector<HTMLElement>('[aria-labelledby="matrix-caption"]')!;
				return { scrolls: getComputedStyle(box).overflowX, width: box.getBoundingClientRect().width };
			})()
		}));
		expect(overflow.page).toBeLessThanOrEqual(0);
		expect(overflow.box.scrolls).toBe('auto');
		expect(overflow.box.width).toBeLessThanOrEqual(390);
	}
});

test('a rep is refused the matrix', async ({ page }) => {
	await signIn(page);
	const rep = await demoUser(page, 'Sales / service rep');
	await page.context().clearCookies();
	await signIn(page, rep.email);
	const response = await page.goto('/training/matrix');
	expect(response?.status()).toBe(403);
});
