# manage
# Страницы администратора после создания рассылки: история, страница рассылки, пользователи, темы, вебхуки, группы, токены, аудит, получатели, правка, расписание; сообщения администратору и admin.js. Ключи начинаются с manage-.
# Сообщение с разметкой (<a>, <code>, <strong>) выводится как есть: сохраняйте теги и их атрибуты.

## Общее
manage-pages = Страницы
manage-actions = Действия
manage-back = Назад
manage-next = Дальше →
manage-previous = ← Назад
manage-no = нет
manage-never = никогда
manage-deleted-account = (удалённый аккаунт)
manage-col-name = Название
manage-col-created = Создан
manage-save-changes = Сохранить изменения
manage-cancel = Отмена
manage-remove = Удалить
manage-see-where = Посмотреть, что с ней.

## История и страница рассылки (history.html, broadcast.html, _progress.html, broadcast_view.rs)
manage-broadcasts = Рассылки
manage-history-empty = Рассылок пока нет.
manage-history-write-first = Напишите первую.
manage-broadcast-n = Рассылка № { $id }
manage-created-by = { $at }, автор: { $author }
manage-audience-test = только привязанные администраторы (тест)
manage-audience-topic = тема
manage-audience-everyone = все привязанные
manage-audience-and-groups = и подключённые группы
manage-scheduled-for = запланирована на { $at }
manage-newer = ← Новее
manage-older = Старше →
manage-recipients-count = { $count ->
        [one] { $shown } получатель
        [few] { $shown } получателя
        [many] { $shown } получателей
       *[other] { $shown } получателя
    }
manage-status-scheduled = Запланирована
manage-status-sending = Отправляется
manage-status-sent = Отправлена
manage-status-cancelled = Отменена
manage-status-deleted = Удалена
manage-status-nobody = Некому отправлять
manage-progress-label = Ход отправки рассылки { $id }
# $n — число в нашей разметке: оставьте его там, где стоит число.
manage-count-sent = отправлено: { $n }
manage-count-done = готово: { $n }
manage-count-pending = ожидают: { $n }
manage-count-blocked = заблокировали: { $n }
manage-count-failed = ошибки: { $n }
manage-count-cancelled = отменено: { $n }
manage-count-skipped = пропущено: { $n }
manage-count-of = из { $total }
manage-deleted-on = Удалена у всех { $at }.
# $href — адрес формы, которая её меняет.
manage-scheduled-alert = Запланирована на { $at }. <a href="{ $href }">Изменить текст или время</a> или отменить её можно ниже.
manage-outcome-per-recipient = Результат по каждому получателю
manage-cancel-confirm = Отменить эту рассылку? Сообщения, которые ещё не ушли, отправлены не будут.
manage-cancel-broadcast = Отменить рассылку
manage-the-message = Сообщение
manage-edited-on = Изменена { $at }.
manage-part-of = Часть { $n } из { $total }
manage-source-html = Исходный Telegram HTML
manage-source-text = Текст в том виде, как написан
manage-change-it = Изменить
manage-edit-text = Изменить текст
manage-edit-in-place = Во всех чатах, куда она дошла, текст сменится прямо в сообщении.
manage-delete-confirm = Удалить эту рассылку у всех? Она исчезнет из всех чатов, куда дошла, а остальным не будет отправлена.
manage-delete-everyone = Удалить у всех
manage-delete-window = Telegram позволяет ботам удалять свои сообщения только в течение 48 часов после отправки.
manage-delete-too-old = Она ушла больше 48 часов назад: Telegram уже не позволяет ботам её удалить.
manage-change-edit = Правка
manage-change-deletion = Удаление
manage-change-edit-progress = Ход правки рассылки { $id }
manage-change-deletion-progress = Ход удаления рассылки { $id }
manage-state-sending = идёт
manage-state-done = готово
manage-no-such-broadcast = Такой рассылки нет. Возможно, её удалили вместе с автором.
manage-cancelled-already = Она уже была отменена.
manage-cancelled = { $count ->
        [one] Отменено: { $shown } сообщение, которое ещё не ушло, отправлено не будет.
        [few] Отменено: { $shown } сообщения, которые ещё не ушли, отправлены не будут.
        [many] Отменено: { $shown } сообщений, которые ещё не ушли, отправлены не будут.
       *[other] Отменено: { $shown } сообщения, которые ещё не ушли, отправлены не будут.
    }

