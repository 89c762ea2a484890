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
