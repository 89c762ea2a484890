ALTER TABLE deliveries DROP COLUMN thread_id;
ALTER TABLE messages DROP COLUMN to_groups;
DROP TABLE group_requests;
DROP TABLE group_chats;
