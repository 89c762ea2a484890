# editor
# Compose's editor: the formatting toolbar and the preview in parts. Keys start with editor-.
editor-toolbar = قالب‌بندی
editor-bold = پررنگ
editor-italic = کج
editor-underline = زیرخط‌دار
editor-strike = خط‌خورده
editor-spoiler = متن پنهان
editor-code = کد
editor-code-block = بلوک کد
editor-link = پیوند
editor-quote = نقل‌قول
editor-link-text = متن پیوند
editor-now-markdown = پیام اکنون به Markdown نوشته می‌شود تا بتوان آن را قالب‌بندی کرد.
editor-now-html = پیام اکنون به HTML تلگرام نوشته می‌شود تا بتوان آن را قالب‌بندی کرد.
editor-part-of = بخش { $n } از { $total }
