-- processed_updates becomes the inbox: an update is stored (with its JSON) before the webhook
-- answers 200 or the poller confirms it, and marked handled after; unhandled ones are redone at
-- start, so an acknowledged update survives a crash or a failed write.
ALTER TABLE processed_updates ADD COLUMN payload TEXT;
ALTER TABLE processed_updates ADD COLUMN handled_at TIMESTAMP;
CREATE INDEX processed_updates_unhandled ON processed_updates(handled_at, received_at);
