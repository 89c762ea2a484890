DROP TRIGGER messages_delete_their_deliveries ON messages;
DROP FUNCTION deliveries_of_deleted_messages();
DROP TRIGGER users_delete_their_deliveries ON users;
DROP FUNCTION deliveries_of_deleted_users();
CREATE INDEX deliveries_user ON deliveries(user_id);
ALTER TABLE deliveries ADD CONSTRAINT deliveries_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_message_id_fkey
    FOREIGN KEY (message_id) REFERENCES messages(id) ON DELETE CASCADE;
