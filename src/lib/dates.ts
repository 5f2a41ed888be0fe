/**
 * Whether `text` is a real calendar day written YYYY-MM-DD. `Date.parse` alone is not enough: it
 * accepts 2026-02-30 and calls it the 2nd of March.
 */
export function isIsoDate(text: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	const time = Date.parse(`${text}T00:00:00Z`);
	return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}
