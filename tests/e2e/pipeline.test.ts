import type { Page } from '@playwright/test';
import { expect, hydrated, signIn, test } from './fixtures';

/** Creates a deal through the new-deal form; answers its name (made unique, so that the test can repeat). */
async function newDeal(page: Page, label: string, stage = 'Lead (10 %)') {
	const name = `${label} ${Date.now()}`;
	await page.goto('/crm/deals/new');
	await page.getByLabel('Deal name').fill(name);
	await page.getByLabel('Amount').fill('24,000');
	await page.getByLabel('Currency').selectOption('GBP');
	await page.getByLabel('Stage').selectOption({ label: stage });
	await page.getByRole('button', { name: 'Create deal' }).click();
	await expect(page.getByText('Deal created.')).toBeVisible();
	return name;
}

/**
 * The deal's page shows its amount, stage and the stage's probability (written whichever way the
 * record page's summary lays them out).
 */
async function expectDealPage(page: Page, stage: string, probability: string) {
	const main = page.getByRole('main');
	await expect(main).toContainText('GBP 24,000.00');
	await expect(main).toContainText(stage);
	await expect(main).toContainText(probability);
}

const column = (page: Page, stage: string) => page.getByRole('region', { name: new RegExp(`^${stage}`) });
const card = (page: Page, stage: string, name: string) =>
	column(page, stage)
		.getByRole('listitem')
		.filter({ has: page.getByRole('link', { name }) });
/** A card's one Move control (a disclosure: without JavaScript too). */
const moveControl = (page: Page, stage: string, name: string) =>
	card(page, stage, name).locator('summary', { hasText: 'Move' });

test('a deal moves through the pipeline by its keyboard control and by drag and drop', async ({ page }) => {
	await signIn(page);
	const name = await newDeal(page, 'Board deal');
	await expectDealPage(page, 'Lead', '10 %');

	await page.goto('/crm/deals/board');
	await hydrated(page);
	await expect(column(page, 'Lead').getByRole('link', { name })).toBeVisible();
	// The stage's totals per currency: the sum and the weighted sum (amount × probability), compact.
	const totals = column(page, 'Lead').getByRole('table', { name: 'Lead: totals by currency' });
	await expect(totals.getByRole('columnheader', { name: 'Weighted' })).toBeVisible();
	await expect(totals.getByRole('row', { name: /^GBP / }).getByRole('cell')).toHaveText([
		/^[\d.]+[kMBT]?$/,
		/^[\d.]+[kMBT]?$/
	]);

	// Keyboard only: Tab from the card's link to its one Move control, Enter opens the stages (the first
	// one there is to move to has focus), the arrow keys choose one and Enter moves the card.
	await card(page, 'Lead', name).getByRole('link', { name }).focus();
	await page.keyboard.press('Tab');
	await expect(moveControl(page, 'Lead', name)).toBeFocused();
	await page.keyboard.press('Enter');
	const stages = card(page, 'Lead', name).getByRole('group', { name: `Move “${name}” to` });
	await expect(stages.getByRole('button', { name: 'Qualified' })).toBeFocused();
	await expect(stages.getByRole('button', { name: 'Lead' })).toBeDisabled();
	await page.keyboard.press('ArrowDown');
	await expect(stages.getByRole('button', { name: 'Proposal' })).toBeFocused();
	await page.keyboard.press('Enter');
	// Announced in a live region, and focus follows the card to its new column.
	await expect(page.getByRole('status')).toHaveText(`Moved “${name}” to Proposal.`);
	await expect(column(page, 'Proposal').getByRole('link', { name })).toBeVisible();
	await expect(moveControl(page, 'Proposal', name)).toBeFocused();
	// Only one control per card: no select, one Move.
	await expect(page.getByRole('main').getByRole('combobox', { name: /^Move/ })).toHaveCount(0);
	await expect(card(page, 'Proposal', name).locator('summary')).toHaveCount(1);

	// The move is stored.
	await page.reload();
	await hydrated(page); // dragging is the page script's
	await expect(column(page, 'Proposal').getByRole('link', { name })).toBeVisible();
	await expect(column(page, 'Lead').getByRole('link', { name })).toHaveCount(0);

	// Drag and drop onto another column's heading: a point in view, so that nothing scrolls under the mouse mid-drag.
	await card(page, 'Proposal', name).dragTo(column(page, 'Negotiation'), {
		sourcePosition: { x: 4, y: 4 },
		targetPosition: { x: 30, y: 10 }
	});
	await expect(column(page, 'Negotiation').getByRole('link', { name })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText(`Moved “${name}” to Negotiation.`);

	await expect(card(page, 'Negotiation', name)).toContainText('GBP 24,000.00');
	await page.getByRole('link', { name }).click();
	await expectDealPage(page, 'Negotiation', '75 %');
	await expect(page.getByText(`Edited deal ${name}`).first()).toBeVisible();
});

test('at 1366×800 every stage’s header and totals are in view, headers stay while the cards scroll', async ({
	page
}) => {
	await signIn(page);
	await page.goto('/crm/deals/board');
	const main = page.getByRole('main');
	await expect(main.getByRole('heading', { level: 1, name: 'Pipeline' })).toBeVisible();
	const regions = main.getByRole('region');
	const n = await regions.count();
	expect(n).toBeGreaterThanOrEqual(6);
	for (let i = 0; i < n; i++) {
		const region = regions.nth(i);
		// Every stage's heading (level 2, after the page's level 1) and its count and totals, without scrolling.
		await expect(region.getByRole('heading', { level: 2 })).toBeInViewport({ ratio: 1 });
		await expect(region.getByText(/^\d+ deals?$/)).toBeInViewport({ ratio: 1 });
		await expect(
			region
				.getByRole('table', { name: /totals by currency$/ })
				.or(region.getByText('0 deals', { exact: true }))
		).toBeInViewport({ ratio: 1 });
	}
	// The demo's stages hold more cards than fit: scrolling the board keeps the headers where they were.
	const board = page.locator('.board');
	const heading = column(page, 'Lead').getByRole('heading', { level: 2 });
	const before = await heading.boundingBox();
	await board.evaluate((el) => el.scrollBy(0, 600));
	await expect.poll(() => board.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
	expect((await heading.boundingBox())?.y).toBe(before?.y);
	await expect(heading).toBeInViewport({ ratio: 1 });
	await page.screenshot({ path: test.info().outputPath('board-1366x800.png') });
});

test('a move from a board loaded before someone else moved the deal is refused with a clear message', async ({
	page,
	context
}) => {
	await signIn(page);
	const name = await newDeal(page, 'Stale board deal');
	await page.goto('/crm/deals/board');
	await hydrated(page);

	const other = await context.newPage();
	await other.goto('/crm/deals/board');
	await hydrated(other);
	await moveControl(other, 'Lead', name).click();
	await card(other, 'Lead', name).getByRole('button', { name: 'Qualified' }).click();
	await expect(column(other, 'Qualified').getByRole('link', { name })).toBeVisible();
	await other.close();

	// The first board still shows the card in Lead, at the version it loaded.
	await moveControl(page, 'Lead', name).click();
	await card(page, 'Lead', name).getByRole('button', { name: 'Won' }).click();
	await expect(page.getByRole('alert')).toContainText(
		`moved “${name}” to Qualified after you loaded the board, so it was not moved to Won.`
	);
	// The board now shows where the deal is, and moving it again works.
	await expect(column(page, 'Qualified').getByRole('link', { name })).toBeVisible();
	await expect(column(page, 'Won').getByRole('link', { name })).toHaveCount(0);
	await moveControl(page, 'Qualified', name).click();
	await card(page, 'Qualified', name).getByRole('button', { name: 'Won' }).click();
	await expect(column(page, 'Won').getByRole('link', { name })).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a card moves by its Move control and the board keeps its filters', async ({ page }) => {
		await signIn(page);
		const name = await newDeal(page, 'No-JS board deal');
		// Filtered to the deals of the signed-in admin (the deal's owner): the filter survives the move.
		const me = (await page.getByRole('banner').locator('strong').textContent())!.trim();
		await page.goto(`/crm/deals/board?owner=${encodeURIComponent(me)}`);
		await moveControl(page, 'Lead', name).click();
		await card(page, 'Lead', name).getByRole('button', { name: 'Negotiation' }).click();
		await expect(page.getByRole('status')).toHaveText(`Moved “${name}” to Negotiation.`);
		await expect(column(page, 'Negotiation').getByRole('link', { name })).toBeVisible();
		expect(new URL(page.url()).searchParams.get('owner')).toBe(me);
	});
});

