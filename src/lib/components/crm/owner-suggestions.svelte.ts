import type { Person } from '$lib/people';

/**
 * The suggestions of a typed owner field (the lists' filter, the record forms): the people in scope
 * holding what has been typed, asked of /crm/owners a moment after typing stops; an answer for older
 * text never replaces a newer one. `ask` is the field's focus and input handler.
 */
export class OwnerSuggestions {
	people = $state<Person[]>([]);
	#asked: string | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#pending: AbortController | undefined;

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
			const response = await fetch(`/crm/owners?q=${encodeURIComponent(text)}`, {
				signal: this.#pending.signal
			});
			if (response.ok) this.people = (await response.json()) as Person[];
		} catch {
			this.#asked = undefined; // aborted or offline: ask again next time
		}
	}
}
