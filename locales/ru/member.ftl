# member
# Страницы участника: главная, регистрация, «Подключить Telegram», ссылки для входа, вход через Telegram, виджет, страницы ошибок, /account/*, песочница. Ключи начинаются с member-.
# Обращение на «вы», как на всём сайте. Сообщение с разметкой (<strong>, <code>) выводится как есть: теги сохранять. Переменные приходят уже экранированными.

## Главная (home.html)
member-home-title = Добро пожаловать
member-home-hello = Здравствуйте, { $username }
member-home-linked = Сообщения этого сайта приходят вам в Telegram как <strong>{ $telegram }</strong>.
member-home-choose-topics = Выбрать темы и тихие часы
member-home-connect-lead = Получайте уведомления этого сайта в Telegram: подключите аккаунт за несколько секунд.
member-home-heading = Ваши уведомления — в Telegram
member-home-lead = Создайте аккаунт, нажмите на ссылку, подтвердите в Telegram — и сайт сможет писать вам туда, где вы и так бываете.
member-home-how = Как это работает
member-home-step-signup = <strong>Зарегистрируйтесь</strong>: имя пользователя и пароль.
member-home-step-connect = <strong>Откройте «Подключить Telegram»</strong> и нажмите кнопку или отсканируйте QR-код телефоном.
member-home-step-confirm = <strong>Подтвердите в боте</strong>. Вот и всё: объявления приходят сообщениями в Telegram.

## Регистрация и пароли (signup.html, telegram_signup.html, account/_new_password.html)
member-signup-heading = Создайте аккаунт
member-username-help = От 3 до 32 символов: буквы, цифры, _ . или -
member-password-confirm = Повторите пароль
member-password-help = Не меньше 10 символов. Хорошо подойдут несколько слов, которые вы запомните.
member-create-account = Создать аккаунт
member-signup-have-account = Уже есть аккаунт?
member-telegram-signup-intro = Ваш новый аккаунт на { $site } будет привязан к аккаунту Telegram <strong>{ $telegram }</strong>, а входить вы будете через Telegram. Выберите имя пользователя:
member-telegram-signup-no-password = Пароль не нужен; задать его можно позже через <strong>Забыли пароль?</strong> (ссылка придёт в этот чат Telegram).

## Подключить Telegram (connect.html, connect_unlink.html)
member-connect-unlinked = Аккаунт Telegram отвязан. Сообщения от { $site } больше не будут приходить вам в Telegram.
member-connected-to = Подключено: <strong>{ $name }</strong>
member-connect-sends = { $site } присылает объявления и уведомления на этот аккаунт Telegram. В чате отправьте <code>/whoami</code>, чтобы проверить, или <code>/stop</code>, чтобы отвязать аккаунт прямо оттуда.
member-connect-sends-since = { $site } присылает объявления и уведомления на этот аккаунт Telegram (привязан { $since }). В чате отправьте <code>/whoami</code>, чтобы проверить, или <code>/stop</code>, чтобы отвязать аккаунт прямо оттуда.
member-connect-next = Дальше: настройте под себя
member-connect-next-topics = Выберите темы
member-connect-next-topics-hint = только то, что вам интересно
member-connect-next-quiet = Настройте тихие часы
member-connect-next-quiet-hint = без звука ночью
member-connect-unlink-button = Отвязать Telegram…
member-connect-not-configured = Бот Telegram на этом сайте ещё не настроен. Попросите администратора сайта задать <code>TELEGRAM_BOT_TOKEN</code>.
member-connect-lead = Получайте объявления и уведомления { $site } в Telegram: привяжите аккаунт Telegram в два нажатия.
member-open-in-telegram = Открыть в Telegram
member-connect-opens-chat = Telegram откроет чат с <strong>@{ $bot }</strong>: нажмите <strong>Запустить</strong>, затем <strong>Подтвердить</strong>.
member-connect-waiting = Ждём подтверждения в Telegram… страница обновится сама.
member-connect-fallback = Чат открылся, но привязать не предложил?
member-start-help = Telegram Desktop иногда теряет ссылку. Отправьте это сообщение боту { $bot }:
member-copy = Копировать
member-copied-short = Скопировано
member-copied = Скопировано в буфер обмена. Вставьте в чат с ботом.
member-copy-selected = Выделено: нажмите Ctrl+C (или ⌘C), чтобы скопировать.
member-qr-heading = Вы за компьютером? Отсканируйте телефоном
member-qr-alt = QR-код ссылки «Открыть в Telegram». Отсканируйте его камерой телефона, чтобы открыть @{ $bot }.
member-qr-hint = Наведите камеру телефона на код, чтобы открыть бота на телефоне.
member-connect-valid-for = Ссылка действует { $duration }, один раз и только для вашего аккаунта. Если обновить страницу, ссылка останется той же.
member-duration-less-than-minute = меньше минуты
member-duration-minutes = { $minutes ->
        [one] ещё { $minutes } минуту
        [few] ещё { $minutes } минуты
       *[many] ещё { $minutes } минут
    }
