/**
 * Amounts as a board's header shows them, e.g. `1.2M`, `34B`, `950`: three significant figures at
 * most, written by hand (not Intl's compact notation) so that the server's and the browser's ICU
 * data cannot make the hydrated text differ.
 */
export function compactAmount(minor: number): string {
	const major = Math.round(minor / 100);
	const abs = Math.abs(major);
	const [scale, suffix] =
		abs >= 1e12
			? [1e12, 'T']
			: abs >= 1e9
				? [1e9, 'B']
				: abs >= 1e6
					? [1e6, 'M']
					: abs >= 1e3
						? [1e3, 'k']
						: [1, ''];
	const scaled = major / scale;
	// One decimal only below 10 of the unit: 1.25k → "1.3k", 12.5k → "13k".
	const text = scaled.toFixed(scale > 1 && Math.abs(scaled) < 10 ? 1 : 0).replace(/\.0$/, '');
	// Rounding can reach the next unit (999.6k → "1000k"): that is "1M".
	if (suffix && suffix !== 'T' && text.replace('-', '') === '1000')
		return compactAmount(Math.sign(major) * scale * 1000 * 100);
	return `${text}${suffix}`;
}

/** The same with its ISO currency: `GBP 1.2M`. */
export function compactMoney(minor: number, currency: string): string {
	return `${currency} ${compactAmount(minor)}`;
}
