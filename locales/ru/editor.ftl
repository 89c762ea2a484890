# editor
# Compose's editor: the formatting toolbar and the preview in parts. Keys start with editor-.
editor-toolbar = Форматирование
editor-bold = Жирный
editor-italic = Курсив
editor-underline = Подчёркнутый
editor-strike = Зачёркнутый
editor-spoiler = Скрытый текст
editor-code = Код
editor-code-block = Блок кода
editor-link = Ссылка
editor-quote = Цитата
editor-link-text = текст ссылки
editor-now-markdown = Сообщение переведено в Markdown, чтобы его можно было отформатировать.
editor-now-html = Сообщение переведено в HTML Telegram, чтобы его можно было отформатировать.
editor-part-of = Часть { $n } из { $total }
