import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMermaidSettings, safeSource, settingsProblem } from '$lib/mermaid-settings';
import { InvalidInput } from '$lib/server/validation';
import * as maps from '$lib/server/rollout/maps';
import * as templates from '$lib/server/rollout/templates';
import { db } from '$lib/server/db';
import { makeActor } from './helpers';

const sourceError = (run: () => unknown) => {
	try {
		run();
	} catch (e) {
		if (e instanceof InvalidInput) return e.fieldErrors.source;
		throw e;
	}
	throw new Error('expected InvalidInput');
};
const map = (source: string) => ({ title: `Map ${Math.random()}`, area: 'sales', kind: 'as_is', source });
const body = 'flowchart LR\n  A[Lead] --> B[Quote]';

/** Settings that turn HTML or CSS back on or load what the author names, in the shapes mermaid reads. */
const HOSTILE = [
	`%%{init: {"themeCSS": ".node rect { fill: url(http://evil.example/x.png) }"}}%%\n${body}`,
	`%%{init: {"htmlLabels": true, "flowchart": {"htmlLabels": true}}}%%\n${body}`,
	`%%{initialize: {'securityLevel': 'loose'}}%%\n${body}`,
	`%%{ INIT : {"fontFamily": "x; } @import url(http://evil.example/a.css); {"}}%%\n${body}`,
	`%%{init: {"themeVariables": {"primaryColor": "url(http://evil.example/p.png)"}}}%%\n${body}`,
	`%%{init: {"dompurifyConfig": {"ADD_TAGS": ["iframe"]}}}%%\n${body}`,
	`%%{init: {"secure": []}}%%\n${body}`,
	`%%{init: {"maxTextSize": 99999999}}%%\n${body}`,
	`%%{init: {"config": {"htmlLabels": true}}}%%\n${body}`,
	`${body}\n  B --> C\n%%{init: {"htmlLabels": true}}`, // unclosed, at the end: mermaid still reads it
	`%%{init {"htmlLabels": true}}%%\n${body}`, // no colon
	`---\nconfig:\n  htmlLabels: true\n  themeCSS: "g { fill: url(http://evil.example/y) }"\n---\n${body}`,
	`---\nconfig: {htmlLabels: true}\n---\n${body}`, // flow YAML: not read, so refused whole
	`%%{x}%%---\nconfig:\n  themeCSS: "a{}"\n---\n${body}` // a block uncovered by dropping a directive
];

/** An indented block (what a save's trim cannot leave, but a stored or generated source might hold). */
const INDENTED = `  ---\n  config:\n    flowchart:\n      htmlLabels: true\n  ---\n${body}`;

describe('mermaid settings', () => {
	it('refuse on save every setting that turns HTML or CSS on or loads a resource, beside the source', () => {
		const pm = makeActor('project_manager');
		for (const source of HOSTILE) {
			const message = sourceError(() => maps.create(pm, map(source)));
			expect(message, source).toMatch(/For your viewers' safety/);
		}
		expect(sourceError(() => maps.create(pm, map(HOSTILE[0])))).toMatch(/“themeCSS”/);
		expect(sourceError(() => maps.create(pm, map(HOSTILE[1])))).toMatch(
			/“htmlLabels”, “flowchart\.htmlLabels”/
		);
		// And on edit: a map cannot be saved into one.
		const ok = maps.create(pm, map(body));
		expect(sourceError(() => maps.update(pm, ok.id, map(HOSTILE[1]), ok.version))).toMatch(/htmlLabels/);
	});

	it('keep a harmless directive: theme, colours and layout', () => {
		const pm = makeActor('project_manager');
		for (const source of [
			`%%{init: {'theme':'forest'}}%%\n${body}`,
			`%%{init: {"theme": "base", "themeVariables": {"primaryColor": "#ffcc00", "lineColor": "rgb(10, 20, 30)"}}}%%\n${body}`,
			`%%{init: {"flowchart": {"curve": "linear"}}}%%\n${body}`,
			`%%{wrap}%%\n${body}`,
			`---\ntitle: Lead to cash\nconfig:\n  theme: dark\n  flowchart:\n    curve: step\n---\n${body}`
		]) {
			expect(settingsProblem(source), source).toBeUndefined();
			expect(maps.create(pm, map(source)).source).toBe(source);
		}
		expect(settingsProblem(`%%{init: {"theme": "evil"}}%%\n${body}`)).toMatch(/“theme”/);
	});

	it('are dropped before drawing, keeping the safe ones in one directive the renderer can trust', () => {
		for (const source of [...HOSTILE, INDENTED]) {
			const safe = safeSource(source);
			expect(safe, source).not.toMatch(
				/htmlLabels|themeCSS|url\(|securityLevel|dompurify|fontFamily|secure/i
			);
			// What is left has no settings of its own: a second pass changes nothing.
			expect(checkMermaidSettings(safe)).toEqual({ source: safe, refused: [], unreadable: [] });
		}
		expect(safeSource(`%%{init: {"theme": "forest", "themeCSS": "x"}}%%\n${body}`)).toBe(
			`%%{init: {"theme":"forest"}}%%\n${body}`
		);
		const titled = safeSource(`---\ntitle: "A: b"\nconfig:\n  htmlLabels: true\n---\n${body}`);
		// The block's other lines stay blank, so mermaid's line numbers still match the author's.
		expect(titled).toBe(`---\ntitle: "A: b"\n---\n\n\n${body}`);
		expect(safeSource(body)).toBe(body);
	});

	it('are checked in templates, and a map cloned from one stored earlier keeps only the safe ones', () => {
		expect(templates.loadTemplates('templates').problems).toEqual([]);
		const dir = mkdtempSync(join(tmpdir(), 'uptake-map-templates-'));
		const t = JSON.parse(readFileSync('templates/sales-first.json', 'utf8'));
		t.maps[0].source = HOSTILE[0];
		writeFileSync(join(dir, 'hostile.json'), JSON.stringify(t));
		expect(templates.loadTemplates(dir).problems).toEqual([
			{ file: 'hostile.json', path: 'maps[0].source', reason: expect.stringMatching(/“themeCSS”/) }
		]);

		const pm = makeActor('project_manager');
		const stored = maps.create(pm, map(body));
		// As a map saved before the check would be.
		db().$client.prepare('UPDATE process_map SET source = ? WHERE id = ?').run(HOSTILE[1], stored.id);
		const copy = maps.cloneToBe(pm, stored.id);
		expect(copy.source).toBe(safeSource(HOSTILE[1]));
		expect(copy.source).not.toMatch(/htmlLabels/);
	});
});
