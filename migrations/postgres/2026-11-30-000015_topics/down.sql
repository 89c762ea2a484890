ALTER TABLE messages DROP COLUMN topic_id;
DROP TABLE topic_preferences;
DROP TABLE topics;
