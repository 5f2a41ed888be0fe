/**
 * The only module that imports chart.js. ChartFigure loads it after first paint, so a page pays for
 * chart.js only when it draws a chart; only the parts these charts use are registered, so the rest
 * of chart.js is left out of the bundle.
 */
import {
	Chart,
	LineController,
	BarController,
	LineElement,
	PointElement,
	BarElement,
	LinearScale,
	CategoryScale,
	type ChartDataset,
	type Plugin
} from 'chart.js';
import { TARGET_DASH, formatValue, seriesStyle, type ChartData } from '$lib/charts';

Chart.register(
	LineController,
	BarController,
	LineElement,
	PointElement,
	BarElement,
	LinearScale,
	CategoryScale
);

type Kind = 'line' | 'bar';
export type DrawnChart = Chart<Kind, (number | null)[], string>;

export interface DrawOptions {
	/** The user prefers reduced motion: nothing animates. */
	reducedMotion: boolean;
	/** The x label the pointer is over (its index in the labels), null off the plot (not on leaving the canvas). */
	onPoint?: (index: number | null) => void;
}

/** Colours from the page's own variables, with the values app.css sets as fallbacks. */
function colours(canvas: HTMLCanvasElement) {
	const css = getComputedStyle(canvas);
	const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
	return {
		text: read('--text', '#1b1f24'),
		muted: read('--muted', '#57606a'),
		grid: read('--border', '#d0d7de')
	};
}

/** Vertical dashed lines with their text at the x labels the markers name (e.g. a phase's go-live). */
function markerPlugin(markers: NonNullable<ChartData['markers']>, colour: string): Plugin<Kind> {
	return {
		id: 'uptakeMarkers',
		afterDatasetsDraw(chart) {
			const x = chart.scales.x;
			const labels = chart.data.labels ?? [];
			const { ctx, chartArea } = chart;
			ctx.save();
			ctx.strokeStyle = colour;
			ctx.fillStyle = colour;
			ctx.lineWidth = 1.5;
			ctx.setLineDash([4, 4]);
			ctx.font = '12px system-ui, sans-serif';
			ctx.textBaseline = 'bottom';
			for (const m of markers) {
				const index = labels.indexOf(m.at);
				if (index < 0) continue;
				const px = x.getPixelForValue(index);
				ctx.beginPath();
				ctx.moveTo(px, chartArea.top);
				ctx.lineTo(px, chartArea.bottom);
				ctx.stroke();
				// Text beside the line, on the side with room for it.
				const room = chartArea.right - px > ctx.measureText(m.text).width + 4;
				ctx.textAlign = room ? 'left' : 'right';
				ctx.fillText(m.text, room ? px + 4 : px - 4, chartArea.top - 2);
			}
			ctx.restore();
		}
	};
}

function datasets(data: ChartData): ChartDataset<Kind, (number | null)[]>[] {
	return data.series.map((s, i) => {
		const style = seriesStyle(i);
		// Copies: chart.js watches the arrays it is given.
		const values = data.labels.map((_, j) => s.values[j] ?? null);
		if (s.kind === 'bar') {
			return {
				type: 'bar',
				label: s.label,
				data: values,
				backgroundColor: style.color,
				borderColor: style.color,
				borderWidth: 1
			};
		}
		if (s.kind === 'target') {
			// A target per category: a thick tick across each bar group, not a line joining unrelated groups.
			return {
				type: 'line',
				label: s.label,
				data: values,
				showLine: false,
				borderColor: style.color,
				backgroundColor: style.color,
				borderWidth: 3,
				pointStyle: 'line',
				pointRadius: 22,
				pointHoverRadius: 24
			};
		}
		return {
			type: 'line',
			label: s.label,
			data: values,
			borderColor: style.color,
			backgroundColor: style.color,
			borderWidth: 2.5,
			borderDash: s.dashed ? TARGET_DASH : style.dash,
			pointStyle: s.dashed ? 'line' : style.pointStyle,
			pointRadius: s.dashed ? 0 : 4,
			pointHoverRadius: s.dashed ? 0 : 6,
			tension: 0
		};
	});
}

/** Draws the chart into the canvas; the caller destroys it. */
export function draw(canvas: HTMLCanvasElement, data: ChartData, options: DrawOptions): DrawnChart {
	const { text, muted, grid } = colours(canvas);
	const markers = data.markers ?? [];
	const percent = data.unit === 'percent';
	const allBars = data.series.length > 0 && data.series.every((s) => s.kind === 'bar');
	return new Chart<Kind, (number | null)[], string>(canvas, {
		type: allBars ? 'bar' : 'line',
		data: { labels: [...data.labels], datasets: datasets(data) },
		plugins: markers.length ? [markerPlugin(markers, text)] : [],
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: options.reducedMotion ? false : undefined,
			color: text,
			// Room above the plot for the markers' text.
			layout: { padding: { top: markers.length ? 18 : 0 } },
			interaction: { mode: 'index', intersect: false },
			// ChartFigure shows the values at the pointer's label in a line under the chart, and the key
			// in HTML: chart.js's tooltip and legend plugins would add 8 KB to every chart page.
			onHover: (event, elements) => {
				if (!options.onPoint) return;
				options.onPoint(elements.length ? elements[0].index : null);
			},
			scales: {
				x: {
					offset: data.series.some((s) => s.kind === 'bar'),
					grid: { color: grid },
					ticks: { color: muted }
				},
				y: {
					beginAtZero: true,
					min: percent ? 0 : undefined,
					max: percent ? 1 : undefined,
					grid: { color: grid },
					ticks: {
						color: muted,
						precision: data.unit === 'count' ? 0 : undefined,
						callback: (value) => formatValue(Number(value), data.unit)
					}
				}
			}
		}
	});
}
