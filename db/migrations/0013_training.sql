CREATE TABLE `attendance` (
	`session_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`recorded_by` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `training_session`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendance_user_idx` ON `attendance` (`user_id`);--> statement-breakpoint
CREATE TABLE `calendar_feed` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feed_secret_unique` ON `calendar_feed` (`secret_hash`);--> statement-breakpoint
CREATE TABLE `course` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`format` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`modules` text DEFAULT '[]' NOT NULL,
	`materials` text DEFAULT '[]' NOT NULL,
	`prerequisites` text DEFAULT '[]' NOT NULL,
	`required` integer DEFAULT true NOT NULL,
	`audience` text NOT NULL,
	`due_days` integer,
	`due_before_phase_days` integer,
	`completion` text DEFAULT 'learner' NOT NULL,
	`pass_mark` integer,
	`archived` integer DEFAULT false NOT NULL,
	`owner_id` integer NOT NULL,
	`team_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `team`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_title_unique` ON `course` (`title`);--> statement-breakpoint
CREATE TABLE `enrollment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`source` text NOT NULL,
	`state` text DEFAULT 'assigned' NOT NULL,
	`assigned_at` integer NOT NULL,
	`due_date` text,
	`submitted_at` integer,
	`completed_at` integer,
	`score` integer,
	`completed_by` integer,
	`session_id` integer,
	`withdrawn_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `course`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`completed_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrollment_user_course_unique` ON `enrollment` (`user_id`,`course_id`);--> statement-breakpoint
CREATE INDEX `enrollment_course_state_idx` ON `enrollment` (`course_id`,`state`);--> statement-breakpoint
CREATE TABLE `session_seat` (
	`session_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`requested_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `training_session`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_seat_user_idx` ON `session_seat` (`user_id`);--> statement-breakpoint
CREATE TABLE `training_notice` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`session_id` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `training_session`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_notice_user_idx` ON `training_notice` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `training_session` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`trainer_id` integer NOT NULL,
	`team_id` integer,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`capacity` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `course`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`trainer_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `team`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_session_course_idx` ON `training_session` (`course_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `training_session_trainer_idx` ON `training_session` (`trainer_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `training_session_starts_idx` ON `training_session` (`starts_at`);--> statement-breakpoint
ALTER TABLE `phase_criterion` ADD `measure` text;--> statement-breakpoint
ALTER TABLE `phase_criterion` ADD `threshold` integer;