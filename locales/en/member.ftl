# member
# The member's pages: home, sign-up, Connect, sign-in links, Telegram login, the widget, error pages, /account/*, the sandbox. Keys start with member-.
# A message with markup (<strong>, <code>) is shown as is: keep the tags. Its variables arrive escaped.

## Home (home.html)
member-home-title = Welcome
member-home-hello = Hello, { $username }
member-home-linked = This site's messages reach you in Telegram as <strong>{ $telegram }</strong>.
member-home-choose-topics = Choose topics and quiet hours
member-home-connect-lead = Get this site's notifications in Telegram: connect your account in a few seconds.
member-home-heading = Your notifications, on Telegram
member-home-lead = Create an account, tap one link, confirm in Telegram — and this site can reach you where you already are.
member-home-how = How it works
member-home-step-signup = <strong>Sign up</strong> with a username and a password.
member-home-step-connect = <strong>Open Connect Telegram</strong> and tap the button, or scan the QR code with your phone.
member-home-step-confirm = <strong>Confirm in the bot</strong>. That's it: announcements arrive as Telegram messages.

## Sign-up and passwords (signup.html, telegram_signup.html, account/_new_password.html)
member-signup-heading = Create your account
member-username-help = 3–32 letters, digits, _ . or -
member-password-confirm = Confirm password
member-password-help = At least 10 characters. A few words you will remember work well.
member-create-account = Create account
member-signup-have-account = Already have an account?
member-telegram-signup-intro = Your new { $site } account will be linked to the Telegram account <strong>{ $telegram }</strong>, and you sign in with Telegram. Choose your username:
member-telegram-signup-no-password = No password is needed; you can set one later with <strong>Forgot your password?</strong> (the link comes to this Telegram chat).

## Connect Telegram (connect.html, connect_unlink.html)
member-connect-unlinked = Your Telegram account was unlinked. You will not get messages from { $site } in Telegram any more.
member-connected-to = Connected to <strong>{ $name }</strong>
member-connect-sends = { $site } sends announcements and notifications to this Telegram account. In the chat, send <code>/whoami</code> to check or <code>/stop</code> to unlink from there.
# $since is the date and time of the link.
member-connect-sends-since = { $site } sends announcements and notifications to this Telegram account (linked { $since }). In the chat, send <code>/whoami</code> to check or <code>/stop</code> to unlink from there.
member-connect-next = Next: make it yours
member-connect-next-topics = Choose your topics
member-connect-next-topics-hint = only what you want to hear about
member-connect-next-quiet = Set quiet hours
member-connect-next-quiet-hint = no sound at night
member-connect-unlink-button = Unlink Telegram…
member-connect-not-configured = The Telegram bot is not configured on this site yet. Ask the site's administrator to set <code>TELEGRAM_BOT_TOKEN</code>.
member-connect-lead = Get { $site }'s announcements and notifications in Telegram: link your Telegram account in two taps.
member-open-in-telegram = Open in Telegram
member-connect-opens-chat = Telegram opens a chat with <strong>@{ $bot }</strong>: tap <strong>Start</strong>, then <strong>Confirm</strong>.
member-connect-waiting = Waiting for you to confirm in Telegram… this page updates by itself.
member-connect-fallback = The chat opened without asking to link?
# $bot is a link to the bot's chat, "@name".
member-start-help = Telegram Desktop sometimes drops the link. Send this message to { $bot }:
member-copy = Copy
member-copied-short = Copied
member-copied = Copied to the clipboard. Paste it in the chat with the bot.
member-copy-selected = Selected: press Ctrl+C (or ⌘C) to copy.
member-qr-heading = On a computer? Scan this with your phone
member-qr-alt = QR code of the Open in Telegram link. Scan it with your phone's camera to open @{ $bot }.
member-qr-hint = Point your phone's camera at the code to open the bot there.
# $duration is member-duration-… below ("52 more minutes").
member-connect-valid-for = This link works for { $duration }, once, and only for your account. Reloading this page keeps the same link.
member-duration-less-than-minute = less than a minute
member-duration-minutes = { $minutes ->
        [one] { $minutes } more minute
       *[other] { $minutes } more minutes
    }
member-duration-hours = { $hours ->
        [one] about { $hours } more hour
       *[other] about { $hours } more hours
    }