member-duration-hours = { $hours ->
        [one] ещё около { $hours } часа
        [few] ещё около { $hours } часов
       *[many] ещё около { $hours } часов
    }
member-connect-webhook-refused = Привязка приостановлена: Telegram пока не доставляет сообщения боту этого сайта, потому что отклонил адрес сайта. Причину оператор сайта видит в журнале. Страница обновится сама, когда это исправят.
member-connect-unreachable = Сейчас не удаётся связаться с Telegram, поэтому привязка приостановлена. Мы продолжаем попытки; страница обновится сама, когда бот снова будет доступен.
member-connect-starting = Бот Telegram запускается. Страница обновится сама через несколько секунд.
member-groups-heading = Группы и каналы
member-groups-disconnected = Отключено. Рассылки туда больше не приходят; бот остаётся в чате, пока вы его не удалите.
member-groups-intro = Публикуйте объявления { $site } в группе или канале Telegram, где вы состоите. Telegram спросит, какой чат выбрать; в канале разрешите боту <strong>Публикацию сообщений</strong>. В группе с темами администратор отправляет <code>/here</code> в ту тему, куда должны приходить объявления.
member-groups-add-group = Добавить в группу
member-groups-add-channel = Добавить в канал
member-groups-link-again = Снова привяжите аккаунт Telegram, чтобы подключать ещё.
member-groups-none = Пока не подключено ни групп, ни каналов.
member-groups-chat-facts = { $kind ->
        [channel] канал
        [supergroup] супергруппа
       *[group] группа
    }{ $topic ->
        [yes] , в теме
       *[no] {""}
    }, с { $since }
member-groups-disconnect = Отключить
member-connect-oidc-heading = Или привяжите через вход Telegram
member-connect-oidc-text = Telegram попросит разрешить { $site } узнать ваш аккаунт и писать вам; как только вы разрешите, аккаунт будет привязан — без шага в чате.
member-connect-oidc-button = Привязать через вход Telegram
member-unlink-title = Отвязать Telegram?
member-unlink-text = { $site } перестанет присылать объявления и уведомления на <strong>{ $telegram }</strong>, а сообщения, ожидающие отправки, будут отменены. Привязать снова можно в любой момент.
member-unlink-confirm = Отвязать { $telegram }
member-unlink-keep = Оставить привязку

## Одноразовые ссылки для входа (signin_link.html)
member-link-sent-heading = Проверьте Telegram
member-link-sent-text = Если у <strong>{ $username }</strong> есть привязанный аккаунт Telegram, ссылка для входа уже отправлена в этот чат. Она действует один раз, 10 минут.
member-back-to-login = Вернуться ко входу
member-link-confirm = Войти как { $username }?
member-link-confirm-button = Войти как { $username }
member-link-broken-heading = Эта ссылка не работает
member-link-broken-text = Она уже использована или её срок истёк. Запросите новую на странице входа.

## Вход через Telegram (telegram_login.html)
member-tglogin-lead = Откройте ссылку в Telegram и нажмите <strong>Подтвердить</strong> в чате с <strong>@{ $bot }</strong>. Эта страница выполнит вход сама.
member-tglogin-waiting = Ждём подтверждения в Telegram… страница обновится сама.
member-tglogin-fallback = Чат открылся, но ничего не спросил?
member-tglogin-terms = Ссылка действует один раз, 5 минут, и выполняет вход только в этом браузере. Ваш аккаунт Telegram должен быть привязан к аккаунту на { $site }{ $signup ->
        [on] , или можно создать новый аккаунт через Telegram
       *[off] {""}
    }.
member-tglogin-bot-unreachable = Бот Telegram сейчас недоступен. Попробуйте ещё раз чуть позже или войдите с паролем.
member-tglogin-approved = Подтверждено в Telegram. Выполняем вход…
member-tglogin-denied = Вход отклонён в Telegram. Никто не вошёл.
member-tglogin-expired = Срок действия ссылки для входа истёк до подтверждения. Начните заново, чтобы получить новую.
member-tglogin-unlinked = Этот аккаунт Telegram не привязан ни к одному аккаунту на { $site }{ $signup ->
        [on] {""}
       *[off] , а создавать аккаунты через Telegram здесь нельзя
    }. Войдите с паролем, затем привяжите Telegram в разделе <strong>Подключить Telegram</strong>.
