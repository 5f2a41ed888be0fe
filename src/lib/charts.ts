/**
 * What charts and heat maps show, browser-safe and free of chart.js: the data shape, how values read,
 * the same numbers as a table and a CSV file, and colours people with colour-blindness tell apart.
 * components/charts/ draws them; this module only describes them, so server rendering gives the
 * table and the CSV link before (or without) any script.
 */
import { formatPercent } from './format';

export interface Series {
	label: string;
	values: (number | null)[];
	/** 'line' default; 'target': one mark per category (a target beside bars), never joined. */
	kind?: 'line' | 'bar' | 'target';
	/** dashed target line etc. */
	dashed?: boolean;
}

export type ChartUnit = 'percent' | 'count' | 'number';

export interface ChartData {
	labels: string[];
	series: Series[];
	/** how values read: 'percent' (0–1 shown as %), 'count', 'number' */
	unit: ChartUnit;
	/** optional markers on the x axis: { at: label, text } e.g. phase go-lives */
	markers?: { at: string; text: string }[];
}

/** A value as people read it: "41 %", "12,500", "3.4"; a missing value is the house's dash. */
export function formatValue(v: number | null, unit: ChartUnit): string {
	if (v === null) return formatPercent(null);
	if (unit === 'percent') return formatPercent(v);
	return v.toLocaleString('en', { maximumFractionDigits: unit === 'count' ? 0 : 1 });
}

/** The chart's numbers as a table: the x label first, then one formatted column per series. */
export function tableOf(data: ChartData, xHeader = ''): { head: string[]; rows: string[][] } {
	return {
		head: [xHeader, ...data.series.map((s) => s.label)],
		rows: data.labels.map((label, i) => [
			label,
			...data.series.map((s) => formatValue(s.values[i] ?? null, data.unit))
		])
	};
}

