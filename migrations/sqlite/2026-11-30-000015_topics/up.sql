-- Topics (issue 15): what a message is about, so members choose what they receive. A member's
-- choice is a row in topic_preferences; without one the topic's default applies. A critical
-- topic reaches every linked member whatever they chose (a blocked bot still stops it).
CREATE TABLE topics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    name_lower TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    default_on BOOLEAN NOT NULL DEFAULT TRUE,
    critical BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE topic_preferences (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    subscribed BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, topic_id)
);
CREATE INDEX topic_preferences_topic ON topic_preferences(topic_id, subscribed);

-- A message may name its topic. No foreign key (SQLite cannot drop a column that has one):
-- deleting a topic clears it from its messages in the same transaction.
ALTER TABLE messages ADD COLUMN topic_id BIGINT;

-- How a message is delivered: silently (no sound), protected from forwarding and saving, and
-- with URL buttons under it (JSON [{"text", "url"}], NULL for none).
ALTER TABLE messages ADD COLUMN silent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages ADD COLUMN protect_content BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages ADD COLUMN buttons TEXT;

-- A member's quiet hours, in minutes after midnight in their time zone (an IANA name): messages
-- in that window arrive silently. NULL: none.
ALTER TABLE users ADD COLUMN quiet_start INTEGER;
ALTER TABLE users ADD COLUMN quiet_end INTEGER;
ALTER TABLE users ADD COLUMN time_zone TEXT;

-- A scheduled message: its deliveries are due at send_at (UTC), so the worker starts it on time,
-- after a restart too. NULL: at once.
ALTER TABLE messages ADD COLUMN send_at TIMESTAMP;
