-- Sign-in links and password-reset links are the same kind of one-time token sent to the linked
-- chat; `purpose` tells them apart ('signin' | 'password_reset').
ALTER TABLE signin_tokens ADD COLUMN purpose TEXT NOT NULL DEFAULT 'signin';
