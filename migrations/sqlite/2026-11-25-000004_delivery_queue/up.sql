-- The delivery queue's order: notifications to one user (priority 0) go before broadcasts (10),
-- then the oldest due first. The index serves the worker's claim query as it is written.
ALTER TABLE deliveries ADD COLUMN priority INTEGER NOT NULL DEFAULT 10;
DROP INDEX deliveries_due;
CREATE INDEX deliveries_due ON deliveries(status, priority, next_attempt_at, id);
-- Deleting a user cascades to their deliveries.
CREATE INDEX deliveries_user ON deliveries(user_id);
-- Broadcast history lists one kind of message, newest first.
CREATE INDEX messages_kind ON messages(kind, id);
