-- Throttling counts attempts, not failures: a login reserves its row before the password is
-- checked (and deletes it when the password was right), so parallel guesses cannot all slip
-- past the count. action: 'login' | 'signup'; ip is the client as TGLINK_TRUSTED_PROXIES resolves it.
DROP TABLE login_failures;
CREATE TABLE auth_attempts (
    id BIGSERIAL PRIMARY KEY,
    action TEXT NOT NULL,
    username_lower TEXT NOT NULL,
    ip TEXT NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX auth_attempts_name_ip ON auth_attempts(username_lower, ip, attempted_at);
CREATE INDEX auth_attempts_ip ON auth_attempts(ip, action, attempted_at);

-- Raw link tokens no longer live in sessions (the browser keeps its own, encrypted): scrub them.
UPDATE sessions SET state = (state::jsonb - 'link_token')::text WHERE state LIKE '%"link_token"%';

-- One-time sign-in links sent to a locked-out owner's linked Telegram chat; only the SHA-256
-- (hex) of a token is stored.
CREATE TABLE signin_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX signin_tokens_user_id ON signin_tokens(user_id, created_at);