## Переводы рассылки (_variants.html, _broadcast_variants.html)
manage-translations = Переводы
manage-translations-hint = (необязательно: участники получат перевод на своём языке, остальные — сообщение выше)
manage-translation-added = Перевод: { $name } ({ $tag })
manage-translation-add = + Добавить перевод: { $name } ({ $tag })
manage-translation-message = Сообщение: { $name }
manage-translation-preview-empty = Здесь сообщение ({ $name }) появится таким, каким его покажет Telegram.
manage-translations-who = Участники, для языка которых есть перевод, получают его; все остальные, а также группы и каналы, получают сообщение выше.

## Платные рассылки (_paid_cost.html, paid_cost.rs)
# $shown — это $count в записи ("97,000", "0.3").
manage-stars = { $count ->
        [one] { $shown } звезда
        [few] { $shown } звезды
        [many] { $shown } звёзд
       *[other] { $shown } звезды
    }
# $estimate и $spent — суммы в звёздах в нашей разметке.
manage-paid-estimate = Платная рассылка со скоростью { $rate } сообщ./с: примерно { $estimate }.
manage-paid-estimate-spent = Платная рассылка со скоростью { $rate } сообщ./с: примерно { $estimate }, уже потрачено: { $spent }.
manage-paid-help = Telegram берёт 0,1 звезды за каждое сообщение сверх бесплатных ~30 в секунду: при { $rate } в секунду это { $above } из каждых { $rate } сообщений, списываемых с баланса звёзд бота.

## Получатели (recipients.html)
manage-recipients-title = Получатели рассылки № { $id }
manage-recipients-heading = Получатели <a href="{ $href }">рассылки № { $id }</a>
manage-filter-outcome = Фильтр по результату
manage-outcome-all = все
manage-outcome-pending = ожидает
manage-outcome-sending = отправляется
manage-outcome-sent = отправлено
manage-outcome-blocked = заблокировал
manage-outcome-failed = ошибка
manage-outcome-cancelled = отменено
manage-no-recipients = Получателей нет.
manage-no-recipients-outcome = Получателей с таким результатом нет.
manage-recipients = Получатели
manage-col-outcome = Результат
manage-col-attempts = Попытки
manage-col-reason = Причина
manage-col-telegram-message = Сообщение в Telegram
manage-col-updated = Обновлено
manage-recipient-group = Группа или канал пользователя { $name }

## Правка ушедшей рассылки (revise.html, revise.rs)
manage-edit-title = Правка рассылки № { $id }
manage-edit-explain = Во всех чатах, куда она дошла, текст сменится прямо в сообщении (Telegram пометит его как изменённое) с той же скоростью, что и при отправке; те, до кого она ещё не дошла, получат новый текст.
manage-edit-parts = { $parts ->
        [one] Она ушла { $parts } сообщением: новый текст тоже должен уместиться в { $parts }.
       *[other] Она ушла { $parts } сообщениями: новый текст тоже должен уместиться в { $parts }.
    }
manage-save-edit = Сохранить правку
manage-edit-saved = Сохранено: ещё не ушедшие сообщения отправятся с новым текстом.
manage-editing-in = { $count ->
        [one] Меняем текст в { $count } чате.
       *[other] Меняем текст в { $count } чатах.
    }
manage-deleted-already = Она уже удалена у всех.
manage-deleted-unsent = Удалена у всех: она ещё ни в один чат не дошла и отправлена не будет.
manage-deleting-from = { $count ->
        [one] Удалена у всех: убираем её из { $count } чата.
       *[other] Удалена у всех: убираем её из { $count } чатов.
    }
manage-refused-retracted = Это сообщение удалено у всех; изменить его нельзя.
manage-refused-parts = { $sent ->
        [one] Это сообщение ушло { $sent } сообщением, а новому тексту нужно { $now }; правка должна сохранить число частей (удалите его и отправьте новое).
       *[other] Это сообщение ушло { $sent } сообщениями, а новому тексту нужно { $now }; правка должна сохранить число частей (удалите его и отправьте новое).
    }
manage-refused-no-variant = У этого сообщения нет версии на этом языке; правкой её не добавить.
manage-refused-too-old = Telegram позволяет ботам удалять сообщения только в течение 48 часов после отправки, а это ушло { $at } UTC.

## Изменение запланированной рассылки (schedule.html, schedule.rs)
manage-schedule-title = Изменить запланированную рассылку № { $id }
manage-schedule-too-late = Тем временем эта рассылка началась или была отменена, поэтому изменения не сохранены.
manage-schedule-needs-time = Укажите новое время начала (чтобы отправить сейчас, отмените её и отправьте заново).
manage-schedule-saved = Сохранено: начало { $at }.
manage-no-such-scheduled = Такой запланированной рассылки нет.