member-tglogin-refused = С этим аккаунтом войти нельзя. Возможно, он отключён: обратитесь к администраторам сайта.
member-tglogin-used = Эта ссылка для входа уже использована. Начните заново, чтобы получить новую.
member-tglogin-throttled = Слишком много попыток входа из вашей сети. Подождите 15 минут и попробуйте снова.
member-tglogin-unavailable = Вход через Telegram сейчас недоступен: бот Telegram сайта не готов. Войдите с паролем или попробуйте ещё раз чуть позже.
member-try-again = Попробовать снова
member-tglogin-password-instead = Войти с паролем

## Виджет «Подключить Telegram» (widget.html, linking/widget.rs)
member-widget-linked = { $site } присылает ваши уведомления на этот аккаунт Telegram. Чтобы отвязать, отправьте в чате <code>/stop</code>.
member-widget-not-configured = Бот Telegram ещё не настроен.
member-widget-lead = Получайте уведомления { $site } в Telegram.
member-widget-send-this = Или отправьте это сообщение
member-widget-start-help = Если чат откроется, но привязать не предложит, отправьте это боту { $bot }:
member-widget-scan = Или отсканируйте телефоном
member-widget-waiting = Ждём подтверждения в Telegram… обновится само.
member-widget-starting = Бот Telegram запускается или недоступен. Обновится само.
member-widget-disabled = Виджет подключения на этом tglink не включён.
member-widget-expired = Срок действия этой ссылки подключения истёк. Обновите страницу, на которой она размещена, чтобы получить новую.
member-widget-invalid = Эта ссылка подключения недействительна. Обновите страницу, на которой она размещена; если не поможет, сообщите сайту.

## Страницы ошибок (error.html, web/mod.rs, accounts/auth.rs, accounts/csrf.rs)
member-error-back = Вернуться на главную
member-error-not-found = Не найдено
member-error-busy = Сейчас слишком много работы
member-error-busy-text = У сайта сейчас много дел. Попробуйте ещё раз через несколько секунд.
member-error-unexpected = Что-то пошло не так
member-error-unexpected-text = У нас что-то пошло не так. Попробуйте ещё раз чуть позже.
member-error-account-text = Не удалось загрузить ваш аккаунт. Попробуйте ещё раз чуть позже.
member-error-no-page = Страница не найдена
member-error-no-page-text = По этому адресу ничего нет. Проверьте ссылку или начните с главной страницы.
member-error-admins-only = Только для администраторов
member-error-admins-only-text = Эта страница — для администраторов сайта.
member-error-form-expired = Срок действия формы истёк
member-error-form-expired-text = Ради вашей безопасности мы ничего не сделали. Вернитесь назад, обновите страницу и попробуйте снова.
member-error-oidc-off = Вход через Telegram на этом сайте не настроен.

## /account/password и сеансы (account/password.html, account/sessions.html)
member-back-to-account = Вернуться в аккаунт
member-password-intro = После смены пароля все остальные браузеры, где выполнен вход в ваш аккаунт, выходят из него.
member-password-current = Текущий пароль
member-password-new = Новый пароль
member-password-new-confirm = Повторите новый пароль
member-password-wrong = Это не ваш текущий пароль.
member-password-too-many = Слишком много неверных паролей. Подождите 15 минут и попробуйте снова.
member-password-changed-notice = Пароль вашего аккаунта <b>{ $username }</b> на { $site } был изменён { $at } из { $browser }, все остальные сеансы завершены. Если это были не вы, сбросьте пароль и сообщите администраторам сайта.
member-sessions-intro = Браузеры, где выполнен вход в ваш аккаунт. Завершите сеансы, которые вы не узнаёте, затем смените пароль.
member-sessions-this-device = Это устройство
member-sessions-signed-in = Вход { $at }
member-sessions-signed-in-unknown = Вход: —
member-sessions-from = с адреса { $address }
member-sessions-last-seen = последняя активность { $at }
member-sessions-last-seen-recent = последняя активность — в течение часа
member-sessions-sign-out = Завершить
member-sessions-sign-out-label = Завершить сеанс { $browser }
member-sessions-sign-out-this = Завершить сеанс { $browser } (это устройство)
member-sessions-unlisted = Некоторые старые сеансы нельзя показать по отдельности; кнопка «Завершить все другие сеансы» завершает и их.
member-sessions-end-others = Завершить все другие сеансы
member-unknown-browser = Неизвестный браузер

