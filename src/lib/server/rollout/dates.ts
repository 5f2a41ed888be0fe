/** Today as YYYY-MM-DD in UTC, the form every rollout date is kept in. */
export function today(now = Date.now()): string {
	return new Date(now).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (YYYY-MM-DD), negative when `b` is earlier. */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
