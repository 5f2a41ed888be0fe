import { fold } from '../../src/lib/text';
import {
	beforeHydration,
	DEMO,
	demoUser,
	expect,
	hydrated,
	openBeforeHydration,
	signIn,
	test
} from './fixtures';

test('a rep finds, edits and follows up a contact; others’ contacts stay out of reach', async ({
	page,
	browser
}) => {
	await signIn(page);
	const rep = await demoUser(page, 'Sales / service rep');
	const tag = `e2e${Date.now()}`;
	const digits = tag.slice(-7); // a phone number of this run's own, as the email is

	// The admin adds a contact for the rep (set-up through the form the admin would use).
	await page.goto('/crm/contacts/new');
	await hydrated(page); // the owner's suggestions are fetched by the page's script
	await page.getByLabel('First (given) name').fill('Thị Hương');
	await page.getByLabel('Last (family) name').fill('Nguyễn');
	await page.getByLabel('Email').fill(`huong.${tag}@phuongnam.vn`);
	await page.getByLabel('Phone').fill(`+84 913 ${digits.slice(0, 3)} ${digits.slice(3)}`);
	// More people than a select should list: the owner is typed, starting as the admin, and suggested.
	const owner = page.getByLabel('Owner');
	await expect(owner).toHaveValue(new RegExp(`<${DEMO.adminEmail}>$`));
	await owner.fill('');
	await owner.pressSequentially(rep.name.split(' ').at(-1)!);
	const suggestion = `${rep.name} <${rep.email}>`;
	await expect(
		page.locator('#owner-people option').and(page.locator(`[value="${suggestion}"]`))
	).toBeAttached();
	await owner.fill(suggestion); // what choosing the suggestion writes
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByText('Contact created.')).toBeVisible();
	const adminOnly = `${tag}admin`;
	await page.goto('/crm/contacts/new');
	await page.getByLabel('Last (family) name').fill(adminOnly);
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByText('Contact created.')).toBeVisible();
	const adminContactUrl = page.url().replace(/\?.*$/, '');

	const context = await browser.newContext();
	const repPage = await context.newPage();
	await signIn(repPage, rep.email, DEMO.password);

	// Find: the search box in the header, without typing the accents.
	await repPage.getByRole('searchbox', { name: 'Search the CRM' }).fill(`nguyen huong.${tag}`);
	await repPage.getByRole('searchbox', { name: 'Search the CRM' }).press('Enter');
	await repPage.getByRole('link', { name: 'Thị Hương Nguyễn' }).click();
	await expect(repPage.getByRole('heading', { level: 1, name: 'Thị Hương Nguyễn' })).toBeVisible();

	// Phone digits find the contact too.
	await repPage.goto(`/crm/search?q=${digits}`);
	await expect(repPage.getByRole('link', { name: 'Thị Hương Nguyễn' })).toBeVisible();
	await repPage.goBack();

	// Edit: the details are read first, and edited in place.
	await repPage.getByText('Edit details', { exact: true }).click();
	await repPage.getByLabel('Job title').fill('Head of purchasing');
	await repPage.getByRole('button', { name: 'Save' }).click();
	await expect(repPage.getByText('Saved.')).toBeVisible();
	await expect(repPage.getByText('Edited contact Thị Hương Nguyễn')).toBeVisible();

	// Follow up: a task due tomorrow shows on the timeline and on the rep's home page.
	const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
	await repPage.getByText('Log a call, email, meeting, note or follow-up task').click();
	await repPage.getByLabel('Type').selectOption('task');
	await repPage.getByLabel('Subject').fill(`Send the price list ${tag}`);
	await repPage.getByLabel('Due date').fill(tomorrow);
	await repPage.getByRole('button', { name: 'Log activity' }).click();
	await expect(repPage.getByText('Logged the task.')).toBeVisible();
	await repPage.goto('/');
	await expect(repPage.getByText(`Send the price list ${tag}`)).toBeVisible();
	await repPage.getByRole('link', { name: 'Thị Hương Nguyễn' }).click();
	await repPage.getByRole('button', { name: `Mark “Send the price list ${tag}” done` }).click();
	await expect(repPage.getByText(`Marked “Send the price list ${tag}” done.`)).toBeVisible();

	// A contact the rep does not own is not found, in search or by address.
	await repPage.goto(`/crm/search?q=${adminOnly}`);
	await expect(repPage.getByText(`Nothing found for “${adminOnly}”.`)).toBeVisible();
	const response = await repPage.goto(adminContactUrl);
	expect(response?.status()).toBe(404);
	await context.close();
});

