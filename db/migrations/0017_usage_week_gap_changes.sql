ALTER TABLE `usage_user_day` ADD `contacts_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_day` ADD `companies_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_day` ADD `deals_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_day` ADD `activities_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_day` ADD `cases_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_day` ADD `campaigns_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_day` ADD `import_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `gap` integer;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `modules` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `contacts_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `companies_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `deals_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `activities_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `cases_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `campaigns_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `usage_user_week` ADD `import_changes` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Back-fill what the rollups already hold (the same sums as adoption/rollups.ts recomputeUserRollups).
UPDATE `usage_user_day` SET (contacts_changes, companies_changes, deals_changes, activities_changes, cases_changes, campaigns_changes, import_changes) = (
	SELECT coalesce(sum(CASE WHEN d.module = 'crm.contacts' AND d.action IN ('create', 'update', 'delete') THEN d.count ELSE 0 END), 0),
		coalesce(sum(CASE WHEN d.module = 'crm.companies' AND d.action IN ('create', 'update', 'delete') THEN d.count ELSE 0 END), 0),
		coalesce(sum(CASE WHEN d.module = 'crm.deals' AND d.action IN ('create', 'update', 'delete') THEN d.count ELSE 0 END), 0),
		coalesce(sum(CASE WHEN d.module = 'crm.activities' AND d.action IN ('create', 'update', 'delete') THEN d.count ELSE 0 END), 0),
		coalesce(sum(CASE WHEN d.module = 'crm.cases' AND d.action IN ('create', 'update', 'delete') THEN d.count ELSE 0 END), 0),
		coalesce(sum(CASE WHEN d.module = 'crm.campaigns' AND d.action IN ('create', 'update', 'delete') THEN d.count ELSE 0 END), 0),
		coalesce(sum(CASE WHEN d.module = 'crm.import' AND d.action IN ('create', 'update', 'delete') THEN d.count ELSE 0 END), 0)
	FROM `usage_daily` d WHERE d.user_id = `usage_user_day`.`user_id` AND d.day = `usage_user_day`.`day`);--> statement-breakpoint
UPDATE `usage_user_week` SET (modules, contacts_changes, companies_changes, deals_changes, activities_changes, cases_changes, campaigns_changes, import_changes) = (
	SELECT coalesce(max(d.modules & 1) + max(d.modules & 2) + max(d.modules & 4) + max(d.modules & 8) + max(d.modules & 16) + max(d.modules & 32) + max(d.modules & 64) + max(d.modules & 128), 0), coalesce(sum(d.contacts_changes), 0), coalesce(sum(d.companies_changes), 0), coalesce(sum(d.deals_changes), 0), coalesce(sum(d.activities_changes), 0), coalesce(sum(d.cases_changes), 0), coalesce(sum(d.campaigns_changes), 0), coalesce(sum(d.import_changes), 0)
	FROM `usage_user_day` d WHERE d.user_id = `usage_user_week`.`user_id`
		AND d.day >= `usage_user_week`.`week` AND d.day <= date(`usage_user_week`.`week`, '+6 days'));--> statement-breakpoint
UPDATE `usage_user_week` SET gap = g.gap FROM (
	SELECT user_id, week,
		CAST(round((julianday(week) - julianday(lag(week) OVER (PARTITION BY user_id ORDER BY week))) / 7) AS INTEGER) AS gap
	FROM `usage_user_week`) AS g
WHERE g.user_id = `usage_user_week`.`user_id` AND g.week = `usage_user_week`.`week`;
