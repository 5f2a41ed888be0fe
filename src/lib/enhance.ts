import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` for forms with a password: after a refused submission the password fields are
 * emptied, as they are when the page is rendered again without JavaScript. Other fields keep what
 * the user typed. `busy` is told when a submission starts and ends (for a button's label).
 */
export function clearPasswordsOnFailure(busy?: (submitting: boolean) => void): SubmitFunction {
	return ({ formElement }) => {
		busy?.(true);
		return async ({ result, update }) => {
			await update();
			if (result.type === 'failure' || result.type === 'error') {
				for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type="password"]'))
					input.value = '';
			}
			busy?.(false);
		};
	};
}
