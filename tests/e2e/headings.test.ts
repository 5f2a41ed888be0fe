import type { Page } from '@playwright/test';
import { BUILT_IN_ROLE_DEFINITIONS } from '../../src/lib/permissions';
import { demoUser, DEMO, expect, signIn, test } from './fixtures';

/** The heading outline's faults: not exactly one h1, not starting at h1, or a level skipped going down. */
async function headingProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
		const levels = headings.map((h) => Number(h.tagName[1]));
		const text = (i: number) => `h${levels[i]} “${headings[i].textContent!.trim().slice(0, 40)}”`;
		const problems: string[] = [];
		const h1s = levels.filter((l) => l === 1).length;
		if (h1s !== 1) problems.push(`${h1s} h1 elements`);
		if (levels.length && levels[0] !== 1) problems.push(`starts with ${text(0)}`);
		for (let i = 1; i < levels.length; i++) {
			if (levels[i] > levels[i - 1] + 1) problems.push(`${text(i - 1)} then ${text(i)}`);
		}
		return problems;
	});
}

/** The first link in the page's main part to a record of `list` (`/crm/contacts` → `/crm/contacts/123`). */
async function firstRecord(page: Page, list: string): Promise<string> {
	await page.goto(list);
	const href = await page.evaluate((prefix) => {
		const pattern = new RegExp(`^${prefix}/\\d+$`);
		return [...document.querySelectorAll('main a')]
			.map((a) => a.getAttribute('href'))
			.find((h) => h && pattern.test(h));
	}, list);
	expect(href, `a record link on ${list}`).toBeTruthy();
	return href!;
}

const PAGES = [
	'/',
	'/crm',
	'/crm/companies',
	'/crm/contacts',
	'/crm/deals',
	'/crm/deals/board',
	'/crm/activities',
	'/crm/cases',
	'/crm/campaigns',
	'/crm/import',
	'/crm/search?q=north',
	'/crm/contacts/new',
	'/rollout',
	'/rollout/goals',
	'/rollout/phases',
	'/rollout/maps',
	'/rollout/pain-points',
	'/rollout/risks',
	'/rollout/team',
	'/rollout/changes',
	'/rollout/integrations',
	'/rollout/readiness',
	'/rollout/templates',
	'/rollout/risks/new',
	'/training',
	'/training/sessions',
	'/training/sessions?who=everyone&when=past',
	'/training/overdue',
	'/training/matrix',
	'/training/matrix?by=team',
	'/adoption',
	'/adoption/groups?by=role',
	'/adoption/groups?by=phase',
	'/adoption/modules',
	'/adoption/cohorts?by=phase',
	'/adoption/quality',
	'/adoption/people',
	'/adoption/contests',
	'/engagement',
	'/engagement?board=teams&period=month',
	'/engagement/rules',
	'/engagement/contests',
	'/engagement/contests/new',
	'/admin/adoption',
	'/admin',
	'/admin/users',
	'/admin/users/new',
	'/admin/teams',
	'/admin/roles',
	'/admin/settings',
	'/admin/audit',
	'/admin/fields',
	'/admin/pipeline',
	'/admin/sign-ins',
	'/crm/contacts/999999999'
];
const RECORD_LISTS = [
	'/crm/companies',
	'/crm/contacts',
	'/crm/deals',
	'/crm/cases',
	'/crm/campaigns',
	'/rollout/goals',
	'/rollout/phases',
	'/rollout/maps',
	'/rollout/risks',
	'/rollout/changes',
	'/rollout/integrations',
	'/engagement/contests',
	'/admin/users',
	'/admin/teams',
	'/admin/roles'
];

test('every main page has one h1 and headings that skip no level', async ({ page }) => {
	test.setTimeout(120_000);
	await signIn(page);
	const records: string[] = [];
	for (const list of RECORD_LISTS) records.push(await firstRecord(page, list));
	const found: Record<string, string[]> = {};
	for (const path of [...PAGES, ...records]) {
		await page.goto(path);
		const problems = await headingProblems(page);
		if (problems.length) found[path] = problems;
	}
	expect(found).toEqual({});
});

test('the keyboard focus is outlined on every control it reaches', async ({ page }) => {
	await signIn(page);
	for (const path of ['/', '/crm/contacts', await firstRecord(page, '/crm/contacts'), '/rollout/risks/new']) {
		await page.goto(path);
		const unmarked: string[] = [];
		for (let i = 0; i < 25; i++) {
			await page.keyboard.press('Tab');
			const focus = await page.evaluate(() => {
				const el = document.activeElement as HTMLElement | null;
				if (!el || el === document.body) return null;
				const style = getComputedStyle(el);
				return {
					what: `${el.tagName.toLowerCase()} “${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 30)}”`,
					outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
				};
			});
			if (focus && !focus.outlined) unmarked.push(`${path}: ${focus.what}`);
		}
		expect(unmarked).toEqual([]);
	}
});

/** Whether everything in the header (brand, areas, search, account) sits on one line. */
async function headerOnOneLine(page: Page) {
	return page.evaluate(() => {
		const header = document.querySelector('header.shell')!;
		const items = [...header.querySelectorAll<HTMLElement>('.brand, nav a, input, summary, button')].filter(
			(el) => el.getClientRects().length > 0 && el.checkVisibility()
		);
		const middles = items.map((el) => {
			const r = el.getBoundingClientRect();
			return r.top + r.height / 2;
		});
		const tallest = Math.max(...items.map((el) => el.getBoundingClientRect().height));
		return {
			items: items.length,
			spread: Math.max(...middles) - Math.min(...middles),
			oneLine: header.getBoundingClientRect().height < 2 * tallest
		};
	});
}

test('the header holds on one line at 1366 px for every role', async ({ page, browser }) => {
	test.setTimeout(90_000);
	await signIn(page);
	for (const role of BUILT_IN_ROLE_DEFINITIONS) {
		const user = role.name === 'admin' ? { email: DEMO.adminEmail } : await demoUser(page, role.label);
		const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
		const other = await context.newPage();
		await signIn(other, user.email);
		await expect(
			other.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Home' })
		).toBeVisible();
		const header = await headerOnOneLine(other);
		expect(header.items, role.label).toBeGreaterThan(3);
		expect(header.spread, `${role.label}: items off the line`).toBeLessThanOrEqual(4);
		expect(header.oneLine, `${role.label}: header taller than one line`).toBe(true);
		await context.close();
	}
});
