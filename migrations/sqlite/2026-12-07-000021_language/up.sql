-- The language a member chose (issue 27): a tag tglink has a catalogue for ("en", "es", "pt-BR",
-- "ru", "fa"). NULL: not chosen; pages follow the browser, the bot follows Telegram's language_code.
ALTER TABLE users ADD COLUMN language TEXT;
