import { error } from '@sveltejs/kit';
import { can } from '$lib/server/access/policy';
import { requireActor } from '$lib/server/auth/actor';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const { user } = requireActor(locals);
	const sections = [
		{
			href: '/admin/users',
			title: 'Users',
			text: 'Add, edit, deactivate users; reset passwords.',
			allowed: can(user, 'admin.users')
		},
		{
			href: '/admin/teams',
			title: 'Teams',
			text: 'Departments that users belong to and adoption is measured by.',
			allowed: can(user, 'admin.teams')
		},
		{
			href: '/admin/roles',
			title: 'Roles',
			text: 'What each role may do, which records it sees, whether it may export.',
			allowed: can(user, 'admin.roles')
		},
		{
			href: '/admin/adoption',
			title: 'Adoption settings',
			text: 'What each role is expected to do in the CRM (core actions), and which fields make a record complete.',
			allowed: can(user, 'admin.settings')
		},
		{
			href: '/admin/audit',
			title: 'Audit log',
			text: 'Every change, by whom and when; roll back a bad change.',
			allowed: can(user, 'audit.read')
		},
		{
			href: '/admin/sign-ins',
			title: 'Sign-ins',
			text: 'Every sign-in attempt, successful or not, with its address.',
			allowed: can(user, 'audit.read')
		},
		{
			href: '/admin/pipeline',
			title: 'Pipeline stages',
			text: 'The stages deals move through and their probabilities.',
			allowed: can(user, 'admin.settings')
		},
		{
			href: '/admin/fields',
			title: 'Custom fields',
			text: 'Fields of your own on contacts, companies and deals: text, number, date, choice, checkbox.',
			allowed: can(user, 'admin.settings')
		},
		{
			href: '/admin/mail',
			title: 'Mail',
			text: 'Whether e-mail is set up, the outbox of notification mail, and why a mail did not go.',
			allowed: can(user, 'admin.settings')
		},
		{
			href: '/admin/settings',
			title: 'Settings',
			text: 'Session timeouts.',
			allowed: can(user, 'admin.settings')
		}
	].filter((s) => s.allowed);
	if (sections.length === 0) error(403, 'You do not have permission to do that.');
	return { sections: sections.map(({ href, title, text }) => ({ href, title, text })) };
};
