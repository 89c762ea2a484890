-- Subscribers known by the site's own id: a users row with an external_id (unique; NULL for
-- tglink's own accounts) and the name the bot shows. Such a row has no password (its hash is not
-- a PHC string) and is never found by a username lookup, so no sign-in reaches it.
ALTER TABLE users ADD COLUMN external_id TEXT;
ALTER TABLE users ADD COLUMN display_name TEXT;
CREATE UNIQUE INDEX users_external_id ON users(external_id);

-- Where events go. The secret must be read back to sign, so it is stored as is (see SECURITY.md).
CREATE TABLE webhook_endpoints (
    id BIGSERIAL PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- The outbox: one row per event, written in the transaction of the change that caused it. The
-- body is fixed then, so every attempt and a resend carry the same bytes and the same webhook-id.
CREATE TABLE webhook_events (
    id BIGSERIAL PRIMARY KEY,
    webhook_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- One row per (event, endpoint). status: 'pending' | 'sent' | 'failed'. An endpoint gets one
-- subscriber's (lane's) events in order: only the oldest pending row of a lane is claimable.
CREATE TABLE webhook_deliveries (
    id BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    lane BIGINT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP,
    last_error TEXT,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_lane ON webhook_deliveries(endpoint_id, lane, status, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries(event_id);

-- Every POST made, for the admin page: the answer's status or the error.
CREATE TABLE webhook_attempts (
    id BIGSERIAL PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts(endpoint_id, id);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id);
