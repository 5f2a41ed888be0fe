import type Database from 'better-sqlite3';
import type { PointActionKey } from '$lib/engagement';
import type { QualityEntity } from '../adoption/quality';
import { awardRecorded, unlinkedActivity } from './points';

/**
 * Replays the CRM work recorded since `since` through the points rules, in the order it happened:
 * the demo organisation's season of points (db/seed). Each record earns what `awardForChange` would
 * have given when it was made — including nothing, for the careless ones, with the reason.
 */
export function replaySeason(client: Database.Database, since: number): number {
	type Row = Record<string, unknown> & { id: number; at: number; ownerId: number; teamId: number | null };
	const items: { at: number; run: () => void }[] = [];
	const add = (
		rows: Row[],
		action: PointActionKey,
		entity: string,
		what: (r: Row) => string,
		options: { quality?: QualityEntity; detail?: string; activity?: boolean } = {}
	) => {
		for (const r of rows)
			items.push({
				at: r.at,
				run: () =>
					awardRecorded(
						client,
						{
							userId: r.ownerId,
							teamId: r.teamId,
							action,
							entity,
							entityId: String(r.id),
							detail: options.detail ?? '',
							what: what(r),
							record: r,
							quality: options.quality,
							missing: options.activity ? unlinkedActivity(r) : undefined
						},
						r.at
					)
			});
	};
	const all = (sql: string) => client.prepare(sql).all(since) as Row[];
	add(
		all(`SELECT id, created_at AS at, owner_id AS ownerId, team_id AS teamId, type, subject,
			contact_id AS contactId, company_id AS companyId, deal_id AS dealId FROM activity WHERE created_at >= ?`),
		'activity.logged',
		'activity',
		(r) => `Logged ${String(r.type)} “${String(r.subject)}”`,
		{ activity: true }
	);
	add(
		all(`SELECT id, created_at AS at, owner_id AS ownerId, team_id AS teamId, first_name AS firstName,
			last_name AS lastName, email, phone, company_id AS companyId, title, city, country FROM contact WHERE created_at >= ?`),
		'contact.created',
		'contact',
		(r) => `Created contact ${[r.firstName, r.lastName].filter(Boolean).join(' ')}`,
		{ quality: 'contact' }
	);
	add(
		all(`SELECT id, created_at AS at, owner_id AS ownerId, team_id AS teamId, name, amount_minor AS amountMinor,
			close_date AS closeDate, contact_id AS contactId, company_id AS companyId FROM deal WHERE created_at >= ?`),
		'deal.created',
		'deal',
		(r) => `Created deal ${String(r.name)}`,
		{ quality: 'deal' }
	);
	add(
		all(`SELECT d.id, d.updated_at AS at, d.owner_id AS ownerId, d.team_id AS teamId, d.name, d.amount_minor AS amountMinor,
			d.close_date AS closeDate, d.contact_id AS contactId, d.company_id AS companyId
			FROM deal d JOIN pipeline_stage s ON s.id = d.stage_id WHERE s.kind = 'won' AND d.updated_at >= ?`),
		'deal.won',
		'deal',
		(r) => `Won deal ${String(r.name)}`,
		{ quality: 'deal', detail: 'won' }
	);
	add(
		all(`SELECT id, resolved_at AS at, owner_id AS ownerId, team_id AS teamId, subject, description,
			contact_id AS contactId, company_id AS companyId FROM support_case
			WHERE status IN ('resolved', 'closed') AND resolved_at >= ?`),
		'case.closed',
		'case',
		(r) => `Resolved case “${String(r.subject)}”`,
		{ quality: 'case', detail: 'closed' }
	);
	add(
		all(`SELECT e.id, e.completed_at AS at, e.user_id AS ownerId, u.team_id AS teamId FROM enrollment e
			JOIN user u ON u.id = e.user_id WHERE e.state = 'completed' AND e.completed_at >= ?`),
		'course.completed',
		'enrollment',
		() => 'Completed a course',
		{ detail: 'completed' }
	);
	add(
		all(`SELECT p.id, p.updated_at AS at, p.reported_by AS ownerId, u.team_id AS teamId FROM pain_point p
			JOIN user u ON u.id = p.reported_by WHERE p.status = 'addressed' AND p.updated_at >= ?`),
		'pain_point.addressed',
		'pain_point',
		() => 'A pain point you reported was addressed',
		{ detail: 'addressed' }
	);
	items.sort((a, b) => a.at - b.at);
	for (const item of items) item.run();
	return items.length;
}