/** A spreadsheet must not run a text cell as a formula (DESIGN rule 6), so such cells get a leading '. */
function neutral(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a cell holding a quote, comma or line break is quoted, its quotes doubled. */
function quoted(cell: string): string {
	return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** A raw number for a spreadsheet: percent as 0–100 with one decimal; missing is an empty cell. */
function rawValue(v: number | null, unit: ChartUnit): string {
	if (v === null) return '';
	return unit === 'percent' ? String(Math.round(v * 1000) / 10) : String(v);
}

/**
 * The chart's numbers as CSV (RFC 4180, CRLF between rows). Numbers are written raw, so a
 * spreadsheet can sum them (a percent column says "(%)" in its header and holds 0–100); text cells
 * (header, labels) are neutralised, numbers never are, so -5 stays a number. Written here rather
 * than with papaparse, which the server's exports use, to keep it out of every chart page's bundle.
 */
export function csvOf(data: ChartData, xHeader: string): string {
	const suffix = data.unit === 'percent' ? ' (%)' : '';
	const head = [xHeader, ...data.series.map((s) => s.label + suffix)].map(neutral);
	const rows = data.labels.map((label, i) => [
		neutral(label),
		...data.series.map((s) => rawValue(s.values[i] ?? null, data.unit))
	]);
	return [head, ...rows].map((row) => row.map(quoted).join(',')).join('\r\n');
}

/**
 * A link target that downloads the CSV without any script. It starts with a byte order mark so
 * that Excel reads the UTF-8 of Vietnamese, Russian, Chinese and Tamil names (as the roster export does).
 */
export function csvHref(csv: string): string {
	return `data:text/csv;charset=utf-8,${encodeURIComponent('\uFEFF' + csv)}`;
}

/** A file name for a download, from a caption: "Adoption by team" → "adoption-by-team.csv". */
export function csvFileName(caption: string): string {
	const stem = caption
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, '-')
		.replace(/^-+|-+$/g, '');
	return `${stem || 'figures'}.csv`;
}

/** The Okabe–Ito palette: colours that people with each kind of colour-blindness tell apart. */
export const PALETTE = [
	'#0072B2', // blue
	'#E69F00', // orange
	'#009E73', // green
	'#CC79A7', // purple
	'#56B4E9', // sky
	'#D55E00', // vermillion
	'#F0E442', // yellow
	'#000000' // black
] as const;

/**
 * The order series take the palette in: the five colours with at least 3:1 contrast on white
 * (WCAG's bar for graphics) first; orange, sky and yellow only from the sixth series on.
 */
const COLOUR_ORDER = [0, 5, 2, 3, 7, 1, 4, 6];
/** chart.js point styles, written out so this module needs no chart.js import. */
export type SeriesPointStyle = 'circle' | 'rect' | 'triangle' | 'rectRot' | 'star' | 'crossRot' | 'cross';
const POINT_STYLES: SeriesPointStyle[] = [
	'circle',
	'rect',
	'triangle',
	'rectRot',
	'star',
	'crossRot',
	'cross'
];
const DASHES: number[][] = [[], [8, 4], [2, 3], [12, 4, 2, 4], [4, 6], [16, 6], [6, 3, 2, 3, 2, 3]];

export interface SeriesStyle {
	color: string;
	pointStyle: SeriesPointStyle;
	/** A canvas line dash ([] is solid). */
	dash: number[];
}

/** Series i's look: colour, point style and dash pattern all differ, so colour is never the only cue. */
export function seriesStyle(i: number): SeriesStyle {
	return {
		color: PALETTE[COLOUR_ORDER[i % COLOUR_ORDER.length]],
		pointStyle: POINT_STYLES[i % POINT_STYLES.length],
		dash: [...DASHES[i % DASHES.length]]
	};
}

/** A dashed target line: longer dashes than any series pattern, and no points. */
export const TARGET_DASH = [10, 6];

/** How a series looks in the chart and in its key (the HTML legend under the canvas). */
export interface SeriesKey {
	label: string;
	kind: 'line' | 'bar' | 'target';
	color: string;
	/** The line's dash ([] solid); bars have none. */
	dash: number[];
	/** The point marker; null for bars, targets and dashed target lines. */
	pointStyle: SeriesPointStyle | null;
}

/** Each series' look, in the order of the data, as draw.ts draws it. */
export function seriesKeys(data: ChartData): SeriesKey[] {
	return data.series.map((s, i) => {
		const style = seriesStyle(i);
		const kind = s.kind ?? 'line';
		if (kind !== 'line') return { label: s.label, kind, color: style.color, dash: [], pointStyle: null };
		return s.dashed
			? { label: s.label, kind, color: style.color, dash: TARGET_DASH, pointStyle: null }
			: { label: s.label, kind, color: style.color, dash: style.dash, pointStyle: style.pointStyle };
	});
}

export interface HeatColour {
	background: string;
	/** A text colour with at least 4.5:1 contrast (WCAG AA) on the background. */
	text: string;
	/** The step's range as people read it: "40–59 %", or "no data". */
	label: string;
}

/** Five steps of one hue, light to dark, each with the text colour that reads on it. */
export const HEAT_STEPS: readonly HeatColour[] = [
	{ background: '#eff3ff', text: '#1b1f24', label: '0–19 %' },
	{ background: '#bdd7e7', text: '#1b1f24', label: '20–39 %' },
	{ background: '#6baed6', text: '#1b1f24', label: '40–59 %' },
	{ background: '#2171b5', text: '#ffffff', label: '60–79 %' },
	{ background: '#08306b', text: '#ffffff', label: '80–100 %' }
];
export const HEAT_NONE: HeatColour = { background: '#f2f4f7', text: '#57606a', label: 'no data' };

/**
 * A share's colour (0–1). Steps follow the share rounded as it is printed, so a cell reading "20 %"
 * is never coloured as "0–19 %".
 */
export function heatColour(share: number | null): HeatColour {
	if (share === null || !Number.isFinite(share)) return HEAT_NONE;
	const percent = Math.round(share * 100);
	return HEAT_STEPS[Math.max(0, Math.min(HEAT_STEPS.length - 1, Math.floor(percent / 20)))];
}

/** A heat map's rows × columns as chart data (one series per column), so its CSV is csvOf's. */
export function heatMapData(
	rows: { label: string; cells: (number | null)[] }[],
	columns: string[]
): ChartData {
	return {
		labels: rows.map((r) => r.label),
		series: columns.map((label, j) => ({ label, values: rows.map((r) => r.cells[j] ?? null) })),
		unit: 'percent'
	};
}
