# formats
# Даты, время, числа и ошибки в тексте сообщения и во времени отправки. Ключи начинаются с formats-.

## Даты и время: шаблоны strftime из chrono (%-d день, %b / %B краткое / полное название месяца
## в родительном падеже, %Y год, %H:%M:%S время). Расставьте части в порядке вашего языка.
formats-minute = %-d %B %Y, %H:%M
formats-second = %-d %B %Y, %H:%M:%S
formats-at-utc = { $time } UTC
formats-at-zone = { $time } ({ $zone })
# Между элементами списка («Новости, Акции»): кавычки сохраняют пробел.
formats-list-separator = { ", " }

## Текст сообщения (новая рассылка, правка, пробное сообщение)
formats-text-empty = Сначала напишите сообщение.
formats-text-bad-html = Это неверный HTML для Telegram: { $problem }.
formats-text-invisible = В сообщении нет видимого текста.
formats-text-too-long = Это сообщение придётся разбить на { $parts } { $parts ->
        [one] часть
        [few] части
       *[many] частей
    }, а tglink отправляет не больше { $max }. Сократите его примерно на { $over } { $over ->
        [one] символ
        [few] символа
       *[many] символов
    }.

## Что не так в HTML для Telegram (после «Это неверный HTML для Telegram:»); теги остаются как написаны.
formats-html-at = { $problem } (символ { $at })
formats-html-never-closed = тег <{ $tag }> не закрыт: добавьте </{ $tag }>
formats-html-lone-angle = знак «<» не открывает никакого тега: пишите &lt;, чтобы получить символ <
formats-html-unknown-tag = Telegram не поддерживает тег <{ $tag }> (можно: b, i, u, s, a, code, pre, blockquote, tg-spoiler, tg-emoji); пишите &lt;, чтобы получить символ <
formats-html-open-unclosed = тег <{ $tag } не закрыт знаком >
formats-html-unexpected = неожиданный символ в <{ $tag }>
formats-html-no-quote = у атрибута { $attribute } тега <{ $tag }> нет закрывающей кавычки
formats-html-attribute = тег <{ $tag }> не принимает атрибут { $attribute }
formats-html-href-scheme = в <a href> должна быть ссылка http://, https:// или tg://
formats-html-href-missing = тегу <a> нужен href, например <a href="https://example.com">
formats-html-span = <span> должен быть <span class="tg-spoiler">
formats-html-code-class = <code class> должен начинаться с language-…
formats-html-emoji = тегу <tg-emoji> нужен числовой emoji-id
formats-html-close-unclosed = тег </{ $tag } не закрыт знаком >
formats-html-mismatch = </{ $tag }> стоит там, где ожидался </{ $expected }>
formats-html-never-opened = </{ $tag }> закрывает тег, который не был открыт

## Когда отправить
formats-send-at-past = Это время уже прошло; выберите время в будущем.
formats-send-at-too-far = Запланировать можно не больше чем на год вперёд.

## Страницы ошибок (заголовок, затем текст страницы)
formats-error-not-found-title = Не найдено
formats-error-no-page-title = Страница не найдена
formats-error-no-page = По этому адресу ничего нет. Проверьте ссылку или начните заново с главной страницы.
formats-error-no-such-broadcast = Такой рассылки нет. Возможно, её удалили вместе с автором.
formats-error-no-such-topic = Такой темы нет.
formats-error-not-scheduled = Такой запланированной рассылки нет.
formats-error-no-such-account = Такого аккаунта нет.
formats-error-no-oidc = Вход через Telegram на этом сайте не настроен.
formats-error-busy-title = Сейчас много работы
formats-error-busy = У сайта сейчас много дел. Попробуйте ещё раз через несколько секунд.
formats-error-unexpected-title = Что-то пошло не так
formats-error-unexpected = У нас что-то пошло не так. Попробуйте ещё раз чуть позже.
formats-error-account-unloaded = Не удалось загрузить ваш аккаунт. Попробуйте ещё раз чуть позже.
formats-error-admins-only-title = Только для администраторов
formats-error-admins-only = Эта страница — для администраторов сайта.
formats-error-form-expired-title = Срок действия формы истёк
formats-error-form-expired = Ради вашей безопасности мы ничего не сделали. Вернитесь назад, обновите страницу и попробуйте ещё раз.
