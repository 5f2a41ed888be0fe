import { DEMO, demoUser, expect, signIn, test } from './fixtures';

test('the steering committee runs its meeting from the dashboard', async ({ page }) => {
	await signIn(page);
	await page.goto('/rollout');
	await expect(page.getByRole('heading', { level: 1, name: 'Steering dashboard' })).toBeVisible();
	// The demo plan: a closed pilot, the sales and service phases under way, marketing to come.
	const phases = page.getByRole('table', { name: 'Phases with their rating and adoption' });
	await expect(phases.getByRole('row', { name: /Pilot: Sales North/ })).toContainText('Closed');
	await expect(phases.getByRole('row', { name: /^Sales \d/ })).toContainText(/Red|Amber|Green/);
	await expect(phases.getByRole('row', { name: /^Sales \d/ })).toContainText(/\d+ %/);
	await expect(page.getByRole('heading', { name: /Awaiting a decision \(\d+\)/ })).toBeVisible();
	await expect(page.getByRole('table', { name: /Risk heat map/ })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Readiness' })).toBeVisible();
	await expect(page.getByText(/^\d+ %$/).first()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Print meeting pack' })).toBeVisible();
	// The meeting pack prints without the app's navigation.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Areas' })).toBeHidden();
	await expect(page.getByRole('heading', { level: 1, name: 'Steering dashboard' })).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	// From the queue to a decision, with its reason.
	await page.getByRole('link', { name: 'Change requests', exact: true }).click();
	await page.getByRole('link', { name: 'The steering queue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Steering queue' })).toBeVisible();
	// A request still to be reviewed or approved (the next step of an approved one needs a phase).
	await page
		.getByRole('row')
		.filter({ has: page.getByRole('cell', { name: /^(Submitted|Under review)$/ }) })
		.first()
		.getByRole('link')
		.click();
	await expect(page.getByRole('heading', { name: 'Decision' })).toBeVisible();
	await page.getByLabel(/^Reason/).fill('Agreed in the steering meeting.');
	await page.getByRole('button', { name: 'Record decision' }).click();
	await expect(page.getByText('Decision recorded.')).toBeVisible();
	await expect(page.getByRole('list').filter({ hasText: 'Agreed in the steering meeting.' })).toBeVisible();
});

test('a rep asks for a change and sees the committee’s answer', async ({ page, browser }) => {
	await signIn(page);
	const rep = await demoUser(page, 'Sales / service rep');
	const repContext = await browser.newContext();
	const repPage = await repContext.newPage();
	await signIn(repPage, rep.email, DEMO.password);
	const title = `Show the customer’s birthday ${Date.now()}`;
	await repPage.goto('/rollout/changes/new');
	await repPage.getByLabel(/^What should change/).fill('   '); // passes the browser's check, not the server's
	await repPage.getByRole('button', { name: 'Submit request' }).click();
	await expect(repPage.getByText('Say in a line what should change.')).toBeVisible();
	await repPage.getByLabel(/^What should change/).fill(title);
	await repPage.getByLabel('Type').selectOption('field');
	await repPage.getByRole('button', { name: 'Submit request' }).click();
	await expect(repPage.getByText('Request submitted')).toBeVisible();
	const url = repPage.url().replace(/\?.*$/, '');
	// A rep cannot decide.
	await expect(repPage.getByRole('heading', { name: 'Decision' })).toHaveCount(0);

	await page.goto(url);
	await page.getByLabel('Next').selectOption('rejected');
	await page.getByLabel(/^Reason/).fill('Birthdays are personal data: not in the CRM.');
	await page.getByRole('button', { name: 'Record decision' }).click();
	await expect(page.getByText('Decision recorded.')).toBeVisible();

	await repPage.goto('/rollout/changes?mine=1');
	const row = repPage.getByRole('row', { name: new RegExp(title) });
	await expect(row).toContainText('Rejected');
	await expect(row).toContainText('Birthdays are personal data: not in the CRM.');
	await repContext.close();
});

test('risks: record one, find it on the heat map, review it', async ({ page }) => {
	await signIn(page);
	const title = `Champions leave ${Date.now()}`;
	await page.goto('/rollout/risks/new');
	await page.getByLabel(/^Risk/).fill(title);
	await page.getByLabel('Category').selectOption('people');
	await page.getByLabel('Likelihood').selectOption('4');
	await page.getByLabel('Impact').selectOption('5');
	await page.getByLabel('Next review').fill('2020-01-01');
	await page.getByRole('button', { name: 'Record risk' }).click();
	await expect(page.getByText('Risk recorded.')).toBeVisible();
	await expect(page.getByText('Score 20')).toBeVisible();
	await expect(page.getByText('(overdue)')).toBeVisible();

	await page.goto('/rollout/risks');
	const cell = page
		.getByRole('table', { name: /Risk heat map/ })
		.getByRole('row', { name: /^5 · Severe/ })
		.getByRole('cell')
		.nth(3);
	await expect(cell.getByRole('link', { name: title })).toBeVisible();
	const register = page.getByRole('table', { name: /highest score first/ });
	await page.getByLabel('Review overdue').check();
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(register.getByRole('row', { name: new RegExp(title) })).toContainText('overdue');

	await register
		.getByRole('row', { name: new RegExp(title) })
		.getByRole('link')
		.click();
	await page.getByLabel('Likelihood now').selectOption('2');
	await page.getByLabel(/^Note/).fill('Second champion named in every team.');
	await page.getByRole('button', { name: 'Record review' }).click();
	await expect(page.getByText('Review recorded.')).toBeVisible();
	await expect(page.getByText('Score 10')).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Second champion named in every team.' })).toBeVisible();
});

test('phases: dates are checked, the gantt is drawn, and the exit gate holds', async ({ page }) => {
	await signIn(page);
	await page.goto('/rollout/phases');
	await expect(page.getByRole('img', { name: /Gantt chart of the rollout phases/ })).toBeVisible();

	await page.goto('/rollout/phases/new');
	const name = `Partner portal ${Date.now()}`;
	await page.getByLabel(/^Name/).fill(name);
	await page.getByLabel(/^Starts/).fill('2027-06-30');
	await page.getByLabel(/^Ends/).fill('2027-06-01');
	await page.getByRole('checkbox', { name: 'Key Accounts' }).check();
	await page.getByRole('button', { name: 'Add phase' }).click();
	await expect(page.getByText('A phase cannot end before it starts.')).toBeVisible();
	await expect(page.getByRole('checkbox', { name: 'Key Accounts' })).toBeChecked();
	await page.getByLabel(/^Ends/).fill('2027-08-31');
	await page.getByRole('button', { name: 'Add phase' }).click();
	await expect(page.getByText('Phase added.')).toBeVisible();

	await page.getByLabel('Kind').selectOption('exit');
	await page.getByLabel(/^Criterion/).fill('Partners trained');
	await page.getByRole('button', { name: 'Add criterion' }).click();
	await expect(page.getByText('Criterion added.')).toBeVisible();
	await page.getByRole('button', { name: 'Close phase' }).click();
	await expect(page.getByText(/1 exit criteria are not met: “Partners trained”/)).toBeVisible();
	await page.getByRole('button', { name: 'Check “Partners trained”' }).click();
	await expect(page.getByRole('button', { name: 'Uncheck “Partners trained”' })).toBeVisible();
	await page.getByRole('button', { name: 'Close phase' }).click();
	await expect(page.getByText('Phase closed.')).toBeVisible();
});

test('goals: set one, check in, and move it up by keyboard', async ({ page }) => {
	await signIn(page);
	const title = `Quotes sent from the CRM ${Date.now()}`;
	await page.goto('/rollout/goals/new');
	await page.getByLabel(/^Goal/).fill(title);
	await page.getByLabel('Category').selectOption('sales_growth');
	await page.getByLabel(/^KPI/).fill('Quotes per week');
	await page.getByLabel(/^Baseline/).fill('10');
	await page.getByLabel(/^Target/).fill('10');
	await page.getByLabel(/^Due/).fill('2027-12-31');
	await page.getByRole('button', { name: 'Add goal' }).click();
	await expect(page.getByText('The target must differ from the baseline.')).toBeVisible();
	await page.getByLabel(/^Target/).fill('40');
	await page.getByRole('button', { name: 'Add goal' }).click();
	await expect(page.getByText('Goal added.')).toBeVisible();
	await page.getByLabel(/^Value/).fill('12');
	await page.getByRole('button', { name: 'Record check-in' }).click();
	await expect(page.getByText('Check-in recorded.')).toBeVisible();
	await expect(page.getByRole('img', { name: /Check-ins: .* 12; target 40/ })).toBeVisible();

	await page.goto('/rollout/goals');
	const items = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
	const last = await items.count();
	await expect(items.nth(last - 1)).toContainText(title);
	await page.getByRole('button', { name: `Move ${title} earlier` }).focus();
	await page.keyboard.press('Enter');
	await expect(items.nth(last - 2)).toContainText(title);
});

test('readiness questions are answered with evidence, and the systems to integrate are listed', async ({
	page
}) => {
	await signIn(page);
	await page.goto('/rollout/readiness');
	await expect(page.getByText(/Readiness \d+ %/)).toBeVisible();
	const item = page.getByRole('form', { name: /Answer: Are the data sources and the cut-off date/ });
	await item.getByLabel('Evidence (link)').fill('not a link');
	await item.getByRole('button', { name: 'Save' }).click();
	await expect(
		item.getByText('Enter a web address (https://…) or a page of Uptake (/rollout/…).')
	).toBeVisible();
	await item.getByLabel('Status').selectOption('done');
	await item.getByLabel('Evidence (link)').fill('https://wiki.northwind.example/crm/cut-off');
	await item.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await expect(item.getByLabel('Status')).toHaveValue('done');

	await page.goto('/rollout/integrations');
	await expect(page.getByRole('cell', { name: 'SAP Business One' })).toBeVisible();
	await page.getByRole('link', { name: 'Add a system' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Add a system' })).toBeVisible();
	const system = `Zalo OA ${Date.now()}`;
	await page.getByLabel(/^System/).fill('  ');
	await page.getByRole('button', { name: 'Add system' }).click();
	await expect(page.getByText('Name the system.')).toBeVisible();
	await page.getByLabel(/^System/).fill(system);
	await page.getByLabel('Category').selectOption('email');
	await page.getByLabel('Direction').selectOption('two_way');
	await page.getByLabel('Data exchanged').fill('chat messages');
	await page.getByRole('button', { name: 'Add system' }).click();
	await expect(page.getByRole('row', { name: new RegExp(system) })).toContainText('Two-way');
});

test('a pain point is reported, voted for, and addressed by linking it to a change request', async ({
	page
}) => {
	await signIn(page);
	await page.goto('/rollout/pain-points');
	const text = `Copying addresses by hand ${Date.now()}`;
	await page.getByText('Report a pain point').click();
	await page.getByLabel('Area', { exact: true }).first().selectOption('operations');
	await page.getByLabel('How bad is it').selectOption('high');
	await page.getByLabel(/^What gets in the way/).fill(text);
	await page.getByRole('button', { name: 'Report' }).click();
	await expect(page.getByText('Thank you: your pain point is on the list.')).toBeVisible();
	const item = page.getByRole('listitem').filter({ hasText: text });
	await item.getByRole('button', { name: 'Me too' }).click();
	await expect(item.getByText('1 vote')).toBeVisible();
	await item.getByText('Link and address').click();
	await item.getByLabel('Change request').selectOption({ index: 1 });
	await item.getByLabel('Status').selectOption('addressed');
	await item.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await page.goto('/rollout/pain-points?status=addressed');
	await expect(page.getByRole('listitem').filter({ hasText: text })).toContainText('change: ');
});

test('the project team shows its gaps, takes a champion, and keeps the RACI matrix', async ({ page }) => {
	await signIn(page);
	await page.goto('/rollout/team');
	await expect(page.getByRole('heading', { level: 1, name: 'Project team' })).toBeVisible();
	// The demo's lagging teams have no champion yet.
	const gap = page.getByText(/: .+ has no champion\./).first();
	await expect(gap).toBeVisible();
	const team = (await gap.textContent())!.match(/([^:]+) has no champion\./)![1].trim();
	await expect(page.getByRole('heading', { level: 2, name: 'Executive sponsor' })).toBeVisible();

	await page.getByLabel('Role').selectOption('champion');
	await page.getByLabel('Person').selectOption({ index: 3 });
	await page.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(page.getByText('Choose the team this person champions.')).toBeVisible();
	await page.getByLabel('Team (for a champion)').selectOption({ label: team });
	await page.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(page.getByText('Added to the project team.')).toBeVisible();
	await expect(page.getByText(new RegExp(`: ${team} has no champion\\.`))).toHaveCount(0);

	await page.getByLabel('Trainer for Training').selectOption('A');
	await page.getByRole('button', { name: 'Save RACI matrix' }).click();
	await expect(page.getByText('Training: only one role can be accountable.')).toBeVisible();
	await page.getByLabel('Trainer for Training').selectOption('R');
	await page.getByRole('button', { name: 'Save RACI matrix' }).click();
	await expect(page.getByText('RACI matrix saved.')).toBeVisible();
	await expect(page.getByLabel('Trainer for Training')).toHaveValue('R');
});

test('a project manager starts from a template, previews it, creates it and adjusts it', async ({ page }) => {
	await signIn(page);
	await page.goto('/rollout/templates');
	await page.getByRole('radio', { name: /Multi-department enterprise rollout/ }).check();
	await page.getByLabel(/^Start date/).fill('2028-01-03');
	await page.getByRole('button', { name: 'Preview' }).click();
	await expect(
		page.getByRole('heading', { name: 'Preview: Multi-department enterprise rollout from 2028-01-03' })
	).toBeVisible();
	await expect(page.getByText(/Foundations and data · 2028-01-03 – 2028-02-27/)).toBeVisible();
	// The demo plan has content: the template is added to it, skipping what it has by name.
	await page.getByRole('radio', { name: /Add to the current plan/ }).check();
	await page.getByRole('button', { name: 'Create this plan' }).click();
	await expect(
		page.getByText(/^Created \d+ phases?, \d+ goals?, \d+ risks?, \d+ process maps?/)
	).toBeVisible();

	await page.goto('/rollout/phases');
	await page.getByRole('link', { name: 'Foundations and data' }).last().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Foundations and data' })).toBeVisible();
	await expect(page.getByText('Migration rehearsal passed with under 1 % rejected rows')).toBeVisible();
	await page.getByLabel(/^Adoption target/).fill('60');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await expect(page.getByText(/adoption target 60 %/)).toBeVisible();
});
