CREATE TABLE `change_request` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`type` text NOT NULL,
	`priority` text DEFAULT 'medium' NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`requested_by` integer NOT NULL,
	`target_phase_id` integer,
	`reason` text DEFAULT '' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`requested_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_phase_id`) REFERENCES `phase`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_request_status_idx` ON `change_request` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `change_request_comment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`change_request_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`change_request_id`) REFERENCES `change_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_request_comment_cr_idx` ON `change_request_comment` (`change_request_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `change_request_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`change_request_id` integer NOT NULL,
	`at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`user_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`change_request_id`) REFERENCES `change_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_request_event_cr_idx` ON `change_request_event` (`change_request_id`,`at`);--> statement-breakpoint
CREATE TABLE `change_request_vote` (
	`change_request_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`change_request_id`, `user_id`),
	FOREIGN KEY (`change_request_id`) REFERENCES `change_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `goal` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rank` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`kpi` text NOT NULL,
	`unit` text DEFAULT '' NOT NULL,
	`baseline` real NOT NULL,
	`target` real NOT NULL,
	`start_date` text NOT NULL,
	`due_date` text NOT NULL,
	`owner_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `goal_rank_idx` ON `goal` (`rank`);--> statement-breakpoint
CREATE TABLE `goal_checkin` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`goal_id` integer NOT NULL,
	`date` text NOT NULL,
	`value` real NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`goal_id`) REFERENCES `goal`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `goal_checkin_goal_idx` ON `goal_checkin` (`goal_id`,`date`);--> statement-breakpoint
CREATE TABLE `goal_phase` (
	`goal_id` integer NOT NULL,
	`phase_id` integer NOT NULL,
	PRIMARY KEY(`goal_id`, `phase_id`),
	FOREIGN KEY (`goal_id`) REFERENCES `goal`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`phase_id`) REFERENCES `phase`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `integration` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system` text NOT NULL,
	`category` text NOT NULL,
	`direction` text NOT NULL,
	`objects` text DEFAULT '' NOT NULL,
	`frequency` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`owner_id` integer,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `milestone` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phase_id` integer NOT NULL,
	`name` text NOT NULL,
	`due_date` text NOT NULL,
	`done` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`phase_id`) REFERENCES `phase`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `milestone_phase_idx` ON `milestone` (`phase_id`,`due_date`);--> statement-breakpoint
CREATE TABLE `pain_point` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area` text NOT NULL,
	`severity` text NOT NULL,
	`description` text NOT NULL,
	`reported_by` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`process_map_id` integer,
	`goal_id` integer,
	`change_request_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`reported_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`process_map_id`) REFERENCES `process_map`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`goal_id`) REFERENCES `goal`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`change_request_id`) REFERENCES `change_request`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `pain_point_status_idx` ON `pain_point` (`status`,`area`);--> statement-breakpoint
CREATE TABLE `pain_point_vote` (
	`pain_point_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`pain_point_id`, `user_id`),
	FOREIGN KEY (`pain_point_id`) REFERENCES `pain_point`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `phase` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`modules` text DEFAULT '[]' NOT NULL,
	`adoption_target` integer DEFAULT 70 NOT NULL,
	`closed_at` integer,
	`override_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `phase_position_idx` ON `phase` (`position`);--> statement-breakpoint
CREATE TABLE `phase_criterion` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phase_id` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`done` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`phase_id`) REFERENCES `phase`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `phase_criterion_phase_idx` ON `phase_criterion` (`phase_id`,`kind`,`position`);--> statement-breakpoint
CREATE TABLE `phase_team` (
	`phase_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	PRIMARY KEY(`phase_id`, `team_id`),
	FOREIGN KEY (`phase_id`) REFERENCES `phase`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`team_id`) REFERENCES `team`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `phase_team_team_idx` ON `phase_team` (`team_id`);--> statement-breakpoint
CREATE TABLE `process_map` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`area` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`cloned_from_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `process_map_area_idx` ON `process_map` (`area`,`kind`);--> statement-breakpoint
CREATE TABLE `raci` (
	`role` text NOT NULL,
	`workstream` text NOT NULL,
	`letter` text NOT NULL,
	PRIMARY KEY(`role`, `workstream`)
);
--> statement-breakpoint
CREATE TABLE `readiness_item` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`position` integer NOT NULL,
	`question` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`owner_id` integer,
	`evidence_url` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `risk` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`likelihood` integer NOT NULL,
	`impact` integer NOT NULL,
	`owner_id` integer,
	`mitigation` text DEFAULT '' NOT NULL,
	`contingency` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`next_review_date` text,
	`phase_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`phase_id`) REFERENCES `phase`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `risk_status_idx` ON `risk` (`status`);--> statement-breakpoint
CREATE INDEX `risk_phase_idx` ON `risk` (`phase_id`);--> statement-breakpoint
CREATE TABLE `risk_review` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`risk_id` integer NOT NULL,
	`date` text NOT NULL,
	`likelihood` integer NOT NULL,
	`impact` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`risk_id`) REFERENCES `risk`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `risk_review_risk_idx` ON `risk_review` (`risk_id`,`date`);