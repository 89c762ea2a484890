# Аккаунт участника.

## /account
account-title = Ваш аккаунт
account-username = Имя пользователя
account-linked-to = Привязан к { $name }
account-manage = Управлять
account-not-linked = Не привязан
account-alerts-label = Сообщать мне в Telegram о входе в аккаунт из нового браузера
account-language-label = Язык
account-language-browser = Как в браузере
account-language-hint = Сайт и бот говорят с вами на этом языке.
account-language-unknown = Выберите один из языков в списке.
account-notifications = Уведомления
account-notifications-hint = что присылает этот сайт
account-change-password = Сменить пароль
account-sessions = Сеансы
account-sessions-count = { $count ->
        [one] { $count } активный
        [few] { $count } активных
       *[many] { $count } активных
    }
account-delete = Удалить аккаунт
account-done-password = Пароль изменён. Все остальные сеансы завершены.
account-done-sessions = Все остальные сеансы завершены.
account-done-reset = Новый пароль установлен, все остальные сеансы завершены.
account-done-alerts = Настройка оповещений о входе сохранена.
account-done-language = Язык сохранён. Бот тоже будет на нём говорить.

## /login
login-title = Вход
login-password = Пароль
login-forgot = Забыли пароль?
login-locked-offer = Ваш аккаунт привязан к Telegram? Мы можем отправить в этот чат одноразовую ссылку для входа.
login-send-link = Отправить мне ссылку для входа в Telegram
login-or-telegram = Или через Telegram
login-with-telegram = Войти через Telegram
login-with-telegram-help = Подтвердите вход в нашем боте в Telegram: пароль не нужен.
login-oidc = Войти с помощью Telegram
login-oidc-help = На странице входа самого Telegram, для аккаунтов, уже привязанных к Telegram.
login-new-here = Впервые здесь?
login-create-account = Создать аккаунт
