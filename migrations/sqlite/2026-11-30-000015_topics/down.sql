ALTER TABLE users DROP COLUMN time_zone;
ALTER TABLE users DROP COLUMN quiet_end;
ALTER TABLE users DROP COLUMN quiet_start;
ALTER TABLE messages DROP COLUMN buttons;
ALTER TABLE messages DROP COLUMN protect_content;
ALTER TABLE messages DROP COLUMN silent;
ALTER TABLE messages DROP COLUMN topic_id;
DROP TABLE topic_preferences;
DROP TABLE topics;
