# editor
# Compose's editor: the formatting toolbar and the preview in parts. Keys start with editor-.
editor-toolbar = Formato del texto
editor-bold = Negrita
editor-italic = Cursiva
editor-underline = Subrayado
editor-strike = Tachado
editor-spoiler = Spoiler
editor-code = Código
editor-code-block = Bloque de código
editor-link = Enlace
editor-quote = Cita
editor-link-text = texto del enlace
editor-now-markdown = El mensaje ahora está en Markdown para poder darle formato.
editor-now-html = El mensaje ahora está en HTML de Telegram para poder darle formato.
editor-part-of = Parte { $n } de { $total }
