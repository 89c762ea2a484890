-- What an admin action was about when it is not an account (issue 22): a webhook endpoint's URL,
-- or the event resent and where. NULL for actions on accounts, whose target_id says it all.
ALTER TABLE admin_audit ADD COLUMN detail TEXT;
