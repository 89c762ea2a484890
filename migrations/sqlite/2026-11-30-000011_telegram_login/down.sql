DROP TABLE telegram_logins;
