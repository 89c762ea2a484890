UPDATE link_events SET telegram_user_id = 0 WHERE telegram_user_id IS NULL;
UPDATE link_events SET chat_id = 0 WHERE chat_id IS NULL;
ALTER TABLE link_events ALTER COLUMN telegram_user_id SET NOT NULL;
ALTER TABLE link_events ALTER COLUMN chat_id SET NOT NULL;
