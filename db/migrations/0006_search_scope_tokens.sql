-- The record's owner and team become words of the search index ("scopeowner12 scopeteam3"), so that a
-- search within a role's scope is one full-text query ("nguy"* AND (scopeowner12 OR scopeteam3)) instead of
-- ranking every match and then filtering on unindexed columns (52 ms p95 at a million contacts, see bench/).
-- The triggers are recreated with the new body and the index is rebuilt.
DROP TRIGGER `company_search_insert`;
--> statement-breakpoint
DROP TRIGGER `company_search_update`;
--> statement-breakpoint
DROP TRIGGER `company_search_delete`;
--> statement-breakpoint
DROP TRIGGER `contact_search_insert`;
--> statement-breakpoint
DROP TRIGGER `contact_search_update`;
--> statement-breakpoint
DROP TRIGGER `contact_search_delete`;
--> statement-breakpoint
DROP TRIGGER `deal_search_insert`;
--> statement-breakpoint
DROP TRIGGER `deal_search_update`;
--> statement-breakpoint
DROP TRIGGER `deal_search_delete`;
--> statement-breakpoint
CREATE TRIGGER `company_search_insert` AFTER INSERT ON `company` BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (new.id * 4 + 1, uptake_fold(new.name), uptake_fold(new.domain || ' ' || new.city || ' ' || new.country) || ' ' || uptake_phone_suffixes(new.phone) || ' scopeowner' || new.owner_id || ' scopeteam' || coalesce(new.team_id, 0), new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `company_search_update` AFTER UPDATE ON `company` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 1;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (new.id * 4 + 1, uptake_fold(new.name), uptake_fold(new.domain || ' ' || new.city || ' ' || new.country) || ' ' || uptake_phone_suffixes(new.phone) || ' scopeowner' || new.owner_id || ' scopeteam' || coalesce(new.team_id, 0), new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `company_search_delete` AFTER DELETE ON `company` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_insert` AFTER INSERT ON `contact` BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (new.id * 4 + 2, uptake_fold(new.first_name || ' ' || new.last_name || ' ' || new.last_name || new.first_name), uptake_fold(new.email || ' ' || new.title || ' ' || new.city) || ' ' || uptake_phone_suffixes(new.phone) || ' scopeowner' || new.owner_id || ' scopeteam' || coalesce(new.team_id, 0), new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_update` AFTER UPDATE ON `contact` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 2;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (new.id * 4 + 2, uptake_fold(new.first_name || ' ' || new.last_name || ' ' || new.last_name || new.first_name), uptake_fold(new.email || ' ' || new.title || ' ' || new.city) || ' ' || uptake_phone_suffixes(new.phone) || ' scopeowner' || new.owner_id || ' scopeteam' || coalesce(new.team_id, 0), new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_search_delete` AFTER DELETE ON `contact` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_search_insert` AFTER INSERT ON `deal` BEGIN
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (new.id * 4 + 3, uptake_fold(new.name), 'scopeowner' || new.owner_id || ' scopeteam' || coalesce(new.team_id, 0), new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `deal_search_update` AFTER UPDATE ON `deal` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 3;
	INSERT INTO crm_search (rowid, title, body, owner_id, team_id) VALUES (new.id * 4 + 3, uptake_fold(new.name), 'scopeowner' || new.owner_id || ' scopeteam' || coalesce(new.team_id, 0), new.owner_id, new.team_id);
END;
--> statement-breakpoint
CREATE TRIGGER `deal_search_delete` AFTER DELETE ON `deal` BEGIN
	DELETE FROM crm_search WHERE rowid = old.id * 4 + 3;
END;
--> statement-breakpoint
DELETE FROM crm_search;
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
	SELECT id * 4 + 1, uptake_fold(name), uptake_fold(domain || ' ' || city || ' ' || country) || ' ' || uptake_phone_suffixes(phone) || ' scopeowner' || owner_id || ' scopeteam' || coalesce(team_id, 0), owner_id, team_id FROM company;
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
	SELECT id * 4 + 2, uptake_fold(first_name || ' ' || last_name || ' ' || last_name || first_name), uptake_fold(email || ' ' || title || ' ' || city) || ' ' || uptake_phone_suffixes(phone) || ' scopeowner' || owner_id || ' scopeteam' || coalesce(team_id, 0), owner_id, team_id FROM contact;
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
	SELECT id * 4 + 3, uptake_fold(name), 'scopeowner' || owner_id || ' scopeteam' || coalesce(team_id, 0), owner_id, team_id FROM deal;

--> statement-breakpoint
-- Merge the rebuilt index into one segment, as a fresh build would be.
INSERT INTO crm_search (crm_search) VALUES ('optimize');
