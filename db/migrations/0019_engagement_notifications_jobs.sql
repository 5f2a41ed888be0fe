CREATE TABLE `badge` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`action` text NOT NULL,
	`threshold` integer NOT NULL,
	`repeatable` integer DEFAULT false NOT NULL,
	`monthly_cap` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `badge_key_unique` ON `badge` (`key`);--> statement-breakpoint
CREATE TABLE `badge_award` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`badge_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`at` integer NOT NULL,
	`month` text NOT NULL,
	`ledger_id` integer,
	FOREIGN KEY (`badge_id`) REFERENCES `badge`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `badge_award_user_idx` ON `badge_award` (`user_id`,`badge_id`,`month`);--> statement-breakpoint
CREATE TABLE `contest` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text DEFAULT 'team' NOT NULL,
	`metric` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`target` integer,
	`prizes` text DEFAULT '' NOT NULL,
	`rules` text,
	`started_at` integer,
	`ended_at` integer,
	`result` text,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contest_dates_idx` ON `contest` (`starts_on`,`ends_on`);--> statement-breakpoint
CREATE TABLE `contest_team` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contest_team_name` ON `contest_team` (`contest_id`,`name`);--> statement-breakpoint
CREATE TABLE `contest_team_member` (
	`contest_id` integer NOT NULL,
	`contest_team_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	PRIMARY KEY(`contest_id`, `team_id`),
	FOREIGN KEY (`contest_id`) REFERENCES `contest`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contest_team_id`) REFERENCES `contest_team`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`team_id`) REFERENCES `team`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `engagement_pref` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`hide_from_boards` integer DEFAULT false NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `points_day` (
	`day` text NOT NULL,
	`user_id` integer NOT NULL,
	`action` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`paid` integer DEFAULT 0 NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `user_id`, `action`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `points_day_user_action_idx` ON `points_day` (`user_id`,`action`,`n`);--> statement-breakpoint
CREATE TABLE `points_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`day` text NOT NULL,
	`user_id` integer NOT NULL,
	`team_id` integer DEFAULT 0 NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`points` integer NOT NULL,
	`counted` integer NOT NULL,
	`reason` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL,
	`audit_id` integer,
	`reverses_id` integer,
	`reversed` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `points_ledger_user_idx` ON `points_ledger` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `points_ledger_entity_idx` ON `points_ledger` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `points_period` (
	`period` text NOT NULL,
	`user_id` integer NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`period`, `user_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `points_rule` (
	`action` text PRIMARY KEY NOT NULL,
	`points` integer NOT NULL,
	`daily_cap` integer NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`kind` text NOT NULL,
	`notification_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_try_at` integer NOT NULL,
	`sending_since` integer,
	`sent_at` integer,
	`last_error` text DEFAULT '' NOT NULL,
	`message_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_due_idx` ON `mail_outbox` (`status`,`next_try_at`);--> statement-breakpoint
CREATE TABLE `notification` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`entity` text DEFAULT '' NOT NULL,
	`entity_id` text DEFAULT '' NOT NULL,
	`params` text NOT NULL,
	`href` text DEFAULT '' NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notification_user_idx` ON `notification` (`user_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `notification_unread_idx` ON `notification` (`user_id`,`read_at`,`kind`);--> statement-breakpoint
CREATE TABLE `notification_pref` (
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`in_app` integer NOT NULL,
	`email` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `job` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`run_at` integer NOT NULL,
	`payload` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` integer DEFAULT 0 NOT NULL,
	`done_at` integer,
	`last_error` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_key_unique` ON `job` (`key`);--> statement-breakpoint
CREATE INDEX `job_due_idx` ON `job` (`done_at`,`run_at`);--> statement-breakpoint
-- The points ledger is append-only: a reversal is a new row; an award's `reversed` flag may only be set.
CREATE TRIGGER `points_ledger_no_delete` BEFORE DELETE ON `points_ledger`
BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `points_ledger_no_update` BEFORE UPDATE ON `points_ledger`
WHEN NOT (OLD.`reversed` = 0 AND NEW.`reversed` = 1 AND OLD.`points` = NEW.`points` AND OLD.`user_id` = NEW.`user_id`
	AND OLD.`action` = NEW.`action` AND OLD.`entity` = NEW.`entity` AND OLD.`entity_id` = NEW.`entity_id`
	AND OLD.`counted` = NEW.`counted` AND OLD.`at` = NEW.`at` AND OLD.`day` = NEW.`day` AND OLD.`reason` = NEW.`reason`)
BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only: only an award''s reversed flag may be set'); END;