test('the contact form shows errors beside the fields and keeps what was typed', async ({ page }) => {
	await signIn(page);
	await page.goto('/crm/contacts/new');
	await page.locator('form.stack').evaluate((form) => form.setAttribute('novalidate', ''));
	await page.getByLabel('First (given) name').fill('Сергей');
	await page.getByLabel('Email').fill('sergey@');
	await page.getByLabel('Company').fill('No Such Company Anywhere');
	await page.getByRole('button', { name: 'Create contact' }).click();
	await expect(page.getByText('Enter the last (family) name.')).toBeVisible();
	await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
	await expect(page.getByLabel('First (given) name')).toHaveValue('Сергей');
});

test('company and contact lists search, sort and page', async ({ page }) => {
	await signIn(page);
	await page.goto('/crm/companies?q=hoa+phat');
	await expect(page.getByRole('link', { name: /Hòa Phát/ }).first()).toBeVisible();
	await page.goto('/crm/contacts');
	await expect(page.getByText(/^1–50 of [\d,]+ contacts$/)).toBeVisible();
	await page.getByRole('link', { name: 'Updated' }).click();
	await expect(page).toHaveURL(/sort=updated&dir=asc/);
	await page.getByRole('link', { name: 'Next' }).click();
	await expect(page).toHaveURL(/page=2/);
	await page.goto('/crm/contacts?q=zzqqxx');
	await expect(page.getByText('No contact matches.')).toBeVisible();
});

test('lists filter by owner: a name typed, with suggestions, among everyone an admin sees', async ({
	page
}) => {
	await signIn(page);
	const rep = await demoUser(page, 'Sales / service rep');
	await page.goto('/crm/contacts');
	await hydrated(page); // the suggestions are fetched by the page's script
	// The demo organisation has more people than a select should list: the filter takes a name.
	const owner = page.getByRole('combobox', { name: 'Owner' });
	const suggested = page.locator('#owner-names option');
	await owner.focus();
	await expect(suggested).toHaveCount(20); // the first names of everyone, before anything is typed
	// Part of the rep's name, as someone types it: the suggestions narrow to the names holding it.
	const part = rep.name.split(' ').at(-1)!;
	await owner.pressSequentially(part);
	const names = () => suggested.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
	await expect.poll(async () => (await names()).every((name) => fold(name).includes(fold(part)))).toBe(true);
	expect(await names()).toContain(rep.name);
	await owner.fill(rep.name);
	await owner.press('Enter');
	await expect(page).toHaveURL(/owner=/);
	await expect(owner).toHaveValue(rep.name);
	const rows = page.getByRole('row');
	await expect(rows.nth(1)).toBeVisible();
	const owners = await rows.locator('td:nth-last-child(2)').allTextContents();
	expect(owners.length).toBeGreaterThan(0);
	expect(new Set(owners.map((o) => o.trim()))).toEqual(new Set([rep.name]));

	await owner.fill('zzqq nobody');
	await owner.press('Enter');
	await expect(
		page.getByText('No one whose records you can see has a name with “zzqq nobody” in it.')
	).toBeVisible();
	await expect(page.getByText('No contact matches.')).toBeVisible();
});

test('lists filter by team and by a range of days, kept in the address', async ({ page }) => {
	await signIn(page);
	await page.goto('/crm/cases');
	const total = async () =>
		Number(
			(await page.getByText(/^[\d,]+–[\d,]+ of [\d,]+ cases$/).textContent())!
				.split(' of ')[1]
				.split(' ')[0]
				.replaceAll(',', '')
		);
	const everyone = await total();
	// Team and dates wait under "More filters", folded until one is set.
	const team = page.getByLabel('Team');
	await expect(team).toBeHidden();
	await page.getByText('More filters').click();
	await team.selectOption({ index: 1 });
	const teamId = await team.inputValue();
	await page.getByLabel('Opened from').fill('2020-01-01');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(new RegExp(`team=${teamId}.*from=2020-01-01`));
	const oneTeam = await total();
	expect(oneTeam).toBeGreaterThan(0);
	expect(oneTeam).toBeLessThan(everyone);
	// The address is the list: opened again, it shows the same filters.
	await page.reload();
	await expect(team).toBeVisible();
	await expect(team).toHaveValue(teamId);
	await expect(page.getByLabel('Opened from')).toHaveValue('2020-01-01');
	expect(await total()).toBe(oneTeam);

	await page.getByLabel('Opened to').fill('2019-12-31');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page.getByText('This is before the first day, so nothing matches.')).toBeVisible();
	await expect(page.getByText('No case matches.')).toBeVisible();
	await page.getByRole('link', { name: 'Clear', exact: true }).click();
	await expect(team).toHaveValue('');
	expect(await total()).toBe(everyone);
});

