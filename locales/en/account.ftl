# account

## /account
account-title = Your account
account-username = Username
account-linked-to = Linked to { $name }
account-manage = Manage
account-not-linked = Not linked
account-alerts-label = Tell me in Telegram when my account is signed in from a new browser
account-language-label = Language
account-language-browser = As my browser says
account-language-hint = The site and the bot speak to you in this language.
account-language-unknown = Choose one of the languages in the list.
account-notifications = Notifications
account-notifications-hint = what this site sends you
account-change-password = Change password
account-sessions = Sessions
account-sessions-count = { $count ->
        [one] { $count } signed in
       *[other] { $count } signed in
    }
account-delete = Delete your account
account-done-password = Your password was changed. Every other session was signed out.
account-done-sessions = Every other session was signed out.
account-done-reset = Your new password is set, and every other session was signed out.
account-done-alerts = Your sign-in alert setting is saved.
account-done-language = Your language is saved. The bot speaks it too.

## /login
login-title = Log in
login-password = Password
login-forgot = Forgot your password?
login-locked-offer = Is your account linked to Telegram? We can send a one-time sign-in link to that chat.
login-send-link = Send me a sign-in link in Telegram
login-or-telegram = Or use Telegram
login-with-telegram = Sign in with Telegram
login-with-telegram-help = Approve the sign-in in our Telegram bot: no password needed.
login-oidc = Log in with Telegram
login-oidc-help = On Telegram's own login page, for accounts already linked to Telegram.
login-new-here = New here?
login-create-account = Create an account
