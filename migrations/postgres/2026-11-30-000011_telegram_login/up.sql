-- "Sign in with Telegram" attempts: a browser asks, the bot's chat approves. Only SHA-256 (hex)
-- of the deep link's nonce and of the secret kept in the browser's session are stored.
CREATE TABLE telegram_logins (
    id BIGSERIAL PRIMARY KEY,
    nonce_hash TEXT NOT NULL UNIQUE,
    browser_hash TEXT NOT NULL UNIQUE,
    browser TEXT NOT NULL,
    address TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    chat_id BIGINT,
    telegram_user_id BIGINT,
    telegram_username TEXT,
    telegram_name TEXT,
    user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    decided_at TIMESTAMP
);
CREATE INDEX telegram_logins_user_id ON telegram_logins(user_id, created_at);
CREATE INDEX telegram_logins_expires_at ON telegram_logins(expires_at);
