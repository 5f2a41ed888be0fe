-- An upload keeps the file as it came (it is parsed again when the server no longer holds its rows)
-- instead of its rows as JSON: writing the bytes costs a third of serialising and writing the rows.
-- Uploads not yet committed when this runs lose their rows: their preview asks for the file again.
ALTER TABLE `import_batch` ADD `file` blob;--> statement-breakpoint
ALTER TABLE `import_batch` DROP COLUMN `rows`;
