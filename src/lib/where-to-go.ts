/**
 * Where an error page sends someone: the list they were probably working in, worked out from the address
 * alone — never from whether a record exists, so a 404 reads the same for a missing record and for one
 * outside the user's scope. Browser-safe.
 */

export interface Destination {
	href: string;
	label: string;
}

/** The app's lists and start pages, by address. */
const PLACES: Destination[] = [
	{ href: '/crm', label: 'CRM' },
	{ href: '/crm/companies', label: 'Companies' },
	{ href: '/crm/contacts', label: 'Contacts' },
	{ href: '/crm/deals', label: 'Deals' },
	{ href: '/crm/deals/board', label: 'Pipeline board' },
	{ href: '/crm/activities', label: 'Activities' },
	{ href: '/crm/cases', label: 'Cases' },
	{ href: '/crm/campaigns', label: 'Campaigns' },
	{ href: '/crm/import', label: 'Imports' },
	{ href: '/crm/search', label: 'Search' },
	{ href: '/rollout', label: 'Steering dashboard' },
	{ href: '/rollout/goals', label: 'Goals' },
	{ href: '/rollout/phases', label: 'Phases' },
	{ href: '/rollout/maps', label: 'Process maps' },
	{ href: '/rollout/pain-points', label: 'Pain points' },
	{ href: '/rollout/risks', label: 'Risks' },
	{ href: '/rollout/team', label: 'Project team' },
	{ href: '/rollout/changes', label: 'Change requests' },
	{ href: '/rollout/integrations', label: 'Integrations' },
	{ href: '/rollout/readiness', label: 'Readiness' },
	{ href: '/rollout/templates', label: 'Templates' },
	{ href: '/training', label: 'Training' },
	{ href: '/adoption', label: 'Adoption' },
	{ href: '/admin', label: 'Admin' },
	{ href: '/admin/users', label: 'Users' },
	{ href: '/admin/teams', label: 'Teams' },
	{ href: '/admin/roles', label: 'Roles' },
	{ href: '/admin/settings', label: 'Settings' },
	{ href: '/admin/audit', label: 'Audit log' },
	{ href: '/admin/fields', label: 'Custom fields' },
	{ href: '/admin/pipeline', label: 'Pipeline stages' },
	{ href: '/admin/sign-ins', label: 'Sign-ins' }
];

const within = (path: string, href: string) => path === href || path.startsWith(`${href}/`);

/**
 * The place above `pathname` to offer, among the areas the user may open (`areas`: their start pages,
 * as the shell's navigation lists them). A 404 offers the nearest list (`/crm/contacts/123` → Contacts);
 * a 403 offers the area's start page, since a list beside a refused page is usually refused too.
 */
export function whereToGo(pathname: string, status: number, areas: readonly string[]): Destination | null {
	const path = pathname.replace(/\/+$/, '') || '/';
	const area = PLACES.find((p) => p.href.split('/').length === 2 && within(path, p.href));
	if (!area || !areas.includes(area.href)) return null;
	if (status === 403) return path === area.href ? null : area;
	const nearest = PLACES.filter((p) => p.href !== path && within(path, p.href)).sort(
		(a, b) => b.href.length - a.href.length
	)[0];
	return nearest ?? null;
}
