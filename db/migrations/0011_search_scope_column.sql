-- The record's owner and team move out of the searchable text into a column of their own, `scope`.
-- Since 0006 they were words of the body ("scopeowner12 scopeteam3"), so a rep who typed such a word into a
-- contact's title put that contact into other users' results and counts. Now the text is matched only in
-- `title` and `body` and scope only in `scope` (column filters, src/lib/server/crm/search.ts), so no record
-- text can reach scope. The scope words also begin with U+E000 (a private-use character: the tokenizer
-- keeps it, a search box query never holds one), so they share no prefix with anything a user types: the
-- prefix indexes of "o" or "t" stay as small as the names that begin so. The unindexed owner_id and team_id
-- columns were never read and go. Views, triggers and the index are rebuilt; the delete triggers stay.
DROP TRIGGER `company_search_insert`;
--> statement-breakpoint
DROP TRIGGER `company_search_update`;
--> statement-breakpoint
DROP TRIGGER `contact_search_insert`;
--> statement-breakpoint
DROP TRIGGER `contact_search_update`;
--> statement-breakpoint
DROP TRIGGER `deal_search_insert`;
--> statement-breakpoint
DROP TRIGGER `deal_search_update`;
--> statement-breakpoint
DROP VIEW `company_search_doc`;
--> statement-breakpoint
DROP VIEW `contact_search_doc`;
--> statement-breakpoint
DROP VIEW `deal_search_doc`;
--> statement-breakpoint
DROP TABLE `crm_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `crm_search` USING fts5(
	`title`, `body`, `scope`,
	tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'",
	prefix = '1 2 3'
);
--> statement-breakpoint
CREATE VIEW `company_search_doc` AS SELECT id, id * 4 + 1 AS doc, uptake_fold(name) AS title, uptake_fold(domain || ' ' || city || ' ' || country) || ' ' || uptake_phone_suffixes(phone) AS body, char(57344) || 'o' || owner_id || iif(team_id IS NULL, '', ' ' || char(57344) || 't' || team_id) AS scope FROM company;
--> statement-breakpoint
CREATE VIEW `contact_search_doc` AS SELECT id, id * 4 + 2 AS doc, uptake_fold(first_name || ' ' || last_name || ' ' || last_name || first_name) AS title, uptake_fold(email || ' ' || title || ' ' || city) || ' ' || uptake_phone_suffixes(phone) AS body, char(57344) || 'o' || owner_id || iif(team_id IS NULL, '', ' ' || char(57344) || 't' || team_id) AS scope FROM contact;
--> statement-breakpoint
CREATE VIEW `deal_search_doc` AS SELECT id, id * 4 + 3 AS doc, uptake_fold(name) AS title, '' AS body, char(57344) || 'o' || owner_id || iif(team_id IS NULL, '', ' ' || char(57344) || 't' || team_id) AS scope FROM deal;
--> statement-breakpoint
CREATE TRIGGER `company_search_insert` AFTER INSERT ON `company` WHEN NOT uptake_search_deferred() BEGIN
	INSERT INTO crm_search (rowid, title, body, scope)
		SELECT doc, title, body, scope FROM company_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `company_search_update` AFTER UPDATE ON `company` WHEN NOT uptake_search_deferred() BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 1;
	INSERT INTO crm_search (rowid, title, body, scope)
		SELECT doc, title, body, scope FROM company_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_insert` AFTER INSERT ON `contact` WHEN NOT uptake_search_deferred() BEGIN
	INSERT INTO crm_search (rowid, title, body, scope)
		SELECT doc, title, body, scope FROM contact_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_update` AFTER UPDATE ON `contact` WHEN NOT uptake_search_deferred() BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 2;
	INSERT INTO crm_search (rowid, title, body, scope)
		SELECT doc, title, body, scope FROM contact_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_search_insert` AFTER INSERT ON `deal` WHEN NOT uptake_search_deferred() BEGIN
	INSERT INTO crm_search (rowid, title, body, scope)
		SELECT doc, title, body, scope FROM deal_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_search_update` AFTER UPDATE ON `deal` WHEN NOT uptake_search_deferred() BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 3;
	INSERT INTO crm_search (rowid, title, body, scope)
		SELECT doc, title, body, scope FROM deal_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, scope) SELECT doc, title, body, scope FROM company_search_doc;
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, scope) SELECT doc, title, body, scope FROM contact_search_doc;
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, scope) SELECT doc, title, body, scope FROM deal_search_doc;
--> statement-breakpoint
-- Merge the rebuilt index into one segment, as a fresh build would be.
INSERT INTO crm_search (crm_search) VALUES ('optimize');