## /account/notifications (account/notifications.html, notifications.rs)
member-notif-no-topics = Этот сайт присылает всё всем привязанным: тем для выбора пока нет.
member-notif-intro = Выберите, что этот сайт будет присылать вам в Telegram. Изменить это можно и в чате с ботом: отправьте <code>/settings</code>.
member-notif-topics = Темы
member-notif-critical = Важное: приходит всегда.
member-notif-quiet = Тихие часы
member-notif-quiet-about = Сообщения, пришедшие в тихие часы, приходят без звука. Важные всё равно звучат.
member-notif-quiet-on = Без звука ночью
member-notif-from = С
member-notif-until = До
member-notif-zone = Ваш часовой пояс
member-notif-zone-choose = Выберите…
member-notif-zone-hint = Время на страницах сайта тоже показывается в нём.
member-notif-saved = Настройки уведомлений сохранены.
member-notif-quiet-saved = Тихие часы сохранены.
member-notif-time-error = { $field }: { $problem }
member-notif-time-invalid = Укажите время, например 22:00.
member-notif-same-times = Начало и конец тихих часов должны различаться.
member-notif-zone-invalid = Выберите часовой пояс из списка.

## Удаление аккаунта (account/delete.html)
member-delete-done = Ваш аккаунт удалён
member-delete-done-text = Ваши сеансы завершены, чат Telegram отвязан, имя и пароль стёрты. Спасибо, что были с нами.
member-home-link = На главную
member-delete-last-admin = Вы — последний администратор сайта. Сначала назначьте администратором другого участника, затем вернитесь.
member-delete-intro = Это завершит все ваши сеансы, отвяжет чат Telegram и сотрёт ваше имя и пароль. Отменить это нельзя.
member-delete-password = Ваш пароль для подтверждения
member-delete-button = Удалить мой аккаунт

## Сброс пароля (account/reset.html, account/reset_request.html)
member-reset-heading = Придумайте новый пароль
member-reset-invalid = Эта ссылка больше не работает
member-reset-invalid-text = Ссылки для сброса пароля действуют 15 минут, один раз, и только самая последняя из отправленных.
member-reset-new-link = Отправить новую ссылку
member-reset-for = Для аккаунта <strong>{ $username }</strong>. Все браузеры, где выполнен вход в него, выйдут из аккаунта.
member-reset-set = Сохранить новый пароль
member-reset-sent = Запрос получен. Если указанный аккаунт привязан к Telegram, в его чате с нашим ботом уже есть ссылка, чтобы задать новый пароль. Ссылка действует 15 минут, один раз.
member-reset-no-message = Сообщения нет? Аккаунт, не привязанный к Telegram, так восстановить нельзя: попросите администраторов сайта сбросить вам пароль.
member-reset-intro = Мы отправим ссылку для нового пароля в чат Telegram, привязанный к вашему аккаунту.
member-reset-send = Отправить мне ссылку в Telegram

## Сообщения, которые сайт отправляет в чат участника (HTML Telegram: теги сохранять; переменные приходят экранированными)
member-chat-sign-in-link = Кто-то запросил вход на <b>{ $site }</b> как <b>{ $username }</b> без пароля. Если это были вы, откройте эту ссылку в течение 10 минут (она действует один раз):
    { $url }

    Если это были не вы, просто не обращайте внимания: без ссылки ничего не произойдёт.
member-chat-reset-link = Кто-то запросил сброс пароля вашего аккаунта <b>{ $username }</b> на <b>{ $site }</b>. Если это были вы, откройте эту ссылку в течение 15 минут, чтобы задать новый пароль (она действует один раз):
    { $url }

    Если это были не вы, просто не обращайте внимания: пароль останется прежним.
member-chat-account-created = Аккаунт создан ✓

    Этот аккаунт Telegram теперь привязан к вашему новому аккаунту <b>{ $username }</b> на { $site }, и в том браузере выполнен вход. Отправьте /help, чтобы узнать, что я умею.

