-- The inbox is the bot's queue: each update belongs to a lane (its chat), is claimed with a lease
-- by whichever instance handles it, and only the oldest unhandled update of a lane may be claimed,
-- so a chat's updates are handled one at a time, in update_id order, across instances.
ALTER TABLE processed_updates ADD COLUMN lane BIGINT NOT NULL DEFAULT 0;
ALTER TABLE processed_updates ADD COLUMN lease_until TIMESTAMP;
ALTER TABLE processed_updates ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
DROP INDEX processed_updates_unhandled;
CREATE INDEX processed_updates_open ON processed_updates(update_id) WHERE handled_at IS NULL;
CREATE INDEX processed_updates_lanes ON processed_updates(lane, update_id) WHERE handled_at IS NULL;
CREATE INDEX processed_updates_received ON processed_updates(received_at);
