-- Telegram Login (OpenID Connect): one row per login attempt while it is under way. The browser's
-- session holds the attempt (state, PKCE verifier, nonce); this table holds only the SHA-256 of
-- its `state`, so the answer for an attempt is accepted once even if an old cookie is replayed.
CREATE TABLE telegram_oidc_states (
    state_hash TEXT PRIMARY KEY NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX telegram_oidc_states_expires_at ON telegram_oidc_states (expires_at);
