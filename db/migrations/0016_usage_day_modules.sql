ALTER TABLE `usage_user_day` ADD `modules` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The modules of the days already rolled up (bits in the order of CRM_MODULE_NAMES in src/lib/adoption.ts).
UPDATE `usage_user_day` SET `modules` = coalesce((
	SELECT sum(DISTINCT CASE d.module WHEN 'crm.contacts' THEN 1 WHEN 'crm.companies' THEN 2 WHEN 'crm.deals' THEN 4
		WHEN 'crm.activities' THEN 8 WHEN 'crm.cases' THEN 16 WHEN 'crm.campaigns' THEN 32 WHEN 'crm.search' THEN 64
		WHEN 'crm.import' THEN 128 END)
	FROM `usage_daily` d WHERE d.user_id = `usage_user_day`.`user_id` AND d.day = `usage_user_day`.`day`), 0);
