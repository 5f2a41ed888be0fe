import type { Page } from '@playwright/test';
import { DEMO, demoUser, expect, hydrated, localInput, signIn, test } from './fixtures';

// Times are typed and read in the browser's own zone; the trainer's phone opens its own context below.
test.use({ timezoneId: 'Europe/Oslo' });

/** Whether the page scrolls sideways. */
const scrollsSideways = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test('a trainer schedules a session, adds people and takes their attendance on a phone', async ({
	page,
	browser
}) => {
	test.setTimeout(90_000);
	await signIn(page);
	const trainer = await demoUser(page, 'Trainer');
	const rep = await demoUser(page, 'Sales / service rep');
	const manager = await demoUser(page, 'Sales / service manager');

	// Signed in on a laptop-sized window (the phone folds sign-out into its menu), then a phone's.
	const context = await browser.newContext({ timezoneId: 'Europe/Oslo' });
	const phone = await context.newPage();
	await signIn(phone, trainer.email, DEMO.password);
	await phone.setViewportSize({ width: 390, height: 844 });

	// A classroom course assigned by hand only, and a session of it starting in half an hour.
	const title = `Pipeline hygiene on the road ${Date.now()}`;
	await phone.goto('/training/courses/new');
	await hydrated(phone);
	await phone.getByLabel('Title').fill(title);
	await phone.getByLabel('Format').selectOption({ label: 'Classroom' });
	await phone.getByLabel('Duration (minutes)').fill('90');
	await phone.getByRole('button', { name: 'Create course' }).click();
	await expect(phone.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await hydrated(phone);
	await expect(phone.getByText('Times in Europe/Oslo.')).toBeVisible();
	const schedule = phone.locator('form[action="?/schedule"]');
	await schedule.getByLabel('Trainer').selectOption({ label: trainer.name });
	await schedule.getByLabel('Starts').fill(await localInput(phone, 30));
	await schedule.getByLabel('Ends').fill(await localInput(phone, 120));
	await schedule.getByLabel('Place').fill('Room 4.12, Oslo office');
	await schedule.getByLabel('Seats').fill('8');
	await schedule.getByRole('button', { name: 'Schedule session' }).click();
	await expect(phone.getByText('Session scheduled.')).toBeVisible();
	await phone.getByRole('list', { name: 'Sessions' }).getByRole('link').first().click();

	// The session page: the course, the time in the viewer's zone, the place, no sideways scroll.
	await expect(phone.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await hydrated(phone);
	await expect(phone.getByText('(Europe/Oslo)')).toBeVisible();
	await expect(phone.getByText('Room 4.12, Oslo office')).toBeVisible();
	await expect(phone.getByText('0 of 8 taken')).toBeVisible();
	expect(await scrollsSideways(phone)).toBe(false);

	// The trainer adds two people by name.
	for (const person of [rep, manager]) {
		await phone.getByLabel('Find by name or email').fill(person.name);
		await phone.getByRole('button', { name: 'Find', exact: true }).click();
		await expect(phone).toHaveURL(/find=/);
		const option = phone.getByLabel('Person', { exact: true }).locator('option', { hasText: person.name });
		await phone
			.getByLabel('Person', { exact: true })
			.selectOption(await option.first().getAttribute('value'));
		await phone.getByRole('button', { name: 'Add to the session' }).click();
		await expect(phone.getByText(`${person.name} has a seat in the session.`)).toBeVisible();
	}
	await expect(phone.getByText('2 of 8 taken')).toBeVisible();

	// Attendance opens an hour before the start: a row per person, four big choices and a remark.
	await expect(phone.getByRole('heading', { name: /^Attendance/ })).toBeVisible();
	const repRow = phone.getByRole('group', { name: rep.name });
	const managerRow = phone.getByRole('group', { name: manager.name });
	for (const choice of ['Present', 'Late', 'Excused', 'Absent']) {
		const box = await managerRow.locator('label', { hasText: choice }).boundingBox();
		expect(box!.height, `${choice} is big enough to tap`).toBeGreaterThanOrEqual(44);
		expect(box!.x + box!.width).toBeLessThanOrEqual(390);
	}
	expect(await scrollsSideways(phone)).toBe(false);
	await phone.getByRole('button', { name: 'Mark everyone present' }).click();
	await expect(repRow.getByLabel('Present')).toBeChecked();
	await managerRow.getByLabel('Late').check();
	await managerRow.getByRole('textbox', { name: /^Remark/ }).fill('Came 15 minutes late');
	await phone.getByRole('button', { name: 'Save attendance' }).click();
	await expect(phone.getByText('Saved 2 marks; 2 people completed the course.')).toBeVisible();

	// What was saved is what the roster shows next time.
	await phone.reload();
	await expect(phone.getByRole('group', { name: manager.name }).getByLabel('Late')).toBeChecked();
	await expect(phone.getByRole('group', { name: rep.name }).getByLabel('Present')).toBeChecked();
	await expect(
		phone.getByRole('group', { name: manager.name }).getByRole('textbox', { name: /^Remark/ })
	).toHaveValue('Came 15 minutes late');
	await phone.getByRole('button', { name: 'Save attendance' }).click();
	await expect(phone.getByText('Nothing to save: every mark was saved already.')).toBeVisible();

	// The printable sheet lists them; the trainer's sessions list has the session.
	await phone.getByRole('link', { name: 'Printable attendance sheet' }).click();
	await expect(phone.getByRole('heading', { level: 1, name: `Attendance: ${title}` })).toBeVisible();
	await expect(phone.getByRole('cell', { name: rep.name })).toBeVisible();
	await expect(phone.getByRole('cell', { name: manager.name })).toBeVisible();
	const sheet = phone.url();
	await phone.goto('/training/sessions');
	await expect(phone.getByRole('link', { name: title })).toBeVisible();

	// The built-in trainer may not export; an administrator gets the roster as CSV.
	const roster = sheet.replace(/\/sheet$/, '/roster.csv');
	expect((await phone.request.get(roster)).status()).toBe(403);
	const csv = await page.request.get(roster);
	expect(csv.status()).toBe(200);
	const text = await csv.text();
	expect(text).toContain('Name,Email,Team,Seat,Attendance,Remark');
	expect(text).toContain(`${manager.email}`);
	expect(text).toContain('Late,Came 15 minutes late');
	await context.close();
});
