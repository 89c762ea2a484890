DROP INDEX processed_updates_received;
DROP INDEX processed_updates_lanes;
DROP INDEX processed_updates_open;
CREATE INDEX processed_updates_unhandled ON processed_updates(handled_at, received_at);
ALTER TABLE processed_updates DROP COLUMN attempts;
ALTER TABLE processed_updates DROP COLUMN lease_until;
ALTER TABLE processed_updates DROP COLUMN lane;
