-- One full-text index over companies, contacts and deals, kept current by triggers.
-- rowid = record id * 4 + kind (1 company, 2 contact, 3 deal), so that a row is replaced by rowid.
-- Text is folded by uptake_fold() (lower case, no diacritics: see src/lib/text.ts) and phone numbers
-- are indexed as their digit suffixes by uptake_phone_suffixes(), both registered on every connection
-- (src/lib/server/db/index.ts). The tokenizer keeps combining marks (M*) inside words, for Tamil.
CREATE VIRTUAL TABLE `crm_search` USING fts5(
	`title`, `body`, `owner_id` UNINDEXED, `team_id` UNINDEXED,
	tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);
--> statement-breakpoint
CREATE TRIGGER `company_search_insert` AFTER INSERT ON `company` BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (
		new.id * 4 + 1, uptake_fold(new.name),
		uptake_fold(new.domain || ' ' || new.city || ' ' || new.country) || ' ' || uptake_phone_suffixes(new.phone),
		new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `company_search_update` AFTER UPDATE ON `company` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 1;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (
		new.id * 4 + 1, uptake_fold(new.name),
		uptake_fold(new.domain || ' ' || new.city || ' ' || new.country) || ' ' || uptake_phone_suffixes(new.phone),
		new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `company_search_delete` AFTER DELETE ON `company` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_insert` AFTER INSERT ON `contact` BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (
		new.id * 4 + 2,
		uptake_fold(new.first_name || ' ' || new.last_name || ' ' || new.last_name || new.first_name),
		uptake_fold(new.email || ' ' || new.title || ' ' || new.city) || ' ' || uptake_phone_suffixes(new.phone),
		new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_update` AFTER UPDATE ON `contact` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 2;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (
		new.id * 4 + 2,
		uptake_fold(new.first_name || ' ' || new.last_name || ' ' || new.last_name || new.first_name),
		uptake_fold(new.email || ' ' || new.title || ' ' || new.city) || ' ' || uptake_phone_suffixes(new.phone),
		new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_delete` AFTER DELETE ON `contact` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_search_insert` AFTER INSERT ON `deal` BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (
		new.id * 4 + 3, uptake_fold(new.name), '', new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `deal_search_update` AFTER UPDATE ON `deal` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 3;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (
		new.id * 4 + 3, uptake_fold(new.name), '', new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `deal_search_delete` AFTER DELETE ON `deal` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 3;
END;
