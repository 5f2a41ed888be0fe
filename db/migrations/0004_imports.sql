CREATE TABLE `import_batch` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`entity` text NOT NULL,
	`file_name` text NOT NULL,
	`encoding` text NOT NULL,
	`status` text DEFAULT 'uploaded' NOT NULL,
	`headers` text NOT NULL,
	`rows` text,
	`row_count` integer NOT NULL,
	`mapping` text,
	`duplicates` text,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`committed_at` integer,
	`undone_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_batch_user_idx` ON `import_batch` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `import_change` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`version` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batch`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_change_batch_idx` ON `import_change` (`batch_id`);