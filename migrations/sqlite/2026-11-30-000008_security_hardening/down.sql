DROP TABLE signin_tokens;
DROP TABLE auth_attempts;
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username_lower TEXT NOT NULL,
    ip TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username_lower, failed_at);
CREATE INDEX login_failures_ip ON login_failures(ip, failed_at);
