/** Today as YYYY-MM-DD in UTC, the form every rollout date is kept in. */
export function today(now = Date.now()): string {
	return new Date(now).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (YYYY-MM-DD), negative when `b` is earlier. */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The day `days` after `day` (YYYY-MM-DD), before it when negative. */
export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
