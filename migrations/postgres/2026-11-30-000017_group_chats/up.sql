-- Groups, channels and forum topics (issue 15): a member connects a group or channel the bot is
-- in, and broadcasts that ask for it are posted there too. One connection per chat; the account
-- that connected it owns it (its deliveries are filed under that account).
CREATE TABLE group_chats (
    id BIGSERIAL PRIMARY KEY,
    chat_id BIGINT NOT NULL UNIQUE,
    -- 'group', 'supergroup' or 'channel'
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    -- A forum topic (message_thread_id) the group's messages go to; NULL: the general chat.
    thread_id BIGINT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    connected_at TIMESTAMP NOT NULL
);
CREATE INDEX group_chats_user ON group_chats(user_id);

-- A member's request to connect a chat, short-lived and used once. 'group': the startgroup link
-- carries a token, of which only the SHA-256 is kept. 'channel': channels get no start parameter,
-- so the bot matches the account by the Telegram user who made it an administrator.
CREATE TABLE group_requests (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX group_requests_user ON group_requests(user_id, kind);

-- A broadcast may also go to the connected groups and channels; their deliveries carry the
-- forum topic to post into.
ALTER TABLE messages ADD COLUMN to_groups BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE deliveries ADD COLUMN thread_id BIGINT;
