-- Edits, retractions and long messages (issue 15). A delivery row is one job for one chat:
-- `send` a message (in as many parts as its text needs), `edit` what a send delivered, or
-- `delete` it. `step` is how many of the job's Telegram calls are done: the row is a cursor, so
-- part 2 never goes before part 1, and a retry repeats only the call that failed.
ALTER TABLE deliveries ADD COLUMN action TEXT NOT NULL DEFAULT 'send';
ALTER TABLE deliveries ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
-- A send's Telegram message ids, one per part sent, space-separated (telegram_message_id keeps
-- the first, as before).
ALTER TABLE deliveries ADD COLUMN telegram_message_ids TEXT;
UPDATE deliveries SET telegram_message_ids = CAST(telegram_message_id AS TEXT)
    WHERE telegram_message_id IS NOT NULL;
-- An edit or delete acts on the messages of this send delivery.
ALTER TABLE deliveries ADD COLUMN source_id BIGINT;
DROP INDEX deliveries_message;
CREATE INDEX deliveries_message ON deliveries(message_id, action, status);

ALTER TABLE messages ADD COLUMN edited_at TIMESTAMP;
ALTER TABLE messages ADD COLUMN retracted_at TIMESTAMP;
