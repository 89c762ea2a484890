ALTER TABLE deliveries DROP COLUMN language;
DROP TABLE message_translations;