member-connect-webhook-refused = Linking is paused: Telegram does not deliver messages to this site's bot yet, because it refused the site's address. The site's operator can see why in the log. This page updates by itself when it is fixed.
member-connect-unreachable = We cannot reach Telegram right now, so linking is paused. We keep trying; this page updates by itself when the bot is back.
member-connect-starting = The Telegram bot is starting. This page updates by itself in a moment.
member-groups-heading = Groups and channels
member-groups-disconnected = Disconnected. Broadcasts no longer go there; the bot stays in the chat until you remove it.
member-groups-intro = Have { $site }'s announcements posted in a Telegram group or channel you are in. Telegram asks which chat; in a channel, let the bot <strong>Post messages</strong>. In a group with topics, an administrator sends <code>/here</code> in the topic the announcements should go to.
member-groups-add-group = Add to a group
member-groups-add-channel = Add to a channel
member-groups-link-again = Link your Telegram account again to connect more.
member-groups-none = No groups or channels connected yet.
# $kind is Telegram's kind of chat (group, supergroup, channel); $topic is "yes" when it posts in a forum topic; $since a date.
member-groups-chat-facts = { $kind ->
        [channel] channel
        [supergroup] supergroup
       *[group] group
    }{ $topic ->
        [yes] , in a topic
       *[no] {""}
    }, since { $since }
member-groups-disconnect = Disconnect
member-connect-oidc-heading = Or link with Telegram's login
member-connect-oidc-text = Telegram asks you to allow { $site } to know your account and to message you; once you allow it, your account is linked, with no chat step.
member-connect-oidc-button = Link with Telegram login
member-unlink-title = Unlink Telegram?
member-unlink-text = { $site } will stop sending announcements and notifications to <strong>{ $telegram }</strong>, and messages waiting to go out to it are dropped. You can link again at any time.
member-unlink-confirm = Unlink { $telegram }
member-unlink-keep = Keep it linked

## One-time sign-in links (signin_link.html)
member-link-sent-heading = Check Telegram
member-link-sent-text = If <strong>{ $username }</strong> has a linked Telegram account, a sign-in link is on its way to that chat. It works once, for 10 minutes.
member-back-to-login = Back to log in
member-link-confirm = Sign in as { $username }?
member-link-confirm-button = Sign in as { $username }
member-link-broken-heading = This link does not work
member-link-broken-text = It was used already, or it expired. Ask for a new one from the login page.

## Sign in with Telegram (telegram_login.html)
member-tglogin-lead = Open the link in Telegram and tap <strong>Approve</strong> in the chat with <strong>@{ $bot }</strong>. This page signs you in by itself.
member-tglogin-waiting = Waiting for you to approve in Telegram… this page updates by itself.
member-tglogin-fallback = The chat opened without asking?
# $signup is "on" when this site lets a new account be created from Telegram.
member-tglogin-terms = This link works once, for 5 minutes, and signs in only this browser. Your Telegram account must be linked to your { $site } account{ $signup ->
        [on] , or you can create a new account from Telegram
       *[off] {""}
    }.
member-tglogin-bot-unreachable = The Telegram bot is not reachable right now. Try again in a moment, or log in with your password.
member-tglogin-approved = Approved in Telegram. Signing you in…
member-tglogin-denied = The sign-in was denied in Telegram. Nobody was signed in.
member-tglogin-expired = The sign-in link expired before it was approved. Start again to get a fresh one.
member-tglogin-unlinked = That Telegram account is not linked to an account on { $site }{ $signup ->
        [on] {""}
       *[off] , and new accounts cannot be created from Telegram here
    }. Log in with your password, then link Telegram on <strong>Connect Telegram</strong>.
member-tglogin-refused = This account cannot sign in. It may be disabled: ask the site's administrators.
member-tglogin-used = This sign-in link was already used. Start again to get a fresh one.
member-tglogin-throttled = Too many sign-in attempts from your network. Wait 15 minutes, then try again.
member-tglogin-unavailable = Sign-in with Telegram is not available right now: the site's Telegram bot is not ready. Log in with your password, or try again in a moment.
member-try-again = Try again
member-tglogin-password-instead = Log in with a password instead

## The Connect widget (widget.html, linking/widget.rs)
member-widget-linked = { $site } sends your notifications to this Telegram account. In the chat, send <code>/stop</code> to unlink.
member-widget-not-configured = The Telegram bot is not configured yet.
member-widget-lead = Get { $site }'s notifications in Telegram.
member-widget-send-this = Or send this message
# $bot is a link to the bot's chat, "@name".
member-widget-start-help = If the chat opens without asking to link, send this to { $bot }:
member-widget-scan = Or scan it with your phone
member-widget-waiting = Waiting for you to confirm in Telegram… this updates by itself.
member-widget-starting = The Telegram bot is starting or unreachable. This updates by itself.
member-widget-disabled = The Connect widget is not enabled on this tglink.
member-widget-expired = This Connect link has expired. Reload the page it is on to get a fresh one.
member-widget-invalid = This Connect link is not valid. Reload the page it is on; if it stays, tell the site.

