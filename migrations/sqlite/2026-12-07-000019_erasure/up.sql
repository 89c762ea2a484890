-- Deleting an account keeps its link history for the counts but forgets which Telegram account
-- it was: the ids may be NULL. SQLite cannot drop NOT NULL, so the table is rebuilt (nothing
-- refers to it).
CREATE TABLE link_events_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    via TEXT NOT NULL,
    telegram_user_id BIGINT,
    chat_id BIGINT,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO link_events_new (id, user_id, event, via, telegram_user_id, chat_id, created_at)
    SELECT id, user_id, event, via, telegram_user_id, chat_id, created_at FROM link_events;
DROP TABLE link_events;
ALTER TABLE link_events_new RENAME TO link_events;
CREATE INDEX link_events_created_at ON link_events(created_at);
