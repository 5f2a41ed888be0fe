/** A list's column as its page and its column chooser know it (browser-safe; lists/engine.ts declares them). */
export interface ListColumn {
	key: string;
	label: string;
	/** The sort key of its header, when it sorts. */
	sort?: string;
	numeric?: boolean;
	/** Always shown (the record's name): the chooser offers no box for it. */
	always?: boolean;
}

/** A column with the user's choice applied. */
export interface ShownColumn extends ListColumn {
	shown: boolean;
}
