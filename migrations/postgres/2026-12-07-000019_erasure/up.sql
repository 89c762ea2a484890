-- Deleting an account keeps its link history for the counts but forgets which Telegram account
-- it was: the ids may be NULL.
ALTER TABLE link_events ALTER COLUMN telegram_user_id DROP NOT NULL;
ALTER TABLE link_events ALTER COLUMN chat_id DROP NOT NULL;