## Пользователи (users.html, users.rs)
manage-user-search = Имя пользователя или @имя в Telegram
manage-search = Найти
manage-no-users = Подходящих пользователей нет.
manage-col-username = Имя пользователя
manage-col-last-sign-in = Последний вход
manage-col-telegram = Telegram
manage-col-admin = Администратор
manage-col-disabled = Отключён
manage-not-linked = не привязан
manage-badge-admin = администратор
manage-disabled-at = отключён { $at }
manage-user-deleted = удалён; сохранён для подсчётов
manage-only-admin = Единственный администратор: сначала сделайте администратором другой аккаунт, потом снимайте права или отключайте этот.
manage-remove-admin-confirm = Снять с { $name } права администратора?
manage-remove-admin = Снять права администратора
manage-make-admin-confirm = Сделать { $name } администратором?
manage-make-admin = Сделать администратором
manage-enable = Включить
manage-disable-confirm = Отключить { $name }? Все сеансы завершатся сейчас, и сообщения приходить перестанут.
manage-disable = Отключить
manage-unlink-confirm = Отвязать Telegram пользователя { $name }?
manage-unlink = Отвязать Telegram
manage-send-test = Отправить тестовое сообщение
manage-first-page = ← Первая страница
manage-made-admin = { $name } теперь администратор.
manage-made-admin-unchanged = Ничего не изменилось: { $name } уже администратор или подписчик, который не может войти.
manage-removed-admin = { $name } больше не администратор.
manage-removed-admin-unchanged = Ничего не изменилось: { $name } не был администратором.
manage-disabled = { $name } отключён: сеансы завершены, и больше ничего не отправляется.
manage-disabled-unchanged = Ничего не изменилось: { $name } уже был отключён.
manage-enabled = { $name } включён: снова может входить.
manage-enabled-unchanged = Ничего не изменилось: { $name } не был отключён.
manage-unlinked = Telegram пользователя { $name } отвязан; бот прощается в чате.
manage-unlinked-unchanged = Ничего не изменилось: у { $name } нет привязанного Telegram.
manage-test-on-its-way = Тестовое сообщение для { $name } уже в пути.
manage-last-admin = Последний администратор остаётся: сайту нужен хотя бы один активный администратор. Сначала сделайте администратором другой аккаунт.
manage-not-reachable = Некуда отправлять: у этого аккаунта нет привязанного чата Telegram, или он отключён.
# Отправляется участнику, на его языке.
manage-test-message = Тестовое сообщение от администраторов { $site }: сообщения в Telegram до вас доходят.

## Темы (topics.html, topics.rs)
manage-topics-intro = Темы позволяют участникам выбирать, что получать (на <a href="/account/notifications">странице уведомлений</a> или командой <code>/settings</code> в боте). Рассылка или уведомление через API может указать тему: её получат только подписчики темы, и под каждым сообщением будет кнопка, чтобы отключить тему одним нажатием. Важная тема доходит до всех привязанных участников, даже до тех, кто её отключил.
manage-topics-none = Тем пока нет: каждая рассылка уходит всем привязанным участникам.
manage-col-description = Описание
manage-col-for-new = Для новых участников
manage-col-critical = Важная
manage-on = вкл.
manage-off = выкл.
manage-badge-critical = важная
manage-edit = Изменить
manage-delete = Удалить
manage-topic-delete-confirm = Удалить тему «{ $name }»? Выбор участников по ней будет забыт.
manage-topic-change = Изменить тему
manage-topic-new = Новая тема
manage-topic-description-hint = (необязательно, видно участникам)
manage-topic-default-on = Включена у тех, кто ещё не выбирал
manage-topic-critical = Важная: отправляется всем привязанным участникам, даже тем, кто её отключил
manage-topic-create = Создать тему
manage-topic-created = Тема «{ $name }» создана.
manage-topic-saved = Тема «{ $name }» сохранена.
manage-topic-deleted-already = Эта тема уже удалена.
manage-topic-deleted = Тема «{ $name }» удалена; её рассылки остаются в истории, уже без темы.
manage-topic-taken = Тема с таким названием уже есть.
manage-topic-name-missing = Дайте теме название.
manage-topic-name-too-long = Название темы может быть не длиннее { $max } символов.
manage-topic-name-control = Название должно быть в одну строку.
manage-topic-description-too-long = Описание может быть не длиннее { $max } символов.

