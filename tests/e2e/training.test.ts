import { test, expect, signIn, demoUser, DEMO } from './fixtures';

/**
 * The training area end to end, as the "done when" reads: a trainer builds a course for the
 * rep role and every rep has it at once; a session is scheduled; a rep enrolls from My training; the
 * trainer takes attendance on a phone and the rep's course shows completed; someone moved into the
 * rep role gets the course; a phase gated on training names who blocks it.
 */

const unique = () => Date.now().toString(36);

test('a course aimed at reps is assigned to every rep at once, after the trainer confirms the numbers', async ({
	page
}) => {
	await signIn(page);
	const trainer = await demoUser(page, 'Trainer');
	await page.context().clearCookies();
	await signIn(page, trainer.email);
	await page.goto('/training/courses/new');
	const title = `Quotes for reps ${unique()}`;
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Format').selectOption({ label: 'Self-paced' });
	await page.getByLabel('Duration (minutes)').fill('45');
	await page.getByRole('group', { name: 'Roles' }).getByLabel('Sales / service rep').check();
	await page.getByLabel('Due (days after assignment)').fill('21');
	await page.getByRole('button', { name: 'Create course' }).click();
	// Nothing is saved yet: the trainer sees what the audience will do first.
	const notice = page.getByRole('alert').filter({ hasText: 'This will assign the course to' });
	await expect(notice).toBeVisible();
	const assigned = Number(/assign the course to (\d+)/.exec((await notice.textContent())!)![1]);
	expect(assigned).toBeGreaterThan(50);
	await page.getByRole('button', { name: 'Create and assign' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByText(`Course created and assigned to ${assigned} people.`)).toBeVisible();
	await expect(page.getByRole('link', { name: `Open (${assigned})` })).toBeVisible();
});

test('bad input on the course form is shown beside the field and nothing is saved', async ({ page }) => {
	await signIn(page);
	await page.goto('/training/courses/new');
	// Only spaces: the browser's own check lets it through, the server's does not.
	await page.getByLabel('Title').fill('   ');
	await page.getByLabel('Duration (minutes)').fill('2');
	await page.getByLabel('Materials').fill('Slides intranet/slides.pdf');
	await page.getByRole('button', { name: 'Create course' }).click();
	await expect(page.getByText('Name the course.')).toBeVisible();
	await expect(page.getByText('A course takes at least 5 minutes.')).toBeVisible();
	await expect(page.getByText('Line 1 needs an address starting with https:// at its end.')).toBeVisible();
	await expect(page.getByLabel('Materials')).toHaveValue('Slides intranet/slides.pdf');
	await expect(page.getByRole('heading', { level: 1, name: 'New course' })).toBeVisible();
});

test('the phase gated on training says how far it is and who is blocking it', async ({ page }) => {
	await signIn(page, DEMO.adminEmail);
	await page.goto('/rollout/phases');
	await page.getByRole('link', { name: 'Sales', exact: true }).first().click();
	const criterion = page
		.getByRole('listitem')
		.filter({ hasText: /Required training completed by \d+ % of the phase’s teams/ });
	await expect(criterion).toContainText(/checked live: [\d.]+ % completed\s+of \d+ %/);
	const blockers = page.getByRole('table', { name: /People with required training open/ });
	await expect(blockers).toBeVisible();
	await expect(blockers.getByRole('row').nth(1)).toContainText('overdue since');
	// It is checked live: there is no box to tick by hand.
	await expect(page.getByRole('button', { name: /Check “Required training/ })).toHaveCount(0);
});
