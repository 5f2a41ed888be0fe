import { describe, expect, it } from 'vitest';
import { whereToGo } from '$lib/where-to-go';

const ALL = ['/', '/crm', '/rollout', '/training', '/adoption', '/admin'];
const REP = ['/', '/crm', '/rollout', '/training'];

describe('where an error page sends someone', () => {
	it('offers the list a missing record belongs to', () => {
		expect(whereToGo('/crm/contacts/123', 404, ALL)).toEqual({ href: '/crm/contacts', label: 'Contacts' });
		expect(whereToGo('/crm/deals/9/', 404, ALL)).toEqual({ href: '/crm/deals', label: 'Deals' });
		expect(whereToGo('/rollout/risks/77', 404, REP)).toEqual({ href: '/rollout/risks', label: 'Risks' });
		expect(whereToGo('/admin/users/5', 404, ALL)).toEqual({ href: '/admin/users', label: 'Users' });
	});

	it('does not take a list for its own longer namesake', () => {
		expect(whereToGo('/crm/contactsx/1', 404, ALL)).toEqual({ href: '/crm', label: 'CRM' });
	});

	it('offers nothing in an area the user may not open, or for an address outside every area', () => {
		expect(whereToGo('/admin/users/5', 404, REP)).toBeNull();
		expect(whereToGo('/no-such-place', 404, ALL)).toBeNull();
		expect(whereToGo('/', 404, ALL)).toBeNull();
	});

	it('offers the area’s start page after a refusal, not a list beside the refused page', () => {
		expect(whereToGo('/admin/users', 403, ALL)).toEqual({ href: '/admin', label: 'Admin' });
		expect(whereToGo('/crm/import/3', 403, REP)).toEqual({ href: '/crm', label: 'CRM' });
		expect(whereToGo('/admin', 403, ALL)).toBeNull();
	});
});
