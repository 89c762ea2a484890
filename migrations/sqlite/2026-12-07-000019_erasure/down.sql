CREATE TABLE link_events_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    via TEXT NOT NULL,
    telegram_user_id BIGINT NOT NULL,
    chat_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO link_events_old (id, user_id, event, via, telegram_user_id, chat_id, created_at)
    SELECT id, user_id, event, via, COALESCE(telegram_user_id, 0), COALESCE(chat_id, 0), created_at
    FROM link_events;
DROP TABLE link_events;
ALTER TABLE link_events_old RENAME TO link_events;
CREATE INDEX link_events_created_at ON link_events(created_at);
