DROP INDEX processed_updates_unhandled;
ALTER TABLE processed_updates DROP COLUMN handled_at;
ALTER TABLE processed_updates DROP COLUMN payload;
