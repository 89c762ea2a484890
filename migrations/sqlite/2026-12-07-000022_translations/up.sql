-- A message's variants per language (issue 27): the text members of that language get instead of
-- messages.text, in the message's format. `language` is a tag tglink speaks ("es", "pt-BR", …).
CREATE TABLE message_translations (
    message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (message_id, language)
);
-- Which variant a delivery carries, chosen when it is queued (NULL: the default text). Edits and
-- deletes copy it from the send they change.
ALTER TABLE deliveries ADD COLUMN language TEXT;
