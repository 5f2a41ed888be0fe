import { describe, expect, it } from 'vitest';
import {
	HEAT_NONE,
	HEAT_STEPS,
	PALETTE,
	csvFileName,
	csvHref,
	csvOf,
	formatValue,
	heatColour,
	heatMapData,
	seriesStyle,
	tableOf,
	type ChartData
} from '$lib/charts';

/** WCAG 2 relative luminance and contrast ratio, written out here so the test does not trust the module. */
function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

const weekly: ChartData = {
	labels: ['W1', 'W2', 'W3'],
	series: [
		{ label: 'Sales', values: [0.41, 0.5, null] },
		{ label: 'Target', values: [0.6, 0.6, 0.6], dashed: true }
	],
	unit: 'percent'
};

describe('formatValue', () => {
	it('reads a share as a rounded percent, a count with thousands, a missing value as a dash', () => {
		expect(formatValue(0.41, 'percent')).toBe('41 %');
		expect(formatValue(0.4149, 'percent')).toBe('41 %');
		expect(formatValue(0.415, 'percent')).toBe('42 %');
		expect(formatValue(1, 'percent')).toBe('100 %');
		expect(formatValue(12500, 'count')).toBe('12,500');
		expect(formatValue(1234567, 'count')).toBe('1,234,567');
		expect(formatValue(3.456, 'number')).toBe('3.5');
		expect(formatValue(-5, 'number')).toBe('-5');
		expect(formatValue(null, 'percent')).toBe('—');
		expect(formatValue(null, 'count')).toBe('—');
	});
});

describe('tableOf', () => {
	it('puts the x label first and one formatted column per series', () => {
		expect(tableOf(weekly, 'Week')).toEqual({
			head: ['Week', 'Sales', 'Target'],
			rows: [
				['W1', '41 %', '60 %'],
				['W2', '50 %', '60 %'],
				['W3', '—', '60 %']
			]
		});
	});

	it('shows a dash where a series is shorter than the labels', () => {
		const t = tableOf({ labels: ['a', 'b'], series: [{ label: 'n', values: [1200] }], unit: 'count' });
		expect(t.head).toEqual(['', 'n']);
		expect(t.rows).toEqual([
			['a', '1,200'],
			['b', '—']
		]);
	});
});

describe('csvOf', () => {
	it('writes percent as 0–100 with one decimal, CRLF between rows, empty cells for missing values', () => {
		const csv = csvOf(
			{
				labels: ['W1', 'W2', 'W3'],
				series: [{ label: 'Rate', values: [0.4123, 0.5, null] }],
				unit: 'percent'
			},
			'Week'
		);
		expect(csv).toBe('Week,Rate (%)\r\nW1,41.2\r\nW2,50\r\nW3,');
	});

	it('quotes commas, quotes and line breaks (RFC 4180)', () => {
		const csv = csvOf(
			{
				labels: ['Sales, North', 'The "A" team', 'two\nlines'],
				series: [{ label: 'Users', values: [1, 2, 3] }],
				unit: 'count'
			},
			'Team'
		);
		expect(csv.split('\r\n')).toEqual([
			'Team,Users',
			'"Sales, North",1',
			'"The ""A"" team",2',
			'"two\nlines",3'
		]);
	});

	it('neutralises text that a spreadsheet would run, but keeps negative numbers numbers', () => {
		const csv = csvOf(
			{
				labels: ['=SUM(1)', '+1', '@cmd', '-x', '\tTab', 'Plain'],
				series: [{ label: '=HYPERLINK("x")', values: [-5, 2, 3, 4, 5, 6] }],
				unit: 'number'
			},
			'Label'
		);
		expect(csv.split('\r\n')).toEqual([
			'Label,"\'=HYPERLINK(""x"")"',
			"'=SUM(1),-5",
			"'+1,2",
			"'@cmd,3",
			"'-x,4",
			"'\tTab,5",
			'Plain,6'
		]);
	});

	it('neutralises a label starting with CR, and quotes it', () => {
		const csv = csvOf({ labels: ['\rX'], series: [{ label: 'n', values: [1] }], unit: 'count' }, 'L');
		expect(csv).toBe('L,n\r\n"\'\rX",1');
	});
});

