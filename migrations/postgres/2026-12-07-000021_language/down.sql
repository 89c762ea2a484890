ALTER TABLE telegram_links DROP COLUMN language_code;
ALTER TABLE users DROP COLUMN language;
