# admin
# Страницы администратора. Ключи начинаются с admin-; сообщение с разметкой (<code>) выводится как есть: сохраняйте теги.

## Вкладки и обзор (_nav.html, overview.html, _health.html)
admin-title = Администрирование
admin-nav-label = Администрирование
admin-menu = Меню администратора
admin-pages = Страницы администратора
admin-nav-overview = Обзор
admin-nav-compose = Новая рассылка
admin-nav-history = История
admin-nav-topics = Темы
admin-nav-users = Пользователи
admin-nav-groups = Группы
admin-nav-audit = Журнал аудита
admin-nav-tokens = API-токены
admin-nav-webhooks = Вебхуки
admin-bot-not-configured = Бот не настроен (<code>TELEGRAM_BOT_TOKEN</code> не задан): сообщения встают в очередь, но не отправляются.
admin-stat-users = пользователей
admin-stat-linked = привязали Telegram
admin-stat-waiting = сообщений ждут отправки
admin-queue-heading = Очередь отправки
admin-events-heading = Недавние привязки и отвязки
admin-events-none = Пока никто не привязал Telegram.
admin-col-user = Пользователь
admin-col-event = Событие
admin-col-how = Как
admin-col-when = Когда
admin-event-linked = привязан
admin-event-unlinked = отвязан
admin-via-bot = подтверждено в боте
admin-via-telegram-login = через вход с Telegram
admin-via-page = на странице «Подключить Telegram»
admin-via-stop = командой /stop
admin-via-blocked = заблокировал бота
admin-via-send-forbidden = отправка отклонена (403)
admin-via-chat-not-found = чат больше не существует
admin-via-account-deleted = аккаунт удалён
admin-via-admin = администратором
admin-via-api = сайтом, через API
admin-via-disabled = аккаунт отключён
admin-via-removed = бота удалили
admin-via-no-posting = бот больше не может публиковать
admin-health-worker = Обработчик
admin-health-running = работает
admin-health-idle = простаивает или не запущен
admin-health-rate = Скорость отправки
admin-health-per-second = сообщ./с
admin-health-rate-limited = Ограничение скорости от Telegram
admin-health-paused-until = пауза до { $until }
admin-health-no = нет
admin-health-last-error = Последняя ошибка
admin-health-none = нет

## Новая рассылка (compose.html, _message_fields.html, _zone_field.html, compose.rs)
admin-compose-bot-not-configured = Бот не настроен: эта рассылка будет ждать в очереди, пока не задан <code>TELEGRAM_BOT_TOKEN</code>.
admin-message = Сообщение
admin-text-help = До { $max } символов (по подсчёту Telegram) уходят одним сообщением; более длинный текст уходит несколькими (не больше { $parts }), с разрезом между абзацами.
admin-format = Формат
admin-format-plain = Обычный текст
admin-format-plain-hint = (отправляется ровно так, как написан)
admin-format-markdown-hint = (**жирный**, _курсив_, ~~зачёркнутый~~, `код`, [ссылка](https://example.com), списки и цитаты с >)
admin-format-html-hint = (<b> <i> <u> <s> <a href> <code> <pre> <blockquote> <tg-spoiler>; пишите &lt;, чтобы получить символ <)
admin-topic = Тема
admin-topic-none = Без темы: все привязанные
admin-topic-critical-mark = (важная)
admin-topic-help = С темой сообщение получат только участники, которые её получают, с кнопкой, чтобы отключить тему. Важная тема доходит до всех привязанных.
admin-delivery = Доставка
admin-silent = Без звука
admin-silent-hint = (приходит без звука: для неважных новостей)
admin-protected = Защищённое
admin-protected-hint = (нельзя переслать или сохранить)
admin-to-groups = Опубликовать и в подключённых группах и каналах
admin-to-groups-connected = { $count ->
        [one] подключён { $count }
        [few] подключено { $count }
        [many] подключено { $count }
       *[other] подключено { $count }
    }
admin-to-groups-see = посмотреть
admin-to-groups-unfiltered = темы на них не действуют
admin-buttons = Кнопки
admin-buttons-hint = (необязательно: у каждой текст и адрес https://)
admin-button-label = Текст кнопки { $n }
admin-button-placeholder = Текст
admin-button-address = Адрес кнопки { $n }
admin-button-n = Кнопка { $n }
admin-when = Когда
admin-send-at = Отправить в
admin-send-at-hint = (пусто: сейчас)
admin-time-zone = Часовой пояс
admin-time-zone-hint = (введите город для поиска)
admin-preview = Предпросмотр
admin-preview-empty = Здесь ваше сообщение появится таким, каким его покажет Telegram.
admin-reaches-before = Получат
admin-reaches-after = сейчас.
admin-send-confirm = Отправить это сообщение в Telegram сейчас ({ $reach })?
admin-send-now = Отправить сейчас: { $reach }
admin-test-me = Отправить тест себе
admin-test-me-link-first = Сначала привяжите Telegram:
admin-test-admins = { $count ->
        [one] Тест: отправить только { $count } администратору
       *[other] Тест: отправить только { $count } администраторам
    }
admin-users-count = { $count ->
        [one] { $shown } пользователь
        [few] { $shown } пользователя
        [many] { $shown } пользователей
       *[other] { $shown } пользователя
    }
admin-nobody-topic = Тему «{ $topic }» пока никто не получает: ни один привязанный участник её не выбрал{ $default ->
        [off] , а по умолчанию она выключена
       *[on] {""}
    }.
admin-nobody-linked = Пока некому отправлять: ни один участник не привязал Telegram.
admin-form-stale = Эта форма устарела; отправьте её ещё раз.
admin-sent-as-parts = { $parts ->
        [one] Уйдёт { $parts } сообщением (Telegram допускает { $max } символов в одном).
       *[other] Уйдёт { $parts } сообщениями (Telegram допускает { $max } символов в одном).
    }
admin-test-needs-link = Сначала привяжите свой Telegram («Подключить Telegram»): тест придёт в ваш собственный чат.
admin-test-on-its-way = Тест уже летит в ваш Telegram.
admin-sending-test-admins = Отправляем тест привязанным администраторам ({ $reach }).
admin-scheduled-for = Запланировано на { $at }: на сейчас получателей — { $reach }.
admin-sending-to = Отправляем: { $reach }.
admin-queued-already = Эта рассылка уже в очереди: вот она.
admin-topic-choose = Выберите тему из списка.
admin-topic-gone = Этой темы больше нет; выберите другую.
admin-send-at-invalid = Укажите дату и время, например 2026-12-24T18:00.
admin-zone-invalid = Выберите часовой пояс для этого времени.
admin-time-skipped = Такого времени в этом часовом поясе нет (часы его пропускают при переводе).
