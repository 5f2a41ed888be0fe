import Database from 'better-sqlite3';
import ICAL from 'ical.js';
import type { APIRequestContext, Page } from '@playwright/test';
import { E2E_DATABASE } from '../../playwright.config';
import { DEMO, expect, signIn, test } from './fixtures';

/** Parses an iCalendar text with ical.js (not the generator that wrote it); returns its events. */
function parse(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	expect(calendar.name).toBe('vcalendar');
	expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
	return calendar.getAllSubcomponents('vevent');
}

async function createAddress(page: Page, previous?: string): Promise<string> {
	await page
		.getByRole('button', { name: /^(Create subscription address|Replace with a new address)$/ })
		.click();
	await expect(page.getByText('Your subscription address is ready.')).toBeVisible();
	// A replacement shows the same message: wait for the new address itself.
	if (previous) await expect(page.getByLabel('Your private subscription address')).not.toHaveValue(previous);
	const address = await page.getByLabel('Your private subscription address').inputValue();
	expect(address).toMatch(/^http:\/\/localhost:\d+\/calendar\/[a-z2-7]{40}\.ics$/);
	return address;
}

/** Fetches the feed as a calendar app does: no cookies, no session. */
async function fetchFeed(visitor: APIRequestContext, address: string) {
	return visitor.get(address, { maxRedirects: 0 });
}

/**
 * A past session the admin taught, written straight into the test database: the demo's sessions are
 * not relied on, and a past session of an archived, optional course is assigned to nobody and shows
 * in no list of sessions to come.
 */
function pastSessionTaughtBy(email: string): { id: number; title: string } {
	const db = new Database(E2E_DATABASE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const trainer = db.prepare('select id from user where email = ?').get(email) as { id: number };
		const title = `Calendar check ${Date.now()}`;
		const course = db
			.prepare(
				`insert into course (title, format, duration_minutes, audience, required, archived, owner_id)
				 values (?, 'classroom', 60, '{"roles":[],"teams":[],"projectRoles":[],"phases":[]}', 0, 1, ?)`
			)
			.run(title, trainer.id);
		const startsAt = Date.now() - 3 * 86_400_000;
		const session = db
			.prepare(
				`insert into training_session (course_id, trainer_id, starts_at, ends_at, place, capacity)
				 values (?, ?, ?, ?, 'Room 2', 8)`
			)
			.run(course.lastInsertRowid, trainer.id, startsAt, startsAt + 3_600_000);
		return { id: Number(session.lastInsertRowid), title };
	} finally {
		db.close();
	}
}

test('a private calendar address: made once, read without signing in, revoked to a 404', async ({
	page,
	playwright,
	baseURL
}) => {
	const session = pastSessionTaughtBy(DEMO.adminEmail);
	await signIn(page);
	await page.goto('/training/calendar');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your training calendar');
	await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);

	const first = await createAddress(page);
	// Replacing ends the first address at once.
	const address = await createAddress(page, first);
	expect(address).not.toBe(first);
	// Shown once: after a reload only the fact that there is one is left.
	await page.reload();
	await expect(page.getByLabel('Your private subscription address')).toHaveCount(0);
	await expect(page.getByText(/You have a subscription address, made /)).toBeVisible();
	expect(await page.content()).not.toContain(address.split('/').pop()!);

	const visitor = await playwright.request.newContext({ baseURL });
	try {
		const feed = await fetchFeed(visitor, address);
		expect(feed.status()).toBe(200);
		expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
		expect(feed.headers()['cache-control']).toBe('private, max-age=300');
		const events = parse(await feed.text());
		const taught = events.find(
			(e) => e.getFirstPropertyValue('uid') === `training-session-${session.id}@uptake`
		);
		expect(taught?.getFirstPropertyValue('summary')).toBe(session.title);
		expect(taught?.getFirstPropertyValue('status')).toBe('CONFIRMED');

		expect((await fetchFeed(visitor, first)).status()).toBe(404);
		const guessed = await fetchFeed(visitor, address.replace(/[a-z2-7]{40}/, 'a'.repeat(40)));
		expect(guessed.status()).toBe(404);
		expect(guessed.headers()['content-type']).toContain('text/plain');
		expect((await fetchFeed(visitor, address.replace(/\.ics$/, ''))).status()).toBe(404);
		// The one-session download is behind sign-in.
		const anonymous = await visitor.get(`/training/sessions/${session.id}/calendar.ics`, { maxRedirects: 0 });
		expect(anonymous.status()).toBe(303);

		// Signed in, the session downloads as a file.
		const download = await page.request.get(`/training/sessions/${session.id}/calendar.ics`);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-disposition']).toBe(
			`attachment; filename="training-session-${session.id}.ics"`
		);
		const [one] = parse(await download.text());
		expect(one.getFirstPropertyValue('uid')).toBe(`training-session-${session.id}@uptake`);
		expect((await page.request.get('/training/sessions/999999999/calendar.ics')).status()).toBe(404);

		// Revoking asks first, then the address opens nothing.
		await page.getByText('Revoke address…').click();
		await page.getByRole('button', { name: 'Yes, revoke' }).click();
		await expect(page.getByText('Subscription address revoked')).toBeVisible();
		await expect(page.getByText('You have no subscription address yet.')).toBeVisible();
		expect((await fetchFeed(visitor, address)).status()).toBe(404);
	} finally {
		await visitor.dispose();
	}
});

test('the calendar page works without JavaScript', async ({ browser, playwright, baseURL }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	const visitor = await playwright.request.newContext({ baseURL });
	try {
		await signIn(page, DEMO.adminEmail, DEMO.password);
		await page.goto('/training/calendar');
		const address = await createAddress(page);
		expect((await fetchFeed(visitor, address)).status()).toBe(200);
		await page.goto('/training/calendar');
		await page.getByText('Revoke address…').click();
		await page.getByRole('button', { name: 'Yes, revoke' }).click();
		await expect(page.getByText('Subscription address revoked')).toBeVisible();
		expect((await fetchFeed(visitor, address)).status()).toBe(404);
	} finally {
		await visitor.dispose();
		await context.close();
	}
});
