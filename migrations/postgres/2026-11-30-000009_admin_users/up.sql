-- The admin users page (issue 12): last sign-in, disabled accounts, the audit log, and the
-- indexes that keep search and keyset pagination fast with many users.
ALTER TABLE users ADD COLUMN last_login_at TIMESTAMP;
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;

-- Search is a prefix range and pages a keyset, both in binary ("C") order as on SQLite, whatever
-- the database's collation; Telegram @usernames are matched lower-cased.
CREATE INDEX users_username_search ON users((username_lower COLLATE "C"));
CREATE INDEX telegram_links_username_search ON telegram_links((lower(telegram_username) COLLATE "C"));
-- "Never the last admin" counts the admins.
CREATE INDEX users_admins ON users(is_admin, disabled_at);

-- Every admin action on an account. action: 'make_admin' | 'remove_admin' | 'disable' |
-- 'enable' | 'unlink_telegram' | 'test_message'. A deleted account leaves its rows, unnamed.
CREATE TABLE admin_audit (
    id BIGSERIAL PRIMARY KEY,
    admin_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX admin_audit_target ON admin_audit(target_id);
CREATE INDEX admin_audit_admin ON admin_audit(admin_id);
