/** Formats shared by server and browser; UTC and fixed patterns, so server and hydrated HTML agree. */

export function formatDateTime(ms: number): string {
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function formatPercent(ratio: number | null): string {
	return ratio === null ? '—' : `${Math.round(ratio * 100)} %`;
}
