import { fail, redirect } from '@sveltejs/kit';
import { clientAddress } from '$lib/server/auth/actor';
import { signIn } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/session';
import { safeNext } from '$lib/server/http/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next'), url.origin));
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url } = event;
		const data = await request.formData();
		const email = String(data.get('email') ?? '').trim();
		const password = String(data.get('password') ?? '');
		const errors: Partial<Record<'email' | 'password', string>> = {};
		if (!email) errors.email = 'Enter your email address.';
		else if (email.length > 320) errors.email = 'This is longer than any email address.';
		if (!password) errors.password = 'Enter your password.';
		else if (password.length > 1024) errors.password = 'This is longer than any password.';
		if (Object.keys(errors).length) return fail(400, { email, errors, message: '' });

		const result = await signIn(email, password, {
			ip: clientAddress(event),
			userAgent: request.headers.get('user-agent') ?? ''
		});
		if (!result.ok) {
			if (result.reason === 'throttled') {
				const minutes = result.retryAfterMinutes;
				return fail(429, {
					email,
					errors,
					message: `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
				});
			}
			return fail(400, { email, errors, message: 'Incorrect email or password.' });
		}
		setSessionCookie(cookies, url, result.token, result.session);
		redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	}
};