test('cases, activities and campaigns are searched and sorted by their columns', async ({ page }) => {
	await signIn(page);
	await page.goto('/crm/cases');
	await page.getByLabel('Search subject').fill('invoice');
	await page.getByLabel('Search subject').press('Enter');
	await expect(page).toHaveURL(/q=invoice/);
	const subjects = page.getByRole('row').locator('td:first-child');
	await expect(subjects.first()).toBeVisible();
	for (const subject of await subjects.allTextContents()) expect(subject.toLowerCase()).toContain('invoice');
	await page.getByRole('link', { name: 'Priority' }).click();
	await expect(page).toHaveURL(/q=invoice.*sort=priority&dir=asc/);
	await expect(page.getByRole('row').nth(1).locator('td').nth(2)).toHaveText('Urgent');

	await page.goto('/crm/activities?q=zzqq');
	await expect(page.getByText('No activity matches.')).toBeVisible();
	await page.getByRole('link', { name: 'Clear the filters' }).click();
	await page.getByRole('link', { name: 'Subject' }).click();
	await expect(page).toHaveURL(/sort=subject/);

	await page.goto('/crm/campaigns');
	await page.getByRole('link', { name: 'Members' }).click();
	await expect(page.getByRole('columnheader', { name: 'Members' })).toHaveAttribute('aria-sort', 'ascending');
});

test('a list’s filters show what its address says: after Clear, Back, and a box ticked before the page was interactive', async ({
	page
}) => {
	await signIn(page);
	const fields = async () => [
		await page.getByLabel('Search subject').inputValue(),
		await page.getByLabel('Priority').inputValue(),
		await page.getByLabel('Open only').isChecked()
	];
	await beforeHydration(page, '/crm/cases', () => page.getByLabel('Open only').check());
	expect(await fields()).toEqual(['', '', true]);
	await page.getByLabel('Search subject').fill('zzqq');
	await page.getByLabel('Priority').selectOption('urgent');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/q=zzqq.*priority=urgent.*open=1/);
	expect(await fields()).toEqual(['zzqq', 'urgent', true]);

	await page.getByRole('link', { name: 'Clear', exact: true }).click();
	await expect(page).toHaveURL(/\/crm\/cases$/);
	await expect.poll(fields).toEqual(['', '', false]);
	await page.goBack();
	await expect(page).toHaveURL(/q=zzqq/);
	await expect.poll(fields).toEqual(['zzqq', 'urgent', true]);
});

test('panels opened before the page’s JavaScript arrives stay open once it has', async ({ page }) => {
	await signIn(page);
	await page.goto('/crm/contacts');
	const contact = await page.getByRole('row').nth(1).getByRole('link').first().getAttribute('href');
	const panels: [path: string, summary: string, inside: string][] = [
		[contact!, 'Log a call, email, meeting, note or follow-up task', 'Subject'],
		['/crm/contacts', 'More filters', 'Preferred language'],
		['/rollout/pain-points', 'Report a pain point', 'How bad is it'],
		['/rollout/pain-points', 'Link and address', 'Process map']
	];
	for (const [path, summary, inside] of panels) {
		const panel = await openBeforeHydration(page, path, summary);
		await expect(panel, summary).toHaveAttribute('open', '');
		await expect(panel.getByLabel(inside).first()).toBeVisible();
	}
});

test('a filtered list downloads as CSV for a role with export, and the export is audited', async ({
	page
}) => {
	await signIn(page);
	await page.goto('/crm/companies?q=hoa+phat');
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'CSV' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^companies-\d{4}-\d{2}-\d{2}\.csv$/);
	const text = (await (await download.createReadStream()).toArray()).join('');
	expect(text).toContain('Hòa Phát');
	expect(text).not.toContain('ООО');
	await page.goto('/admin/audit?action=export');
	await expect(page.getByText(/Exported \d+ companies as CSV/).first()).toBeVisible();
});
