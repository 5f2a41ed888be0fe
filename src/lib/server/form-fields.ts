import { inputName } from '$lib/custom-fields';
import { scopeKey, type MetricScope } from '$lib/rollout';

/**
 * How a record's stored fields and its form's fields correspond: most carry the column's name;
 * money is typed in major units (`amountMinor` ← `amount`); a company or contact link is its id with
 * the name shown (`companyId`, `companyName`); a custom field is `cf_<key>`.
 */
export function formKeysOf(field: string): string[] {
	if (field.startsWith('custom.')) return [inputName(field.slice('custom.'.length))];
	if (field.endsWith('Minor')) return [field.slice(0, -'Minor'.length)];
	if (field === 'companyId') return ['companyId', 'companyName'];
	if (field === 'contactId') return ['contactId', 'contactName'];
	return [field];
}

/** A stored value as a form field carries it (a ticked box is `on`, money in major units). */
export function asFormValue(value: unknown, field = ''): string | string[] {
	if (Array.isArray(value)) return value.map(String);
	if (value === true) return 'on';
	if (value === null || value === undefined || value === false) return '';
	if (field.endsWith('Minor') && typeof value === 'number') return (value / 100).toFixed(2);
	if (field === 'metricScope' && typeof value === 'object') return scopeKey(value as MetricScope);
	return String(value);
}

const KEPT_BY_THE_WRITE_PATH = new Set(['id', 'version', 'createdAt', 'updatedAt', 'custom']);

/**
 * An edit's input with the fields it does not carry taken from the stored record: a missing field is
 * not an empty one (a post that leaves out Phone keeps the phone). Ticked boxes and checkbox groups
 * are left out of this, as HTML forms send nothing for a box left unticked; custom fields keep their
 * own rule (see customValuesOf).
 */
export function withStoredFields(input: unknown, stored: object): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	const filled: Record<string, unknown> = {};
	for (const [field, value] of Object.entries(stored)) {
		if (KEPT_BY_THE_WRITE_PATH.has(field) || typeof value === 'boolean' || Array.isArray(value)) continue;
		if (value !== null && typeof value === 'object') continue;
		filled[formKeysOf(field)[0]] = asFormValue(value, field);
	}
	return { ...filled, ...(input as Record<string, unknown>) };
}
