ALTER TABLE users DROP COLUMN signin_alerts;
DELETE FROM signin_tokens WHERE purpose <> 'signin';
ALTER TABLE signin_tokens DROP COLUMN purpose;