## Вебхуки (webhooks.html, webhooks.rs)
manage-webhook-secret-heading = Секрет подписи для { $url }
manage-webhook-secret-once = Он показывается только сейчас. Передайте его получателю на этом адресе, чтобы он мог проверять <code>webhook-signature</code> каждого события:
manage-webhook-add-heading = Добавить адрес
manage-webhook-intro = tglink отправляет POST-запросами <code>link.created</code>, <code>link.removed</code>, <code>delivery.sent</code> и <code>delivery.failed</code> на каждый адрес, с подписью по стандарту <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>, и повторяет попытки 25 часов, пока не получит ответ 2xx.
manage-webhook-private-on = На этом сервере задано <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>, поэтому принимаются и обычный http, и адреса этой машины или частной сети: используйте их только для своего получателя рядом с tglink (в событиях есть имена ваших участников).
manage-webhook-private-off = Адрес должен быть https и публичным: обычный http и адреса этой машины или частной сети не принимаются (сервер может разрешить их для своего получателя через <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>).
manage-webhook-command = То же делает команда <code>tglink create-webhook URL</code>.
manage-webhook-url = URL адреса
manage-webhook-add = Добавить адрес
manage-webhook-none = Адресов пока нет.
manage-webhook-added-at = Добавлен { $at }
manage-webhook-waiting = { $count ->
        [one] { $count } событие ждёт
        [few] { $count } события ждут
        [many] { $count } событий ждут
       *[other] { $count } события ждут
    }
manage-webhook-remove-confirm = Удалить адрес { $url }? Ожидающие события будут отброшены.
manage-webhook-no-attempts = Попыток пока не было.
manage-webhook-attempts = Последние попытки для { $url }
manage-col-time = Время
manage-ms = { $ms } мс
manage-webhook-resend = Отправить снова
manage-webhook-accepted = принято
manage-webhook-added = Адрес { $url } добавлен.
manage-webhook-removed = Адрес { $url } удалён; ожидавшие события отброшены.
manage-webhook-removed-already = Ничего не изменилось: этот адрес уже удалён.
manage-webhook-queued = { $event } { $id } снова в очереди для { $url }.
manage-webhook-gone = Нечего отправлять снова: этой попытки уже нет.
manage-webhook-not-url = Это не URL ({ $why }).
manage-webhook-scheme = Укажите URL http:// или https:// с именем хоста.
manage-webhook-too-long = URL длиннее 2000 символов.
manage-webhook-credentials = Не указывайте в URL логин и пароль: tglink подтверждает себя подписью.

## Группы и каналы (groups.html, groups.rs)
manage-groups-title = Группы и каналы
manage-groups-intro = Участники подключают группу или канал на своей странице «Подключить Telegram». Рассылка уходит в эти чаты, когда вы отмечаете <strong>Опубликовать и в подключённых группах и каналах</strong>; Telegram позволяет боту публиковать в каждом не больше 20 сообщений в минуту. В форуме администратор группы отправляет <code>/here</code> в нужной теме, чтобы сообщения приходили туда.
manage-groups-none = Подключённых групп и каналов пока нет.
manage-groups-connected = Подключённые группы и каналы
manage-col-chat = Чат
manage-col-kind = Тип
manage-col-connected-by = Кто подключил
manage-col-since = С
manage-kind-group = группа
manage-kind-supergroup = супергруппа
manage-kind-channel = канал
manage-group-topic = тема { $id }
manage-disconnect-confirm = Отключить «{ $title }»? Рассылки туда больше не пойдут.
manage-disconnect = Отключить
manage-disconnected = «{ $title }» отключён; всё, что ещё ждало отправки туда, отменено.
manage-disconnected-already = Ничего не изменилось: этот чат уже отключён.

## API-токены (tokens.html, tokens.rs)
manage-token-heading = Токен { $name }
manage-token-copy = Скопируйте его сейчас и сохраните у сервиса, который будет им пользоваться: он показывается только один раз (хранится лишь его хеш).
manage-token-create-heading = Создать токен
manage-token-name = Название: сервис, который будет им пользоваться
manage-token-create = Создать токен
manage-tokens-intro = Другие сервисы отправляют уведомления пользователю через <code>POST /api/v1/notifications</code> с <code>Authorization: Bearer &lt;token&gt;</code>. Токены можно создавать и на сервере командой <code>tglink create-api-token NAME</code>. Токен показывается один раз; хранится лишь его хеш.
manage-tokens-none = Токенов пока нет.
manage-col-last-used = Последнее использование
manage-col-state = Состояние
manage-token-revoked-at = отозван { $at }
manage-token-active = активен
manage-token-revoke-confirm = Отозвать токен { $name }? Сервисы, которые им пользуются, будут получать 401.
manage-token-revoke = Отозвать
manage-token-created = Токен { $name } создан. Скопируйте его сейчас: больше он не покажется.
manage-token-revoked = Токен { $name } отозван: сервисы, которые им пользуются, теперь получают 401.
manage-token-revoked-already = Ничего не изменилось: этот токен уже отозван.
manage-token-name-invalid = Назовите токен (от 1 до 64 символов), например по сервису, который будет им пользоваться.

