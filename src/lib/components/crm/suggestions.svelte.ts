/**
 * The suggestions of a typed link field (an owner in the lists' filter and the record forms, a
 * company): what `url` answers for the text typed (`?q=`), asked a moment after typing stops; an
 * answer for older text never replaces a newer one. `ask` is the field's focus and input handler.
 */
export class Suggestions<T> {
	items = $state<T[]>([]);
	#asked: string | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#pending: AbortController | undefined;

	constructor(readonly url: string) {}

	ask = (event: Event) => {
		const text = (event.target as HTMLInputElement).value.trim();
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#fetch(text), 150);
	};

	async #fetch(text: string) {
		if (text === this.#asked) return;
		this.#asked = text;
		this.#pending?.abort();
		this.#pending = new AbortController();
		try {
			const response = await fetch(`${this.url}?q=${encodeURIComponent(text)}`, {
				signal: this.#pending.signal
			});
			if (response.ok) this.items = (await response.json()) as T[];
		} catch {
			this.#asked = undefined; // aborted or offline: ask again next time
		}
	}
}
