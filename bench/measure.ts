export interface Result {
	name: string;
	runs: number;
	meanUs: number;
	p50Us: number;
	p95Us: number;
	p99Us: number;
	/** p95 budget in µs, when the measure has one. */
	budgetUs?: number;
}

/** Times `fn` `runs` times after a warm-up, in microseconds. */
export function measure(name: string, runs: number, fn: (i: number) => void, budgetUs?: number): Result {
	for (let i = 0; i < Math.min(50, runs); i++) fn(i); // warm-up
	const samples = new Float64Array(runs);
	for (let i = 0; i < runs; i++) {
		const t = process.hrtime.bigint();
		fn(i);
		samples[i] = Number(process.hrtime.bigint() - t) / 1000;
	}
	samples.sort();
	const at = (q: number) => samples[Math.min(runs - 1, Math.floor(q * runs))];
	const round = (n: number) => Math.round(n * 10) / 10;
	const mean = samples.reduce((a, b) => a + b, 0) / runs;
	return {
		name,
		runs,
		meanUs: round(mean),
		p50Us: round(at(0.5)),
		p95Us: round(at(0.95)),
		p99Us: round(at(0.99)),
		budgetUs
	};
}

export function table(results: Result[]): string {
	const ms = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us} µs`);
	return [
		'| measure | runs | mean | p50 | p95 | p99 | p95 budget |',
		'|---|---|---|---|---|---|---|',
		...results.map(
			(r) =>
				`| ${r.name} | ${r.runs} | ${ms(r.meanUs)} | ${ms(r.p50Us)} | ${ms(r.p95Us)} | ${ms(r.p99Us)} | ${r.budgetUs ? `< ${ms(r.budgetUs)}` : '—'} |`
		)
	].join('\n');
}
