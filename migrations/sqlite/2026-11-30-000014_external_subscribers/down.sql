DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhook_endpoints;
DROP INDEX users_external_id;
ALTER TABLE users DROP COLUMN display_name;
ALTER TABLE users DROP COLUMN external_id;