test('the board at 390×844: swipe or jump between stages, move a card from its menu', async ({ page }) => {
	await signIn(page);
	const name = await newDeal(page, 'Phone board deal');
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/crm/deals/board');
	await hydrated(page);
	// No page-wide sideways scroll: only the board scrolls, a column at a time.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expect(column(page, 'Lead').getByRole('heading', { level: 2 })).toBeInViewport({ ratio: 1 });
	await page.screenshot({ path: test.info().outputPath('board-390x844.png') });

	await moveControl(page, 'Lead', name).click();
	const proposal = card(page, 'Lead', name).getByRole('button', { name: 'Proposal' });
	await expect(proposal).toBeInViewport({ ratio: 1 });
	await page.screenshot({ path: test.info().outputPath('board-390x844-menu.png') });
	await proposal.click();
	await expect(page.getByRole('status')).toHaveText(`Moved “${name}” to Proposal.`);

	// A stage off to the side is one tap away.
	await page
		.getByRole('navigation', { name: 'Stages' })
		.getByRole('link', { name: /^Proposal/ })
		.click();
	await expect(column(page, 'Proposal').getByRole('heading', { level: 2 })).toBeInViewport({ ratio: 1 });
	await expect(column(page, 'Proposal').getByRole('link', { name })).toBeInViewport();
	await page.screenshot({ path: test.info().outputPath('board-390x844-proposal.png') });
});

test('the admin configures the pipeline’s stages', async ({ page }) => {
	await signIn(page);
	await page.goto('/admin/pipeline');
	const stage = `Verbal yes ${Date.now() % 10000}`;
	await page.locator('#name-new').fill(stage);
	await page
		.locator('form[aria-labelledby="new-stage"]')
		.evaluate((form) => form.setAttribute('novalidate', ''));
	await page.locator('#probability-new').fill('150');
	await page.getByRole('button', { name: 'Add stage' }).click();
	await expect(page.getByText('At most 100.')).toBeVisible();
	await page.locator('#probability-new').fill('90');
	await page.getByRole('button', { name: 'Add stage' }).click();
	await expect(page.getByText(`Added ${stage}.`)).toBeVisible();
	await page.getByRole('button', { name: `Move ${stage} earlier` }).click();
	await expect(page.getByText('Moved.')).toBeVisible();
	const item = page.getByRole('listitem').filter({ has: page.locator(`input[value="${stage}"]`) });
	await item.getByText('Remove…').click();
	await item.getByRole('button', { name: 'Yes, remove' }).click();
	await expect(page.getByText('Removed.')).toBeVisible();
});
