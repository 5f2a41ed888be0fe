/** Formats shared by server and browser; UTC and fixed patterns, so server and hydrated HTML agree. */

export function formatDateTime(ms: number): string {
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function formatDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export function formatPercent(ratio: number | null): string {
	return ratio === null ? '—' : `${Math.round(ratio * 100)} %`;
}

/** An amount in minor units (cents) with its ISO currency, e.g. `EUR 12,500.00`; fixed locale so SSR and hydration agree. */
export function formatMoney(minor: number, currency: string): string {
	return `${currency} ${(minor / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A duration in minutes as people say it: "45 min", "2 h", "1 h 30 min". */
export function formatMinutes(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}
