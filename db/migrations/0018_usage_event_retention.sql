-- Raw usage events stay append-only, except below the retention boundary that the one audited
-- maintenance path (src/lib/server/adoption/raw-events.ts) sets: `usage.raw_from` in `setting`,
-- whose `at` is the first instant whose events are all kept. Without that setting nothing may go.
DROP TRIGGER `usage_event_no_delete`;--> statement-breakpoint
CREATE TRIGGER `usage_event_no_delete` BEFORE DELETE ON `usage_event`
WHEN OLD.`at` >= coalesce((SELECT json_extract(`value`, '$.at') FROM `setting` WHERE `key` = 'usage.raw_from'), 0)
BEGIN SELECT RAISE(ABORT, 'usage_event is append-only: only events before the retention boundary may be dropped'); END;
