import { can, type Principal } from './policy';

export interface Area {
	href: string;
	label: string;
}

/** The areas of the app a user may open, in navigation order. */
export function visibleAreas(user: Principal): Area[] {
	const areas: (Area & { allowed: boolean })[] = [
		{ href: '/', label: 'Home', allowed: true },
		{ href: '/crm', label: 'CRM', allowed: can(user, 'crm.read') },
		{ href: '/rollout', label: 'Rollout', allowed: can(user, 'rollout.read') },
		{ href: '/training', label: 'Training', allowed: can(user, 'training.read') },
		// Everyone has their own figures there ("My adoption"); those who read adoption see more.
		{ href: '/adoption', label: 'Adoption', allowed: user.active },
		// Points, boards and contests are everyone's: each person sees their own standing.
		{ href: '/engagement', label: 'Engagement', allowed: user.active },
		{
			href: '/admin',
			label: 'Admin',
			allowed: ['admin.users', 'admin.teams', 'admin.roles', 'admin.settings', 'audit.read'].some((p) =>
				can(user, p as Parameters<typeof can>[1])
			)
		}
	];
	return areas.filter((a) => a.allowed).map(({ href, label }) => ({ href, label }));
}
