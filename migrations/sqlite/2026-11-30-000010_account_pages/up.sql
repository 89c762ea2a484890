-- Sign-in links and password-reset links are the same kind of one-time token sent to the linked
-- chat; `purpose` tells them apart ('signin' | 'password_reset').
ALTER TABLE signin_tokens ADD COLUMN purpose TEXT NOT NULL DEFAULT 'signin';

-- New sign-in alerts in Telegram: on unless the member turns them off on /account.
ALTER TABLE users ADD COLUMN signin_alerts BOOLEAN NOT NULL DEFAULT TRUE;
