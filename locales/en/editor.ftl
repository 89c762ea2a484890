# editor
# Compose's editor: the formatting toolbar and the preview in parts. Keys start with editor-.
editor-toolbar = Formatting
editor-bold = Bold
editor-italic = Italic
editor-underline = Underline
editor-strike = Strikethrough
editor-spoiler = Spoiler
editor-code = Code
editor-code-block = Code block
editor-link = Link
editor-quote = Quote
# What a new link says until the admin types its words.
editor-link-text = link text
# Said (to screen readers) when a toolbar button turns a plain-text message into one that is formatted.
editor-now-markdown = The message is now written in Markdown, so it can be formatted.
editor-now-html = The message is now written in Telegram HTML, so it can be formatted.
# Above each message of a text sent in several.
editor-part-of = Part { $n } of { $total }
