-- Topics (issue 15): what a message is about, so members choose what they receive. A member's
-- choice is a row in topic_preferences; without one the topic's default applies. A critical
-- topic reaches every linked member whatever they chose (a blocked bot still stops it).
CREATE TABLE topics (
    id BIGSERIAL PRIMARY KEY,
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
