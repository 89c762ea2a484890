# Страницы сайта.

## Макет (base.html)
skip-to-content = Перейти к содержимому
sandbox-label = Песочница
sandbox-title = Песочница: настоящего Telegram нет.
sandbox-text = Это tglink demo: бот и его пользователи смоделированы.
sandbox-open = Открыть чат песочницы
nav-main = Основное меню
nav-connect = Подключить Telegram
nav-admin = Администрирование
nav-your-account = Ваш аккаунт:
nav-log-out = Выйти
nav-log-in = Войти
nav-sign-up = Регистрация
footer-tagline = tglink — участники вашего сайта в Telegram.
footer-language = Язык
save = Сохранить
