import { expect, hydrated, signIn, test } from './fixtures';

test('a process map is drawn beside its source, shows its syntax errors, and is cloned into a to-be map', async ({
	page
}) => {
	await signIn(page);
	await page.goto('/rollout/maps');
	await expect(page.getByRole('heading', { level: 2, name: 'Sales' })).toBeVisible();
	await page.getByRole('link', { name: 'compare with the as-is map' }).first().click();
	await expect(page.getByRole('img', { name: 'Lead to cash (as-is)' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'Lead to cash (to-be)' })).toBeVisible();

	await page.goto('/rollout/maps/new');
	await hydrated(page); // the preview is drawn by the page's script
	const title = `Quote approval ${Date.now()}`;
	await page.getByLabel(/^Process/).fill(title);
	await expect(page.getByRole('img', { name: 'Preview of the process map' })).toBeVisible();
	await page.getByLabel('Mermaid source').fill('flowchart LR\n  A[Draft] --> B[Approve\n  B --> C');
	await expect(page.getByRole('alert')).toContainText(/line \d/i);
	// The page goes on working: fix the source and the preview comes back.
	await page.getByLabel('Mermaid source').fill('flowchart LR\n  A[Draft] --> B[Approve]\n  B --> C[Send]');
	await expect(page.getByRole('img', { name: 'Preview of the process map' })).toBeVisible();
	await expect(page.getByRole('alert')).toHaveCount(0);
	await page.getByRole('button', { name: 'Save map' }).click();
	await expect(page.getByText('Process map saved.')).toBeVisible();

	await page.getByRole('button', { name: 'Clone into a to-be map' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: new RegExp(`${title} \\(to-be\\)`) })
	).toBeVisible();
	await expect(page.getByLabel('Mermaid source')).toHaveValue(/A\[Draft\] --> B\[Approve\]/);
	await expect(page.getByText(/Created process map/)).toBeVisible(); // its history, from the audit log
});

/** Known mermaid XSS shapes: HTML in labels, script tags, javascript: links, click callbacks, directives. */
const PAYLOADS = [
	'flowchart TD\n  A["<img src=x onerror=window.__xss=1>"] --> B',
	'flowchart TD\n  A["<script>window.__xss=2</script>"] --> B',
	'flowchart TD\n  A --> B\n  click A "javascript:window.__xss=3" "go"',
	'flowchart TD\n  A --> B\n  click B call eval("window.__xss=4")',
	'%%{init: {"securityLevel": "loose", "flowchart": {"htmlLabels": true}}}%%\nflowchart TD\n  A["<iframe src=javascript:window.__xss=5>"] --> B',
	'flowchart TD\n  A["<a href=javascript:window.__xss=6>click me</a>"] --> B',
	'sequenceDiagram\n  Alice->>Bob: <img src=x onerror=window.__xss=7>',
	'flowchart TD\n  A["<svg onload=window.__xss=8>"] --> B'
];

test('hostile mermaid sources render inert', async ({ page }) => {
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	await signIn(page);
	await page.goto('/rollout/maps/new');
	await hydrated(page);
	for (const payload of PAYLOADS) {
		await page.getByLabel('Mermaid source').fill(payload);
		// Drawn (or refused as a syntax error), never run.
		await expect(
			page.getByRole('img', { name: 'Preview of the process map' }).or(page.getByRole('alert'))
		).toBeVisible();
		await page.waitForTimeout(600); // the preview redraws 400 ms after typing stops
		// What makes it inert: the drawing is an image (blob: URL), never live SVG or HTML in the page.
		await expect(page.locator('main svg, main foreignObject')).toHaveCount(0);
		const src = await page
			.getByRole('img', { name: 'Preview of the process map' })
			.getAttribute('src')
			.catch(() => null);
		if (src !== null) expect(src).toMatch(/^blob:/);
	}
	const xss = () => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
	expect(await xss()).toBeUndefined();
	// Saved and shown again, a hostile map is just as inert.
	await page.getByLabel(/^Process/).fill('Hostile');
	await page.getByRole('button', { name: 'Save map' }).click();
	await expect(page.getByText('Process map saved.')).toBeVisible();
	await page.reload();
	await page.waitForTimeout(800);
	expect(await xss()).toBeUndefined();
	expect(await page.locator('main script, main iframe, main [onerror], main [onload]').count()).toBe(0);
	expect(dialogs).toEqual([]);
});

test('a directive that turns on HTML labels or theme CSS is dropped from the preview and refused on save', async ({
	page
}) => {
	const fetched: string[] = [];
	page.on('request', (r) => {
		if (new URL(r.url()).hostname.endsWith('evil.example')) fetched.push(r.url());
	});
	await signIn(page);
	await page.goto('/rollout/maps/new');
	await hydrated(page);
	await page.getByLabel(/^Process/).fill(`Directive ${Date.now()}`);
	// Drawn by mermaid as the page's old settings let it, each of these made the browser fetch its URL.
	await page
		.getByLabel('Mermaid source')
		.fill(
			'%%{init: {"themeCSS": ".node rect { fill: url(http://evil.example/paint.svg#p); } .nodeLabel, .label { background: url(http://evil.example/bg.png); }", "htmlLabels": true, "flowchart": {"htmlLabels": true}}}%%\n' +
				'flowchart LR\n  A["<img src=\'http://evil.example/label.png\'>"] --> B[Send]'
		);
	await expect(page.getByText(/Settings left out for safety: themeCSS, htmlLabels/)).toBeVisible();
	await expect(page.getByRole('img', { name: 'Preview of the process map' })).toBeVisible();
	await page.waitForTimeout(800);
	await page.getByRole('button', { name: 'Save map' }).click();
	const source = page.getByLabel('Mermaid source');
	await expect(source).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#map-source-error')).toContainText(
		/For your viewers' safety, remove the settings “themeCSS”, “htmlLabels”, “flowchart\.htmlLabels”/
	);
	await expect(source).toHaveValue(/themeCSS/); // what was typed is kept, to correct
	await page.waitForTimeout(800); // the answer's page draws the preview again
	expect(fetched).toEqual([]);

	// A harmless directive still works: the theme.
	await source.fill("%%{init: {'theme':'forest'}}%%\nflowchart LR\n  A[Draft] --> B[Send]");
	await page.getByRole('button', { name: 'Save map' }).click();
	await expect(page.getByText('Process map saved.')).toBeVisible();
	await expect(page.getByLabel('Mermaid source')).toHaveValue(/'theme':'forest'/);
	expect(fetched).toEqual([]);
});
