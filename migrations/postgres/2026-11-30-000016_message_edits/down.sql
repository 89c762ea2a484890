ALTER TABLE messages DROP COLUMN retracted_at;
ALTER TABLE messages DROP COLUMN edited_at;
DROP INDEX deliveries_message;
CREATE INDEX deliveries_message ON deliveries(message_id, status);
ALTER TABLE deliveries DROP COLUMN source_id;
ALTER TABLE deliveries DROP COLUMN telegram_message_ids;
ALTER TABLE deliveries DROP COLUMN step;
ALTER TABLE deliveries DROP COLUMN action;
