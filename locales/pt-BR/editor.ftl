# editor
# Compose's editor: the formatting toolbar and the preview in parts. Keys start with editor-.
editor-toolbar = Formatação
editor-bold = Negrito
editor-italic = Itálico
editor-underline = Sublinhado
editor-strike = Riscado
editor-spoiler = Spoiler
editor-code = Código
editor-code-block = Bloco de código
editor-link = Link
editor-quote = Citação
editor-link-text = texto do link
editor-now-markdown = A mensagem agora está em Markdown para poder ser formatada.
editor-now-html = A mensagem agora está em HTML do Telegram para poder ser formatada.
editor-part-of = Parte { $n } de { $total }
