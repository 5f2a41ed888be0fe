import type { Page } from '@playwright/test';
import { demoUser, expect, signIn, test } from './fixtures';

/** The "Points" figure of a side in a contest's standings (its total, not per head). */
async function sidePoints(page: Page, side: string): Promise<number> {
	const row = page.getByRole('region', { name: 'Standings' }).getByRole('row', { name: new RegExp(side) });
	const cells = row.getByRole('cell');
	return Number((await cells.nth(2).textContent())!.replace(/,/g, ''));
}

test('points for complete work only, a contest between virtual teams that moves, and points taken back', async ({
	page,
	browser
}) => {
	test.setTimeout(90_000);
	const tag = `Eng${Date.now()}`;
	await signIn(page);
	const rep = await demoUser(page, 'Sales / service rep');

	// The admin sets what a deal earns (a bad value is refused beside its field first).
	await page.goto('/engagement/rules');
	await page.getByLabel('Points for Create a deal').fill('-3');
	await page.getByRole('button', { name: 'Save the rules' }).click();
	await expect(
		page.getByText('Points cannot be negative: to stop an action earning, switch it off.')
	).toBeVisible();
	await page.getByLabel('Points for Create a deal').fill('15');
	await page.getByRole('button', { name: 'Save the rules' }).click();
	await expect(page.getByText(/rule saved; they apply to what people do from now on/)).toBeVisible();

	// The rep's team (their page's banner says it, as the admin's says "Administrator · Project Office").
	const repContext = await browser.newContext();
	const me = await repContext.newPage();
	await signIn(me, rep.email);
	const repTeam = (await me
		.getByRole('banner')
		.getByText(/^Sales \/ service rep · /)
		.textContent())!
		.split(' · ')[1]
		.trim();

	// …and starts a contest today between two virtual teams drawn across teams.
	await page.goto('/engagement/contests/new');
	await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Deal sprint ${tag}`);
	await page.getByLabel('Prizes').fill('Lunch for the winners');
	await page.getByLabel('Name of side 1').fill('Blue');
	await page.getByLabel('Name of side 2').fill('Green');
	const side1 = page.getByRole('group', { name: 'Teams of side 1' });
	const side2 = page.getByRole('group', { name: 'Teams of side 2' });
	const others = (await side1.locator('label').allTextContents())
		.map((t) => t.trim())
		.filter((t) => t !== repTeam);
	await side1.getByLabel(repTeam, { exact: true }).check();
	await side1.getByLabel(others[0], { exact: true }).check();
	await side2.getByLabel(others[1], { exact: true }).check();
	await side2.getByLabel(others[2], { exact: true }).check();
	// A team on both sides is refused, beside the side.
	await side2.getByLabel(repTeam, { exact: true }).check();
	await page.getByRole('button', { name: 'Create the contest' }).click();
	await expect(
		page.getByText(`${repTeam} is already in “Blue”: a team plays on one side only.`)
	).toBeVisible();
	await page.getByRole('group', { name: 'Teams of side 2' }).getByLabel(repTeam, { exact: true }).uncheck();
	await page.getByRole('button', { name: 'Create the contest' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Deal sprint ${tag}` })).toBeVisible();
	await expect(page.getByText('Running: standings update as people work')).toBeVisible();
	const contestUrl = page.url();
	const before = await sidePoints(page, 'Blue');

	// The rep logs a complete deal (from their new contact, with its key fields) and an incomplete one.
	await me.goto('/crm/companies/new');
	await me.getByLabel('Name').fill(`Công ty ${tag}`);
	await me.getByRole('button', { name: 'Create company' }).click();
	await expect(me.getByText('Company created.')).toBeVisible();
	await me.goto('/crm/contacts/new');
	await me.getByLabel('First (given) name').fill('Lan');
	await me.getByLabel('Last (family) name').fill(tag);
	await me.getByLabel('Email').fill(`lan.${tag.toLowerCase()}@example.com`);
	await me.getByLabel('Phone').fill(`+84 913 ${tag.slice(-6, -3)} ${tag.slice(-3)}`);
	await me.getByLabel('Company').fill(`Công ty ${tag}`);
	await me.getByRole('button', { name: 'Create contact' }).click();
	await expect(me.getByText('Contact created.')).toBeVisible();
	await me.getByRole('link', { name: 'New deal' }).click();
	await me.getByLabel('Deal name').fill(`Complete ${tag}`);
	await me.getByLabel('Amount').fill('12,000');
	await me.getByLabel('Expected close date').fill('2027-03-31');
	await me.getByRole('button', { name: 'Create deal' }).click();
	await expect(me.getByText('Deal created.')).toBeVisible();
	const dealUrl = me.url().replace(/\?.*$/, '');
	await me.goto('/crm/deals/new');
	await me.getByLabel('Deal name').fill(`Incomplete ${tag}`);
	await me.getByRole('button', { name: 'Create deal' }).click();
	await expect(me.getByText('Deal created.')).toBeVisible();

	// Points for one of them, and the ledger says why the other earned nothing.
	await me.goto('/engagement');
	const ledger = me.getByRole('region', { name: 'Your points ledger' });
	await expect(
		ledger.getByRole('row', { name: new RegExp(`Created deal Complete ${tag}.*\\+15`) })
	).toBeVisible();
	await expect(
		ledger.getByRole('row', {
			name: new RegExp(`Incomplete ${tag}: no points, missing amount, close date, contact`)
		})
	).toBeVisible();
	// The board moves: the contest's side has the new points.
	await page.goto(contestUrl);
	expect(await sidePoints(page, 'Blue')).toBeGreaterThanOrEqual(before + 15);

	// The admin deletes the complete deal: its points are taken back, and the rep sees why.
	await page.goto(dealUrl);
	await page.getByText('Delete deal…').click();
	await page.getByRole('button', { name: 'Yes, delete' }).click();
	await expect(page).toHaveURL(/\/crm\/deals(\?|$)/);
	await me.goto('/engagement');
	await expect(ledger.getByRole('row', { name: /The deal was deleted.*-15/ })).toBeVisible();
	await expect(
		ledger.getByRole('row', { name: new RegExp(`Complete ${tag}.*taken back since`) })
	).toBeVisible();
	await repContext.close();

	// Once started, the contest's rules are frozen: no edit form, no delete.
	await page.goto(contestUrl);
	await expect(page.getByRole('heading', { name: 'Edit before it starts' })).toHaveCount(0);
});