describe('csvHref', () => {
	it('is a data URI that decodes back to the CSV, after a byte order mark for Excel', () => {
		const csv = csvOf(
			{
				labels: ['Nguyễn', 'Жанна', '张伟', 'தமிழ்'],
				series: [{ label: 'n', values: [1, 2, 3, 4] }],
				unit: 'count'
			},
			'Name'
		);
		const href = csvHref(csv);
		const prefix = 'data:text/csv;charset=utf-8,';
		expect(href.startsWith(prefix)).toBe(true);
		expect(href.slice(prefix.length)).not.toMatch(/[\s,"#]/);
		expect(decodeURIComponent(href.slice(prefix.length))).toBe('\uFEFF' + csv);
	});

	it('names the download after the caption', () => {
		expect(csvFileName('Adoption rate by team, last 12 weeks')).toBe(
			'adoption-rate-by-team-last-12-weeks.csv'
		);
		expect(csvFileName('Đội Nguyễn')).toBe('đội-nguyễn.csv');
		expect(csvFileName('%%')).toBe('figures.csv');
	});
});

describe('seriesStyle', () => {
	it('gives the first six series distinct colours, point styles and dash patterns', () => {
		const styles = [0, 1, 2, 3, 4, 5].map(seriesStyle);
		expect(new Set(styles.map((s) => s.color)).size).toBe(6);
		expect(new Set(styles.map((s) => s.pointStyle)).size).toBe(6);
		expect(new Set(styles.map((s) => s.dash.join(','))).size).toBe(6);
		expect(styles[0].dash).toEqual([]);
	});

	it('takes its colours from the Okabe–Ito palette, the first five readable on white (3:1)', () => {
		expect(PALETTE).toEqual([
			'#0072B2',
			'#E69F00',
			'#009E73',
			'#CC79A7',
			'#56B4E9',
			'#D55E00',
			'#F0E442',
			'#000000'
		]);
		const colours = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => seriesStyle(i).color);
		expect(new Set(colours)).toEqual(new Set(PALETTE));
		for (const c of colours.slice(0, 5)) expect(contrast(c, '#ffffff')).toBeGreaterThanOrEqual(3);
	});

	it('hands out copies, so a caller cannot change another series', () => {
		seriesStyle(1).dash.push(99);
		expect(seriesStyle(1).dash).toEqual([8, 4]);
	});
});

describe('heatColour', () => {
	it('keeps AA contrast (4.5:1) for the text on every step and on "no data"', () => {
		expect(HEAT_STEPS).toHaveLength(5);
		for (const step of [...HEAT_STEPS, HEAT_NONE]) {
			expect(contrast(step.text, step.background), step.label).toBeGreaterThanOrEqual(4.5);
		}
	});

	it('darkens with the share, one hue in five distinct steps', () => {
		const lum = HEAT_STEPS.map((s) => luminance(s.background));
		for (let i = 1; i < lum.length; i++) expect(lum[i]).toBeLessThan(lum[i - 1]);
		expect(new Set(HEAT_STEPS.map((s) => s.background)).size).toBe(5);
	});

	it('steps by the share as printed, so "20 %" is never coloured as 0–19 %', () => {
		expect(heatColour(0).label).toBe('0–19 %');
		expect(heatColour(0.194).label).toBe('0–19 %');
		expect(heatColour(0.196).label).toBe('20–39 %');
		expect(heatColour(0.5).label).toBe('40–59 %');
		expect(heatColour(0.6).label).toBe('60–79 %');
		expect(heatColour(0.8).label).toBe('80–100 %');
		expect(heatColour(1).label).toBe('80–100 %');
		expect(heatColour(1.2).label).toBe('80–100 %');
		expect(heatColour(-0.1).label).toBe('0–19 %');
		expect(heatColour(null)).toEqual(HEAT_NONE);
		expect(heatColour(Number.NaN)).toEqual(HEAT_NONE);
	});

	it("gives a heat map's CSV from the same writer, one column per heat map column", () => {
		const data = heatMapData(
			[
				{ label: 'North', cells: [0.5, null] },
				{ label: 'South', cells: [0.25] }
			],
			['Week 1', 'Week 2']
		);
		expect(csvOf(data, 'Team')).toBe('Team,Week 1 (%),Week 2 (%)\r\nNorth,50,\r\nSouth,25,');
	});
});
