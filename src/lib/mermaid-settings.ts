/**
 * The settings a mermaid source may carry: `%%{init: …}%%` (or `initialize`) directives and a front
 * matter `config:` block. Mermaid lets those turn HTML labels or theme CSS back on and name fonts or
 * images by URL, so a map's author could make every viewer's browser fetch what they chose. Only an
 * allow-list of look-and-layout settings is kept; anything else is refused when a map is saved (the
 * message from `settingsProblem`) and dropped before drawing (`safeSource`, for maps stored earlier).
 * Browser-safe: the server's schema and MermaidDiagram.svelte use the same check.
 */

type Check = (value: unknown) => boolean;
interface Spec {
	[key: string]: Check | Spec;
}

export const MERMAID_THEMES = ['default', 'base', 'dark', 'forest', 'neutral'] as const;
const CURVES = [
	'basis',
	'bumpX',
	'bumpY',
	'cardinal',
	'catmullRom',
	'linear',
	'monotoneX',
	'monotoneY',
	'natural',
	'step',
	'stepAfter',
	'stepBefore',
	'rounded'
];

const oneOf =
	(values: readonly string[]): Check =>
	(v) =>
		typeof v === 'string' && values.includes(v);
const bool: Check = (v) => typeof v === 'boolean';
const size: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1000;
/** A colour or size as theme variables take them: never a function that loads (`url(…)`, `image-set(…)`). */
const COLOUR = [
	/^#[0-9a-f]{3,8}$/i,
	/^[a-z]{3,30}$/i,
	/^(?:rgb|rgba|hsl|hsla)\(\s*[\d.%\s,/]+\)$/i,
	/^\d{1,4}(?:\.\d+)?(?:px|pt|em|rem|%)?$/
];
const themeValue: Check = (v) =>
	typeof v === 'boolean' ||
	(typeof v === 'number' && Number.isFinite(v)) ||
	(typeof v === 'string' && COLOUR.some((re) => re.test(v.trim())));

/** What a directive may set; a key not named here is refused. */
const SAFE: Spec = {
	theme: oneOf(MERMAID_THEMES),
	look: oneOf(['classic', 'handDrawn']),
	darkMode: bool,
	wrap: bool,
	fontSize: size,
	flowchart: {
		curve: oneOf(CURVES),
		nodeSpacing: size,
		rankSpacing: size,
		diagramPadding: size,
		padding: size,
		wrappingWidth: size,
		titleTopMargin: size,
		useMaxWidth: bool
	},
	sequence: {
		mirrorActors: bool,
		showSequenceNumbers: bool,
		wrap: bool,
		actorMargin: size,
		messageMargin: size,
		boxMargin: size,
		messageAlign: oneOf(['left', 'center', 'right']),
		useMaxWidth: bool
	},
	gantt: {
		displayMode: oneOf(['', 'compact']),
		barHeight: size,
		barGap: size,
		topPadding: size,
		leftPadding: size,
		useMaxWidth: bool
	},
	state: { useMaxWidth: bool, padding: size },
	class: { useMaxWidth: bool, padding: size },
	er: { useMaxWidth: bool, layoutDirection: oneOf(['TB', 'BT', 'LR', 'RL']) },
	journey: { useMaxWidth: bool },
	pie: { useMaxWidth: bool, textPosition: size }
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keeps the allowed part of `config`; every other key's path goes into `refused`. */
function filter(config: Record<string, unknown>, spec: Spec, path: string, refused: string[]) {
	const kept: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(config)) {
		const at = path ? `${path}.${key}` : key;
		const rule = Object.hasOwn(spec, key) ? spec[key] : undefined;
		if (key === 'themeVariables' && !path && isPlainObject(value)) {
			const vars: Record<string, unknown> = {};
			for (const [name, v] of Object.entries(value)) {
				// A font family is CSS written into the page, and the only theme value that is not a colour or size.
				if (/^[A-Za-z][A-Za-z0-9]{0,40}$/.test(name) && !/font(?!Size)/i.test(name) && themeValue(v))
					vars[name] = v;
				else refused.push(`themeVariables.${name}`);
			}
			if (Object.keys(vars).length) kept.themeVariables = vars;
		} else if (typeof rule === 'function') {
			if (rule(value)) kept[key] = value;
			else refused.push(at);
		} else if (rule && isPlainObject(value)) {
			const inner = filter(value, rule, at, refused);
			if (Object.keys(inner).length) kept[key] = inner;
		} else refused.push(at);
	}
	return kept;
}