## Error pages (error.html, web/mod.rs, accounts/auth.rs, accounts/csrf.rs)
member-error-back = Back to the start page
member-error-not-found = Not found
member-error-busy = Busy right now
member-error-busy-text = The site has a lot to do at the moment. Please try again in a few seconds.
member-error-unexpected = Something went wrong
member-error-unexpected-text = Something went wrong on our side. Please try again in a moment.
member-error-account-text = We could not load your account. Please try again in a moment.
member-error-no-page = Page not found
member-error-no-page-text = There is nothing at this address. Check the link, or start again from the home page.
member-error-admins-only = Admins only
member-error-admins-only-text = This page is for the site's administrators.
member-error-form-expired = This form has expired
member-error-form-expired-text = For your safety we did not act on it. Go back, reload the page and try again.
member-error-oidc-off = Log In With Telegram is not set up on this site.

## /account/password and the sessions (account/password.html, account/sessions.html)
member-back-to-account = Back to your account
member-password-intro = Every other browser signed in to your account is signed out when the password changes.
member-password-current = Current password
member-password-new = New password
member-password-new-confirm = Confirm new password
member-password-wrong = That is not your current password.
member-password-too-many = Too many wrong passwords. Wait 15 minutes, then try again.
member-password-changed-notice = The password of your { $site } account <b>{ $username }</b> was changed at { $at } from { $browser }, and every other session was signed out. If this was not you, reset your password and tell the site's administrators.
member-sessions-intro = Browsers signed in to your account. Sign out any you do not recognise, then change your password.
member-sessions-this-device = This device
# $at is a date and time.
member-sessions-signed-in = Signed in { $at }
member-sessions-signed-in-unknown = Signed in —
member-sessions-from = from { $address }
member-sessions-last-seen = last seen { $at }
member-sessions-last-seen-recent = last seen within the last hour
member-sessions-sign-out = Sign out
member-sessions-sign-out-label = Sign out { $browser }
member-sessions-sign-out-this = Sign out { $browser } (this device)
member-sessions-unlisted = Some older sessions cannot be listed one by one; "Sign out everywhere else" ends them too.
member-sessions-end-others = Sign out everywhere else
member-unknown-browser = Unknown browser

## /account/notifications (account/notifications.html, notifications.rs)
member-notif-no-topics = This site sends everything to everyone linked: it has no topics to choose from yet.
member-notif-intro = Choose what this site sends you in Telegram. You can also change it in the chat with the bot: send <code>/settings</code>.
member-notif-topics = Topics
member-notif-critical = Important: always sent.
member-notif-quiet = Quiet hours
member-notif-quiet-about = Messages that arrive in your quiet hours come without a sound. Important ones still ring.
member-notif-quiet-on = Silence messages at night
member-notif-from = From
member-notif-until = Until
member-notif-zone = Your time zone
member-notif-zone-choose = Choose…
member-notif-zone-hint = Times on this site's pages are shown in it too.
member-notif-saved = Your notification settings are saved.
member-notif-quiet-saved = Your quiet hours are saved.
# $field is member-notif-from or member-notif-until; $problem says what is wrong with the time.
member-notif-time-error = { $field }: { $problem }
member-notif-time-invalid = Give a time like 22:00.
member-notif-same-times = Quiet hours need a start and an end that differ.
member-notif-zone-invalid = Choose your time zone from the list.

## Deleting the account (account/delete.html)
member-delete-done = Your account was deleted
member-delete-done-text = Your sessions ended, your Telegram chat was unlinked, and your name and password were erased. Thank you for having been with us.
member-home-link = Home
member-delete-last-admin = You are the site's last administrator. Make another member an administrator first, then come back.
member-delete-intro = This signs you out everywhere, unlinks your Telegram chat and erases your name and password. It cannot be undone.
member-delete-password = Your password, to confirm
member-delete-button = Delete my account

## Password reset (account/reset.html, account/reset_request.html)
member-reset-heading = Choose a new password
member-reset-invalid = This link no longer works
member-reset-invalid-text = Password-reset links work for 15 minutes, once, and only the newest one sent.
member-reset-new-link = Send a new link
member-reset-for = For the account <strong>{ $username }</strong>. Every browser signed in to it will be signed out.
member-reset-set = Set the new password
member-reset-sent = Request received. When the account you named is linked to Telegram, its chat with our bot now has a link to choose a new password. The link works for 15 minutes, once.
member-reset-no-message = No message? An account that is not linked to Telegram cannot be recovered this way: ask the site's administrators to reset your password.
member-reset-intro = We send a link to choose a new password to the Telegram chat linked to your account.
member-reset-send = Send me a link in Telegram

