-- Shared SQLite schema of the Python benchmark peers (bench/peers), a small subset of tglink's
-- own: the update inbox (duplicate detection), one-time link tokens and linked chats.
-- Idempotent: run_peer.sh applies it to the peer's database on every start.
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS users (
    id       INTEGER PRIMARY KEY,
    username TEXT    NOT NULL UNIQUE,
    is_admin INTEGER NOT NULL DEFAULT 0
);

-- token_hash: lowercase SHA-256 hex of the token sent as `/start <token>`.
CREATE TABLE IF NOT EXISTS link_tokens (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, -- unix seconds
    used       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS links (
    chat_id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS processed_updates (
    update_id INTEGER PRIMARY KEY
);
