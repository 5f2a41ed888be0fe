import { z } from 'zod';

/** The version a form was opened on: saves based on an older one are refused (optimistic locking). */
export const version = z.coerce
	.number({ message: 'Reload the page and try again.' })
	.int()
	.positive('Reload the page and try again.');