## Messages the site sends to the member's chat (Telegram HTML: keep the tags; the variables arrive escaped)
member-chat-sign-in-link = Someone asked to sign in to <b>{ $site }</b> as <b>{ $username }</b> without the password. If it was you, open this link within 10 minutes (it works once):
    { $url }

    If it was not you, ignore this message: nothing happens without the link.
member-chat-reset-link = Someone asked to reset the password of your <b>{ $site }</b> account <b>{ $username }</b>. If it was you, open this link within 15 minutes to choose a new one (it works once):
    { $url }

    If it was not you, ignore this message: your password stays as it is.
member-chat-account-created = Account created ✓

    This Telegram account is now linked to your new { $site } account <b>{ $username }</b>, and you are signed in in that browser. Send /help to see what I can do.

## Form errors (accounts/domain.rs, signin/)
member-username-too-short = Choose a username of at least 3 characters.
member-username-too-long = A username can have at most 32 characters.
member-username-characters = Use only letters (a–z), digits, and _ . - in a username.
member-username-taken = That username is taken. Choose another one.
member-password-unusable = This password cannot be used.
member-password-too-short = Use a password of at least 10 characters.
member-password-too-long = A password can have at most 1024 characters.
member-password-mismatch = The two passwords do not match.
member-too-many-signups = Too many sign-ups from your network. Wait 15 minutes, then try again.
member-login-wrong = Wrong username or password.
member-login-too-many = Too many failed attempts. Wait 15 minutes, then try again.
member-account-disabled = This account is disabled. Ask the site's administrators.

## Telegram's login (OpenID Connect): how it ended (signin/oidc/routes.rs)
member-oidc-linked = Your Telegram account is linked.
member-oidc-denied = You cancelled the login in Telegram, so nothing changed.
member-oidc-provider-error = Telegram could not complete the login. Please try again in a moment.
member-oidc-unavailable = Telegram's login service cannot be reached right now. Please try again in a moment.
member-oidc-expired = This Telegram login was not started in this browser, took longer than 10 minutes, or was already used. Please start again.
member-oidc-refused = Telegram's answer could not be verified, so nothing happened. Please start again.
member-oidc-unknown = This Telegram account is not linked to an account here. Log in with your password, then link Telegram on the Connect Telegram page.
member-oidc-too-many = Too many Telegram logins from your network. Wait 15 minutes, then try again.
member-oidc-already-linked = This Telegram account was already linked to your account.
member-oidc-taken = This Telegram account is linked to another account on this site. Unlink it there first (or send /stop to the bot), then try again.
member-oidc-account-has-link = Your account is already linked to a Telegram account. Unlink it first to link another one.

## The sandbox chat (sandbox/chat.html, static/sandbox.js)
member-sandbox-title = Sandbox chat
member-sandbox-sub = simulated Telegram
member-sandbox-intro = Play a Telegram user talking to <strong>@{ $bot }</strong>. What you do here reaches tglink exactly as Telegram would send it.
member-sandbox-ask = You opened a link to <strong>@{ $bot }</strong>. Who are you in Telegram? Choose a simulated user, or create a new one.
member-sandbox-chatting-as = Chatting as
member-sandbox-loading = Loading…
member-sandbox-new-user = New simulated user
member-sandbox-first-name = First name
member-sandbox-username = Telegram username
member-sandbox-optional = (optional)
member-sandbox-username-help = 5-32 letters, digits or _, e.g. dana_k
member-sandbox-create-user = Create user
member-sandbox-bot = bot
member-sandbox-menu = Chat menu
member-sandbox-block = Block bot
member-sandbox-unblock = Unblock bot
member-sandbox-messages = Messages
member-sandbox-empty = No messages here yet.
member-sandbox-start-help = You opened a link to @{ $bot }. Telegram would now show a START button: it sends <code id="start-text"></code> to the bot.
member-sandbox-start = Start
member-sandbox-message = Message
member-sandbox-send = Send
member-sandbox-noscript = The sandbox chat needs JavaScript. The JSON API under <code>/sandbox/api</code> works without it (see the README).
member-sandbox-answered = The sandbox answered { $status }.
member-sandbox-choose = Choose who you are…
member-sandbox-no-users = No simulated users yet: create one
member-sandbox-you-are = You are now { $name }, a new Telegram user.
member-sandbox-blocked-state = you blocked this bot
member-sandbox-create-first = Create a simulated user to start chatting.
member-sandbox-from-bot = Bot:
member-sandbox-from-you = You:
member-sandbox-edited = edited
member-sandbox-spoiler = Spoiler: select to reveal
member-sandbox-you-blocked = You blocked the bot: it cannot write to you.
member-sandbox-you-unblocked = You unblocked the bot.
