import { fold } from './text';
import { isIsoDate } from './dates';

/**
 * Custom fields: what an admin adds to contacts, companies and deals without code. Definitions live
 * in the `custom_field` table, values in each record's `custom` JSON (key → value). This module is
 * pure, shared by the forms, the server, the lists and the import.
 */

export const CUSTOM_ENTITIES = ['contact', 'company', 'deal'] as const;
export type CustomEntity = (typeof CUSTOM_ENTITIES)[number];
export const CUSTOM_TYPES = ['text', 'number', 'date', 'select', 'checkbox'] as const;
export type CustomType = (typeof CUSTOM_TYPES)[number];
export const CUSTOM_TYPE_LABELS: Record<CustomType, string> = {
	text: 'Text',
	number: 'Number',
	date: 'Date',
	select: 'Choice from a list',
	checkbox: 'Checkbox (yes / no)'
};

export interface CustomFieldDef {
	key: string;
	label: string;
	type: CustomType;
	options: string[];
	required: boolean;
}

export type CustomValue = string | number | boolean;
export type CustomValues = Record<string, CustomValue>;

/** The form input (and URL filter) name of a field: `cf_<key>`. */
export const inputName = (key: string) => `cf_${key}`;
/** Forms that carry the custom fields say so, so that other saves never blank them. */
export const PRESENT = 'cf__present';

/** `Preferred language` → `preferred_language`: the stored key, fixed when the field is made. */
export function keyOf(label: string): string {
	const key = fold(label)
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 40);
	return /^[a-z]/.test(key) ? key : `field_${key}`.replace(/_+$/, '');
}

/** One field's raw input → its value (`undefined` when empty) or an error message. */
export function parseCustomValue(def: CustomFieldDef, raw: unknown): { value?: CustomValue; error?: string } {
	if (def.type === 'checkbox')
		return { value: raw === 'on' || raw === 'true' || raw === true || raw === '1' || raw === 'yes' };
	const text = typeof raw === 'string' ? raw.trim() : raw == null ? '' : String(raw).trim();
	if (text === '') return def.required ? { error: `Enter ${def.label}: it is required.` } : {};
	switch (def.type) {
		case 'text':
			return text.length > 500 ? { error: 'Use at most 500 characters.' } : { value: text };
		case 'number': {
			const n = Number(text.replace(/[\s,]/g, ''));
			return Number.isFinite(n) && /\d/.test(text)
				? { value: n }
				: { error: 'Enter a number such as 42 or 1250.5.' };
		}
		case 'date':
			return isIsoDate(text) ? { value: text } : { error: 'Enter a date as YYYY-MM-DD.' };
		case 'select': {
			const match = def.options.find((o) => fold(o) === fold(text));
			return match !== undefined ? { value: match } : { error: `Choose one of: ${def.options.join(', ')}.` };
		}
	}
}

/**
 * The custom values of a form or an import row: `read(key)` gives each field's raw input. Values of
 * fields not defined (any more) are kept from `current`; emptied fields are dropped.
 */
export function parseCustomValues(
	defs: CustomFieldDef[],
	read: (key: string) => unknown,
	current: CustomValues = {}
): { values: CustomValues; errors: Record<string, string> } {
	const values: CustomValues = { ...current };
	const errors: Record<string, string> = {};
	for (const def of defs) {
		const { value, error } = parseCustomValue(def, read(def.key));
		if (error) errors[inputName(def.key)] = error;
		else if (value === undefined) delete values[def.key];
		else values[def.key] = value;
	}
	return { values, errors };
}

/** A value as a person reads it in a list, on a record page or in an export. */
export function formatCustomValue(def: Pick<CustomFieldDef, 'type'>, value: unknown): string {
	if (value === undefined || value === null || value === '') return def.type === 'checkbox' ? 'No' : '';
	if (def.type === 'checkbox') return value === true ? 'Yes' : 'No';
	if (def.type === 'number' && typeof value === 'number') return value.toLocaleString('en');
	return String(value);
}
