DROP TABLE admin_audit;
DROP INDEX users_admins;
DROP INDEX telegram_links_username_search;
ALTER TABLE users DROP COLUMN disabled_at;
ALTER TABLE users DROP COLUMN last_login_at;
