import ICAL from 'ical.js';
import { test, expect, signIn, demoUser, DEMO, hydrated, localInput } from './fixtures';

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

test('the whole path: a course for reps, a session, a rep enrolls, attendance on a phone completes it, a newcomer to the role gets it', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const stamp = unique();
	// Two people of the admin's making, so that nothing another test relies on changes: a rep, and a
	// viewer who is moved into the rep role at the end.
	await signIn(page);
	const createUser = async (name: string, role: string) => {
		const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${stamp}@northwind.example`;
		await page.goto('/admin/users/new');
		await page.getByLabel('Name').fill(name);
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Role').selectOption({ label: role });
		await page.getByLabel('Team').selectOption({ label: 'Sales North' });
		await page.getByLabel('Initial password').fill('first-password-2026');
		await page.getByRole('button', { name: 'Create user' }).click();
		await expect(page.getByText('User created.')).toBeVisible();
		return { name, email, url: page.url() };
	};
	const rep = await createUser(`Ingrid Solberg ${stamp}`, 'Sales / service rep');
	const newcomer = await createUser(`Tomasz Wójcik ${stamp}`, 'Viewer');
	const trainer = await demoUser(page, 'Trainer');
	const open = async (email: string, viewport = { width: 1366, height: 800 }) => {
		const context = await browser.newContext({ timezoneId: 'Europe/Oslo' });
		const p = await context.newPage();
		await signIn(p, email, email === trainer.email ? DEMO.password : 'first-password-2026');
		await p.setViewportSize(viewport);
		return { context, page: p };
	};

	// The trainer, on a phone, creates a classroom course for the rep role; every rep has it at once.
	const coach = await open(trainer.email, { width: 390, height: 844 });
	const title = `Logging calls the same day ${stamp}`;
	await coach.page.goto('/training/courses/new');
	await hydrated(coach.page);
	await coach.page.getByLabel('Title').fill(title);
	await coach.page.getByLabel('Format').selectOption({ label: 'Classroom' });
	await coach.page.getByLabel('Duration (minutes)').fill('60');
	await coach.page.getByRole('group', { name: 'Roles' }).getByLabel('Sales / service rep').check();
	await coach.page.getByLabel('Due (days after assignment)').fill('14');
	await coach.page.getByRole('button', { name: 'Create course' }).click();
	await coach.page.getByRole('button', { name: 'Create and assign' }).click();
	await expect(coach.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(coach.page.getByText(/Course created and assigned to \d+ people\./)).toBeVisible();

	// It schedules a session starting in half an hour.
	await hydrated(coach.page);
	const schedule = coach.page.locator('form[action="?/schedule"]');
	await schedule.getByLabel('Trainer').selectOption({ label: trainer.name });
	await schedule.getByLabel('Starts').fill(await localInput(coach.page, 30));
	await schedule.getByLabel('Ends').fill(await localInput(coach.page, 90));
	await schedule.getByLabel('Place').fill('Room 2.04, Bergen office');
	await schedule.getByLabel('Seats').fill('12');
	await schedule.getByRole('button', { name: 'Schedule session' }).click();
	await expect(coach.page.getByText('Session scheduled.')).toBeVisible();
	await coach.page.getByRole('list', { name: 'Sessions' }).getByRole('link').first().click();
	await expect(coach.page).toHaveURL(/\/training\/sessions\/\d+$/);
	const sessionPage = coach.page.url();

	// The rep, who was a rep before the course existed, finds it in My training and takes a seat.
	const learner = await open(rep.email);
	await learner.page.goto('/training');
	await hydrated(learner.page);
	const card = learner.page
		.getByRole('listitem')
		.filter({ has: learner.page.getByRole('heading', { name: title }) });
	await expect(card).toContainText('Required');
	await card.getByRole('button', { name: /^Enroll in the session on / }).click();
	await expect(card.getByText(/^You have a seat: /)).toBeVisible();
	const booked = learner.page.getByRole('link', { name: new RegExp(`Add to calendar \\(${title}`) });
	await expect(booked).toBeVisible();

	// Its calendar file parses, with the session's place.
	const ics = await learner.page.request.get((await booked.getAttribute('href'))!);
	expect(ics.status()).toBe(200);
	const calendar = new ICAL.Component(ICAL.parse(await ics.text()));
	const [event] = calendar.getAllSubcomponents('vevent');
	expect(event.getFirstPropertyValue('summary')).toContain(title);
	expect(event.getFirstPropertyValue('location')).toBe('Room 2.04, Bergen office');

	// The trainer takes attendance on the phone; the rep's course shows completed.
	await coach.page.goto(sessionPage);
	await hydrated(coach.page);
	await coach.page.getByRole('group', { name: rep.name }).getByLabel('Present').check();
	await coach.page.getByRole('button', { name: 'Save attendance' }).click();
	await expect(coach.page.getByText('Saved 1 mark; 1 person completed the course.')).toBeVisible();
	await learner.page.reload();
	await expect(learner.page.getByRole('heading', { name: title })).toHaveCount(0);
	const history = learner.page
		.getByRole('region', { name: 'History' })
		.getByRole('listitem')
		.filter({ hasText: title });
	await expect(history).toContainText('Completed');

	// The viewer has nothing of it; moved into the rep role, they have it at once.
	const moved = await open(newcomer.email);
	await moved.page.goto('/training');
	await expect(moved.page.getByRole('heading', { name: title })).toHaveCount(0);
	await page.goto(newcomer.url);
	await page.getByLabel('Role').selectOption({ label: 'Sales / service rep' });
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByRole('status').or(page.getByRole('alert')).first()).toBeVisible();
	await moved.page.reload();
	await expect(moved.page.getByRole('heading', { name: title })).toBeVisible();
	for (const c of [coach, learner, moved]) await c.context.close();
});
