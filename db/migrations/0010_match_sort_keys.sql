-- A list filtered by the search box sorts every match by name before its first page (22,597 contacts
-- for "nguy" at a million): reading each match's name key from its table row touched a page per match.
-- An index of (id, name_key) holds them densely and covers the sort.
CREATE INDEX `company_id_name_key_idx` ON `company` (`id`,`name_key`);--> statement-breakpoint
CREATE INDEX `contact_id_name_key_idx` ON `contact` (`id`,`name_key`);