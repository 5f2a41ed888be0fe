-- What the search index holds for a record is defined once, by the views company_search_doc,
-- contact_search_doc and deal_search_doc (same text as 0006), and the triggers copy a row of them.
-- A bulk write (an import) sets uptake_search_deferred() for its transaction: the insert and update
-- triggers then stay quiet and the records' documents go to search_backlog in the same transaction,
-- which src/lib/server/crm/search-index.ts drains in ascending rowid order right after (and at start-up).
-- Writing one index entry per row inside the import cost most of its time (bench/README.md).
CREATE TABLE `search_backlog` (`doc` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
CREATE VIEW `company_search_doc` AS SELECT id, id * 4 + 1 AS doc, uptake_fold(name) AS title, uptake_fold(domain || ' ' || city || ' ' || country) || ' ' || uptake_phone_suffixes(phone) || ' scopeowner' || owner_id || ' scopeteam' || coalesce(team_id, 0) AS body, owner_id, team_id FROM company;
--> statement-breakpoint
CREATE VIEW `contact_search_doc` AS SELECT id, id * 4 + 2 AS doc, uptake_fold(first_name || ' ' || last_name || ' ' || last_name || first_name) AS title, uptake_fold(email || ' ' || title || ' ' || city) || ' ' || uptake_phone_suffixes(phone) || ' scopeowner' || owner_id || ' scopeteam' || coalesce(team_id, 0) AS body, owner_id, team_id FROM contact;
--> statement-breakpoint
CREATE VIEW `deal_search_doc` AS SELECT id, id * 4 + 3 AS doc, uptake_fold(name) AS title, 'scopeowner' || owner_id || ' scopeteam' || coalesce(team_id, 0) AS body, owner_id, team_id FROM deal;
--> statement-breakpoint
DROP TRIGGER `company_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `company_search_insert` AFTER INSERT ON `company` WHEN NOT uptake_search_deferred() BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
		SELECT doc, title, body, owner_id, team_id FROM company_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER `company_search_update`;
--> statement-breakpoint
CREATE TRIGGER `company_search_update` AFTER UPDATE ON `company` WHEN NOT uptake_search_deferred() BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 1;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
		SELECT doc, title, body, owner_id, team_id FROM company_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER `contact_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `contact_search_insert` AFTER INSERT ON `contact` WHEN NOT uptake_search_deferred() BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
		SELECT doc, title, body, owner_id, team_id FROM contact_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER `contact_search_update`;
--> statement-breakpoint
CREATE TRIGGER `contact_search_update` AFTER UPDATE ON `contact` WHEN NOT uptake_search_deferred() BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 2;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
		SELECT doc, title, body, owner_id, team_id FROM contact_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER `deal_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `deal_search_insert` AFTER INSERT ON `deal` WHEN NOT uptake_search_deferred() BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
		SELECT doc, title, body, owner_id, team_id FROM deal_search_doc WHERE id = new.id;
END;
--> statement-breakpoint
DROP TRIGGER `deal_search_update`;
--> statement-breakpoint
CREATE TRIGGER `deal_search_update` AFTER UPDATE ON `deal` WHEN NOT uptake_search_deferred() BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 3;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
		SELECT doc, title, body, owner_id, team_id FROM deal_search_doc WHERE id = new.id;
END;