## Журнал аудита (audit.html, audit_page.rs, audit.rs)
manage-audit-filter = Фильтр журнала
manage-audit-what = Что
manage-audit-every-action = Все действия
manage-audit-who = Кто
manage-audit-every-admin = Все администраторы
manage-audit-filter-button = Показать
manage-audit-show-all = Показать всё
manage-audit-none-match = Подходящих действий администраторов нет.
manage-audit-none = Действий администраторов пока нет.
manage-audit-actions = Действия администраторов
manage-col-action = Действие
manage-col-account = Аккаунт
manage-col-details = Подробности
manage-audit-newest = ← Самые новые
manage-audit-command = команда tglink
manage-kind-accounts = Аккаунты
manage-kind-broadcasts = Рассылки
manage-kind-topics = Темы
manage-kind-webhooks = Вебхуки
manage-kind-groups = Группы и каналы
manage-kind-tokens = API-токены
# Что сделал администратор, как это пишет столбец «Действие» после его имени.
manage-audit-make-admin = назначил администратором
manage-audit-remove-admin = снял права администратора
manage-audit-disable = отключил
manage-audit-enable = включил
manage-audit-unlink-telegram = отвязал Telegram
manage-audit-test-message = отправил тестовое сообщение
manage-audit-reset-password = сбросил пароль
manage-audit-send-broadcast = отправил рассылку
manage-audit-schedule-broadcast = запланировал рассылку
manage-audit-test-broadcast = отправил тест администраторам
manage-audit-change-scheduled = изменил запланированную рассылку
manage-audit-edit-broadcast = изменил текст рассылки
manage-audit-cancel-broadcast = отменил рассылку
manage-audit-delete-broadcast = удалил рассылку у всех
manage-audit-create-topic = создал тему
manage-audit-change-topic = изменил тему
manage-audit-delete-topic = удалил тему
manage-audit-disconnect-group = отключил группу или канал
manage-audit-add-webhook = добавил адрес вебхука
manage-audit-remove-webhook = удалил адрес вебхука
manage-audit-resend-webhook = повторно отправил событие вебхука
manage-audit-create-token = создал API-токен
manage-audit-revoke-token = отозвал API-токен

## admin.js, через атрибуты data-* (_script_text.html); { $x } превращается в {x}, которое подставляет скрипт
manage-js-characters = Символов: { $len } / { $max }
manage-js-long = Символов: { $len }; уйдёт минимум сообщениями: { $parts } (точно скажет предпросмотр)
manage-js-refused = Telegram это не примет: { $why }
manage-js-at = { $why } (символ { $at })
manage-js-not-closed = <{ $tag } не закрыт символом >
manage-js-bad-character = неожиданный символ в <{ $tag }>
manage-js-bad-attribute = <{ $tag }> не принимает атрибут { $attr }
manage-js-bad-href = <a> нужен href со ссылкой http://, https:// или tg://
manage-js-bad-span = <span> должен быть <span class="tg-spoiler">
manage-js-bad-code = <code class> должен быть language-…
manage-js-bad-emoji = <tg-emoji> нужен числовой emoji-id
manage-js-end-not-closed = закрывающий тег не закрыт символом >
manage-js-never-opened = </{ $tag }> закрывает тег, который не был открыт
manage-js-wrong-close = </{ $tag }> стоит там, где ожидался </{ $expected }>
manage-js-stray-lt = «<», который не начинает тег: чтобы получить символ <, пишите &lt;
manage-js-unknown-tag = <{ $tag }> — не тот тег, который поддерживает Telegram; чтобы получить символ <, пишите &lt;
manage-js-never-closed = <{ $tag }> не закрыт: добавьте </{ $tag }>
manage-js-schedule = Запланировать на { $at }
manage-js-schedule-confirm = Запланировать на { $at }? На сейчас получателей — { $reach }.
manage-js-paused = · Telegram приостановил отправку до { $time }
manage-js-eta = · осталось около { $time } при { $rate } сообщ./с
manage-js-seconds = { $n } с
manage-js-minutes = { $n } мин
manage-js-hours = { $n } ч
