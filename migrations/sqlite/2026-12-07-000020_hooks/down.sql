ALTER TABLE admin_audit DROP COLUMN detail;
