/**
 * Instants are stored UTC (epoch milliseconds) and shown in the viewer's time zone. Browser-safe: the
 * server reads the viewer's zone from the `tz` cookie the app layout sets (hooks.server.ts), and the
 * same functions turn a wall-clock time typed in a form into the instant it means there.
 */

export const DEFAULT_TIME_ZONE = 'UTC';

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Oslo"). */
export function isTimeZone(zone: string): boolean {
	if (!zone || zone.length > 64) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function parts(at: number, zone: string): Record<string, number> {
	let format = partsFormat.get(zone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		partsFormat.set(zone, format);
	}
	const out: Record<string, number> = {};
	for (const p of format.formatToParts(new Date(at))) if (p.type !== 'literal') out[p.type] = Number(p.value);
	return out;
}

/** The zone's offset from UTC at the instant `at`, in milliseconds. */
function offsetAt(at: number, zone: string): number {
	const p = parts(at, zone);
	return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant a wall-clock time (`YYYY-MM-DDTHH:mm`, as `<input type="datetime-local">` sends it)
 * means in `zone`, or null when the text is not such a time or the time does not exist there (the
 * hour skipped when clocks go forward).
 */
export function zonedToUtc(local: string, zone: string): number | null {
	const m = LOCAL.exec(local.trim());
	if (!m) return null;
	const [y, mo, d, h, mi] = m.slice(1).map(Number);
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	if (new Date(wall).getUTCMonth() !== mo - 1 || h > 23 || mi > 59) return null;
	// Two passes settle the offset on either side of a change of clocks.
	let at = wall - offsetAt(wall, zone);
	at = wall - offsetAt(at, zone);
	return toLocalInput(at, zone) === local.trim() ? at : null;
}

/** The instant as `YYYY-MM-DDTHH:mm` in `zone`: a datetime-local input's value. */
export function toLocalInput(at: number, zone: string): string {
	const p = parts(at, zone);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** "Tue 8 Dec 2026, 09:30" in the viewer's zone. */
export function formatDateTime(at: number, zone: string, locale = 'en-GB'): string {
	return new Intl.DateTimeFormat(locale, {
		timeZone: zone,
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(at);
}

/** "09:30" in the viewer's zone. */
export function formatTime(at: number, zone: string, locale = 'en-GB'): string {
	return new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(at);
}

/** A session's span: "Tue 8 Dec 2026, 09:30–11:00" (both ends when it runs past midnight). */
export function formatSpan(start: number, end: number, zone: string, locale = 'en-GB'): string {
	const sameDay = toLocalInput(start, zone).slice(0, 10) === toLocalInput(end, zone).slice(0, 10);
	return `${formatDateTime(start, zone, locale)}–${sameDay ? formatTime(end, zone, locale) : formatDateTime(end, zone, locale)}`;
}

/** The calendar day (YYYY-MM-DD) of an instant in `zone`. */
export function dayIn(at: number, zone: string): string {
	return toLocalInput(at, zone).slice(0, 10);
}