/** Deep merge, later settings winning, as mermaid merges several directives. */
function merge(into: Record<string, unknown>, from: Record<string, unknown>) {
	for (const [key, value] of Object.entries(from))
		into[key] =
			isPlainObject(value) && isPlainObject(into[key])
				? merge({ ...(into[key] as Record<string, unknown>) }, value)
				: value;
	return into;
}

/** A scalar of the small YAML that a front matter block needs (what mermaid reads with its JSON schema). */
function yamlScalar(raw: string): { value: unknown } | undefined {
	const text = raw.trim();
	if (text.startsWith('"')) {
		try {
			return { value: JSON.parse(text) };
		} catch {
			return undefined;
		}
	}
	if (text.startsWith("'"))
		return /^'(?:[^']|'')*'$/.test(text) ? { value: text.slice(1, -1).replace(/''/g, "'") } : undefined;
	const plain = text.replace(/\s+#.*$/, '');
	// Flow collections, anchors, tags, block scalars: more YAML than settings need, and not checked here.
	if (/^[[\]{}&*!|>%@`]/.test(plain)) return undefined;
	if (plain === 'true' || plain === 'false') return { value: plain === 'true' };
	if (plain === '' || plain === 'null' || plain === '~') return { value: null };
	if (/^-?\d+(?:\.\d+)?$/.test(plain)) return { value: Number(plain) };
	return { value: plain };
}

/**
 * Reads `key: value` lines nested by indentation, the shape mermaid's docs give for front matter
 * (`config:` then `  theme: forest`). Undefined for anything else, which is then refused whole.
 */
function readYaml(body: string): Record<string, unknown> | undefined {
	const root: Record<string, unknown> = {};
	const stack: { indent: number; into: Record<string, unknown> }[] = [{ indent: -1, into: root }];
	let open: { indent: number; into: Record<string, unknown> } | undefined;
	for (const line of body.split('\n')) {
		if (/^\s*(?:#.*)?$/.test(line)) continue;
		const m = /^( *)([A-Za-z_][\w-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]+(.*))?$/.exec(line);
		if (!m) return undefined;
		const indent = m[1].length;
		const key = /^["']/.test(m[2]) ? m[2].slice(1, -1) : m[2];
		if (key === '__proto__') return undefined;
		if (open) {
			if (indent > stack[stack.length - 1].indent) stack.push(open);
			open = undefined;
		}
		while (stack.length > 1 && indent <= stack[stack.length - 1].indent) stack.pop();
		const parent = stack[stack.length - 1];
		if (parent.indent >= 0 && indent <= parent.indent) return undefined;
		if (m[3] === undefined || m[3].trim() === '' || /^#/.test(m[3].trim())) {
			const child: Record<string, unknown> = {};
			parent.into[key] = child;
			open = { indent, into: child };
		} else {
			const scalar = yamlScalar(m[3]);
			if (!scalar) return undefined;
			parent.into[key] = scalar.value;
		}
	}
	return root;
}

/** Mermaid's own front matter pattern, so that both read the same block. */
const FRONT_MATTER = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s;
/** A closed directive: `%%{name}%%` or `%%{name: args}%%`, the colon optional as mermaid has it. */
const DIRECTIVE = /%%\{\s*(\w+)\s*:?([\s\S]*?)\}%%/y;

export interface MermaidSettings {
	/** The source mermaid is given: the allowed settings in one directive, the rest as written. */
	source: string;
	/** Settings refused, by path (`themeCSS`, `flowchart.htmlLabels`). */
	refused: string[];
	/** Directives or front matter that could not be read, and so were dropped whole. */
	unreadable: string[];
}

/** Splits a source into its diagram and its settings, keeping only the settings on the allow-list. */
export function checkMermaidSettings(input: string): MermaidSettings {
	const refused: string[] = [];
	const unreadable: string[] = [];
	let config: Record<string, unknown> = {};
	let wrap = false;
	let title: string | undefined;
	let body = input.replace(/\r\n?/g, '\n');
	/** Replaces body[at, end) by as many line breaks, so the diagram keeps its line numbers. */
	const cut = (at: number, end: number) => {
		body = body.slice(0, at) + '\n'.repeat(body.slice(at, end).split('\n').length - 1) + body.slice(end);
	};

	// Every `%%{` opens a directive for mermaid, wherever it stands and even unclosed, and a front
	// matter block counts at the very start: each is read or dropped until none is left, since
	// dropping one can uncover another (`%%{x}%%---…`, `%%%{{…`).
	for (let guard = 0; guard < 1000; guard++) {
		const front = FRONT_MATTER.exec(body);
		if (front) {
			readFrontMatter(front);
			cut(0, front[0].length);
			continue;
		}
		const at = body.indexOf('%%{');
		if (at < 0) break;
		DIRECTIVE.lastIndex = at;
		const m = DIRECTIVE.exec(body);
		cut(at, m ? at + m[0].length : body.length);
		const name = m?.[1].toLowerCase();
		if (!m) unreadable.push('a %%{ directive that is not closed with }%%');
		else if (name === 'wrap' && m[2].trim() === '') wrap = true;
		else if (name === 'init' || name === 'initialize') {
			let args: unknown;
			try {
				// Mermaid reads single quotes as double ones.
				args = JSON.parse(m[2].trim().replace(/'/g, '"'));
			} catch {
				args = undefined;
			}
			if (isPlainObject(args)) config = merge(config, filter(args, SAFE, '', refused));
			else unreadable.push(`the %%{${m[1]}}%% directive`);
		} else unreadable.push(`the %%{${m[1]}}%% directive`);
	}

	function readFrontMatter(front: RegExpExecArray) {
		const indent = front[1];
		const yaml = readYaml(
			front[2]
				.split('\n')
				.map((l) => (indent && l.startsWith(indent) ? l.slice(indent.length) : l))
				.join('\n')
		);
		if (!yaml) {
			unreadable.push('the --- block at the top');
			return;
		}
		if (typeof yaml.title === 'string' || typeof yaml.title === 'number') title = String(yaml.title);
		for (const key of Object.keys(yaml))
			if (key !== 'title' && key !== 'config' && key !== 'displayMode') refused.push(key);
		if (yaml.displayMode !== undefined)
			config = merge(config, filter({ gantt: { displayMode: yaml.displayMode } }, SAFE, '', refused));
		if (isPlainObject(yaml.config)) config = merge(config, filter(yaml.config, SAFE, '', refused));
		else if (yaml.config !== undefined && yaml.config !== null) refused.push('config');
	}

	const directives =
		(Object.keys(config).length ? `%%{init: ${JSON.stringify(config)}}%%` : '') + (wrap ? '%%{wrap}%%' : '');
	// The settings sit on the diagram's first line; a space keeps a `{` there from closing them into `%%{`.
	let source = directives && body.startsWith('{') ? `${directives} ${body}` : directives + body;
	// A new front matter holding only the title takes the place of the old one's first lines.
	if (title !== undefined)
		source = `---\ntitle: ${JSON.stringify(title)}\n---\n${source.replace(/^\n{0,3}/, '')}`;
	return { source, refused: [...new Set(refused)], unreadable: [...new Set(unreadable)] };
}

/** The source as mermaid may draw it: only the allowed settings, whatever was stored. */
export function safeSource(source: string): string {
	return checkMermaidSettings(source).source;
}

const quote = (items: string[]) => items.map((i) => `“${i}”`).join(', ');

/** The message for a map's author when its settings ask for more than looks and layout; else undefined. */
export function settingsProblem(source: string): string | undefined {
	const { refused, unreadable } = checkMermaidSettings(source);
	if (!refused.length && !unreadable.length) return undefined;
	const what = [
		refused.length ? `remove the setting${refused.length > 1 ? 's' : ''} ${quote(refused)}` : '',
		unreadable.length ? `rewrite or remove ${unreadable.join(' and ')}` : ''
	]
		.filter(Boolean)
		.join(', and ');
	return (
		`For your viewers' safety, ${what}. Settings in a map may change only its theme (${MERMAID_THEMES.join(', ')}), ` +
		`theme colours and layout, e.g. %%{init: {'theme': 'forest'}}%%; HTML labels, CSS, fonts, links to ` +
		`other sites and security options are refused, since they could make viewers' browsers load what the map names.`
	);
}
