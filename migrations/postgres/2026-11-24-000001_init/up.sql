-- The whole schema of tglink, PostgreSQL flavour. Keep equivalent to migrations/sqlite.
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

-- Server-side sessions. id is the SHA-256 (hex) of the cookie's session key.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user_id ON sessions(user_id);
CREATE INDEX sessions_expires_at ON sessions(expires_at);

CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    username_lower TEXT NOT NULL,
    ip TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username_lower, failed_at);
CREATE INDEX login_failures_ip ON login_failures(ip, failed_at);

-- Secrets generated on first start (webhook secret, cookie key) and other small settings.
CREATE TABLE app_settings (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- One-time deep-link tokens; only the SHA-256 (hex) of a token is stored.
CREATE TABLE link_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX link_tokens_user_id ON link_tokens(user_id);

-- The Telegram account linked to a site account: one to one, both ways.
CREATE TABLE telegram_links (
    user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    telegram_user_id BIGINT NOT NULL UNIQUE,
    chat_id BIGINT NOT NULL UNIQUE,
    telegram_username TEXT,
    telegram_name TEXT NOT NULL,
    linked_at TIMESTAMP NOT NULL
);

-- History of links and unlinks: event is 'linked' or 'unlinked'; via says how
-- ('bot', 'page', 'stop', 'blocked', 'send_forbidden', 'chat_not_found').
CREATE TABLE link_events (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    via TEXT NOT NULL,
    telegram_user_id BIGINT NOT NULL,
    chat_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX link_events_created_at ON link_events(created_at);

-- update_ids already handled, to drop Telegram's redeliveries.
CREATE TABLE processed_updates (
    update_id BIGINT PRIMARY KEY NOT NULL,
    received_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

-- A message to send: an admin's broadcast or an API notification.
-- kind: 'broadcast' | 'notification'; format: 'plain' | 'html'; audience: 'all' | 'admins' | 'user'.
CREATE TABLE messages (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    api_token_id BIGINT REFERENCES api_tokens(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    format TEXT NOT NULL,
    audience TEXT NOT NULL,
    idempotency_key TEXT UNIQUE,
    recipients BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP
);
CREATE INDEX messages_created_at ON messages(created_at);

-- One row per recipient of a message. status: 'pending' | 'sending' | 'sent' | 'blocked' |
-- 'failed' | 'cancelled'. A 'sending' row whose lease_until passed is claimed again.
CREATE TABLE deliveries (
    id BIGSERIAL PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    chat_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP,
    telegram_message_id BIGINT,
    error TEXT,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
CREATE INDEX deliveries_message ON deliveries(message_id, status);
