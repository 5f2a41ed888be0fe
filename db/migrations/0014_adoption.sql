CREATE TABLE `core_action` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`role_id` integer NOT NULL,
	`module` text NOT NULL,
	`action` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`role_id`) REFERENCES `role`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `core_action_key` ON `core_action` (`role_id`,`module`,`action`);--> statement-breakpoint
CREATE TABLE `quality_field` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`field` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quality_field_key` ON `quality_field` (`entity`,`field`);--> statement-breakpoint
CREATE TABLE `quality_snapshot` (
	`day` text NOT NULL,
	`owner_id` integer NOT NULL,
	`team_id` integer DEFAULT 0 NOT NULL,
	`records` integer NOT NULL,
	`checks` integer DEFAULT 0 NOT NULL,
	`score` real NOT NULL,
	`problems` text NOT NULL,
	PRIMARY KEY(`day`, `owner_id`)
);
--> statement-breakpoint
CREATE INDEX `quality_snapshot_team_idx` ON `quality_snapshot` (`team_id`,`day`);--> statement-breakpoint
CREATE TABLE `usage_user` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`first_core_at` integer,
	`last_core_at` integer
);
--> statement-breakpoint
CREATE TABLE `usage_user_day` (
	`user_id` integer NOT NULL,
	`day` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	`core` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `usage_user_day_day_idx` ON `usage_user_day` (`day`);--> statement-breakpoint
CREATE TABLE `usage_user_week` (
	`user_id` integer NOT NULL,
	`week` text NOT NULL,
	`days` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`core` integer DEFAULT 0 NOT NULL,
	`core_days` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `week`)
);
--> statement-breakpoint
CREATE INDEX `usage_user_week_week_idx` ON `usage_user_week` (`week`);