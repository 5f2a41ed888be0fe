import { formatCustomValue, type CustomFieldDef, type CustomValues } from '$lib/custom-fields';

/** One labelled value of a record's read view; `href` makes it a link (a linked record, mailto:, tel:). */
export interface Fact {
	label: string;
	value: string | number | null | undefined;
	href?: string;
}

/** A record's custom values as facts, in the admin's order. */
export function customFacts(defs: CustomFieldDef[], values: CustomValues): Fact[] {
	return defs.map((def) => ({ label: def.label, value: formatCustomValue(def, values[def.key]) }));
}
