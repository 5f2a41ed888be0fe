/** The demo organisation's fixed facts: what `npm start` prints and the end-to-end tests sign in with. */
export const DEMO = {
	organisation: 'Northwind Trading',
	domain: 'northwind.example',
	password: 'Northwind-demo-2026',
	adminEmail: 'admin@northwind.example',
	seed: 20261123,
	days: 180
} as const;
