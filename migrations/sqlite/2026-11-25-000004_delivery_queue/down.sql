DROP INDEX messages_kind;
DROP INDEX deliveries_user;
DROP INDEX deliveries_due;
ALTER TABLE deliveries DROP COLUMN priority;
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
