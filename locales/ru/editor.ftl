# editor
# Compose's editor: the formatting toolbar and the preview in parts. Keys start with editor-.
