-- The language a member chose (issue 27): a tag tglink has a catalogue for ("en", "es", "pt-BR",
-- "ru", "fa"). NULL: not chosen; pages follow the browser, the bot follows Telegram's language_code.
ALTER TABLE users ADD COLUMN language TEXT;
-- Telegram's language_code of the member when the chat was linked (refreshed when they write to
-- the bot): what messages the site sends follow when the member chose no language.
ALTER TABLE telegram_links ADD COLUMN language_code TEXT;
