# pages

## The layout (base.html)
skip-to-content = Skip to content
sandbox-label = Sandbox
sandbox-title = Sandbox: no real Telegram.
sandbox-text = This is tglink demo: the bot and its users are simulated.
sandbox-open = Open the sandbox chat
nav-main = Main
nav-connect = Connect Telegram
nav-admin = Admin
nav-your-account = Your account:
nav-log-out = Log out
nav-log-in = Log in
nav-sign-up = Sign up
footer-tagline = tglink — your site's members, on Telegram.
footer-language = Language
save = Save