## Ошибки форм (accounts/domain.rs, signin/)
member-username-too-short = Имя пользователя должно содержать не меньше 3 символов.
member-username-too-long = Имя пользователя может содержать не больше 32 символов.
member-username-characters = В имени пользователя можно использовать только латинские буквы (a–z), цифры и _ . -
member-username-taken = Это имя пользователя уже занято. Выберите другое.
member-password-unusable = Этот пароль использовать нельзя.
member-password-too-short = Пароль должен содержать не меньше 10 символов.
member-password-too-long = Пароль может содержать не больше 1024 символов.
member-password-mismatch = Пароли не совпадают.
member-too-many-signups = Слишком много регистраций из вашей сети. Подождите 15 минут и попробуйте снова.
member-login-wrong = Неверное имя пользователя или пароль.
member-login-too-many = Слишком много неудачных попыток. Подождите 15 минут и попробуйте снова.
member-account-disabled = Этот аккаунт отключён. Обратитесь к администраторам сайта.

## Вход Telegram (OpenID Connect): чем закончился (signin/oidc/routes.rs)
member-oidc-linked = Ваш аккаунт Telegram привязан.
member-oidc-denied = Вы отменили вход в Telegram, поэтому ничего не изменилось.
member-oidc-provider-error = Telegram не смог завершить вход. Попробуйте ещё раз чуть позже.
member-oidc-unavailable = Служба входа Telegram сейчас недоступна. Попробуйте ещё раз чуть позже.
member-oidc-expired = Этот вход через Telegram начат не в этом браузере, длился дольше 10 минут или уже использован. Начните заново.
member-oidc-refused = Не удалось проверить ответ Telegram, поэтому ничего не произошло. Начните заново.
member-oidc-unknown = Этот аккаунт Telegram не привязан ни к одному аккаунту здесь. Войдите с паролем, затем привяжите Telegram на странице «Подключить Telegram».
member-oidc-too-many = Слишком много входов через Telegram из вашей сети. Подождите 15 минут и попробуйте снова.
member-oidc-already-linked = Этот аккаунт Telegram уже был привязан к вашему аккаунту.
member-oidc-taken = Этот аккаунт Telegram привязан к другому аккаунту на этом сайте. Сначала отвяжите его там (или отправьте боту /stop), затем попробуйте снова.
member-oidc-account-has-link = Ваш аккаунт уже привязан к аккаунту Telegram. Чтобы привязать другой, сначала отвяжите этот.

## Чат песочницы (sandbox/chat.html, static/sandbox.js)
member-sandbox-title = Чат песочницы
member-sandbox-sub = имитация Telegram
member-sandbox-intro = Играйте за пользователя Telegram, который пишет <strong>@{ $bot }</strong>. Всё, что вы делаете здесь, доходит до tglink точно так же, как отправил бы Telegram.
member-sandbox-ask = Вы открыли ссылку на <strong>@{ $bot }</strong>. Кто вы в Telegram? Выберите смоделированного пользователя или создайте нового.
member-sandbox-chatting-as = Пишу как
member-sandbox-loading = Загрузка…
member-sandbox-new-user = Новый смоделированный пользователь
member-sandbox-first-name = Имя
member-sandbox-username = Имя пользователя в Telegram
member-sandbox-optional = (необязательно)
member-sandbox-username-help = 5–32 символа: латинские буквы, цифры или _, например dana_k
member-sandbox-create-user = Создать пользователя
member-sandbox-bot = бот
member-sandbox-menu = Меню чата
member-sandbox-block = Заблокировать бота
member-sandbox-unblock = Разблокировать бота
member-sandbox-messages = Сообщения
member-sandbox-empty = Сообщений пока нет.
member-sandbox-start-help = Вы открыли ссылку на @{ $bot }. Сейчас Telegram показал бы кнопку ЗАПУСТИТЬ: она отправляет боту <code id="start-text"></code>.
member-sandbox-start = Запустить
member-sandbox-message = Сообщение
member-sandbox-send = Отправить
member-sandbox-noscript = Чату песочницы нужен JavaScript. JSON API по адресу <code>/sandbox/api</code> работает и без него (см. README).
member-sandbox-answered = Песочница ответила { $status }.
member-sandbox-choose = Выберите, кто вы…
member-sandbox-no-users = Смоделированных пользователей пока нет: создайте
member-sandbox-you-are = Теперь вы — { $name }, новый пользователь Telegram.
member-sandbox-blocked-state = вы заблокировали этого бота
member-sandbox-create-first = Создайте смоделированного пользователя, чтобы начать переписку.
member-sandbox-from-bot = Бот:
member-sandbox-from-you = Вы:
member-sandbox-edited = изменено
member-sandbox-spoiler = Спойлер: выделите, чтобы показать
member-sandbox-you-blocked = Вы заблокировали бота: он не может вам писать.
member-sandbox-you-unblocked = Вы разблокировали бота.
