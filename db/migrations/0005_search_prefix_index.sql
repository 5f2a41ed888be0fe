-- The search index again, with prefix indexes for 1 to 3 characters: every query word is a prefix
-- ("nguy" finds Nguyễn), and without them a short prefix walks every term it begins, which at a million
-- contacts costs tens of milliseconds. The triggers of 0003 refer to the table by name and stay.
DROP TABLE `crm_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `crm_search` USING fts5(
	`title`, `body`, `owner_id` UNINDEXED, `team_id` UNINDEXED,
	tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'",
	prefix = '1 2 3'
);
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
	SELECT id * 4 + 1, uptake_fold(name),
		uptake_fold(domain || ' ' || city || ' ' || country) || ' ' || uptake_phone_suffixes(phone), owner_id, team_id
	FROM company;
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
	SELECT id * 4 + 2, uptake_fold(first_name || ' ' || last_name || ' ' || last_name || first_name),
		uptake_fold(email || ' ' || title || ' ' || city) || ' ' || uptake_phone_suffixes(phone), owner_id, team_id
	FROM contact;
--> statement-breakpoint
INSERT INTO crm_search (rowid, title, body, owner_id, team_id)
	SELECT id * 4 + 3, uptake_fold(name), '', owner_id, team_id FROM deal;
