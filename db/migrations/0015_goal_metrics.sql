ALTER TABLE `goal` ADD `metric` text;--> statement-breakpoint
ALTER TABLE `goal` ADD `metric_scope` text;--> statement-breakpoint
ALTER TABLE `goal_checkin` ADD `source` text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `goal_checkin_auto_day` ON `goal_checkin` (`goal_id`,`date`) WHERE "goal_checkin"."source" = 'auto';