-- The audit and usage logs are evidence: rows are added, never changed or removed.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `usage_event_no_update` BEFORE UPDATE ON `usage_event`
BEGIN SELECT RAISE(ABORT, 'usage_event is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `usage_event_no_delete` BEFORE DELETE ON `usage_event`
BEGIN SELECT RAISE(ABORT, 'usage_event is append-only'); END;
