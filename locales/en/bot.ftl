# The bot's words (Telegram HTML: keep the tags). $site is the site's name; $place is the site's
# name with its address, "tglink (https://…)".

## Command menu (setMyCommands)
cmd-start = Link this Telegram account to your site account
cmd-stop = Unlink this Telegram account
cmd-whoami = Show which site account this chat is linked to
cmd-settings = Choose which topics you receive
cmd-language = Choose the bot's language
cmd-help = What this bot can do

## Linking
how-to-connect = To link your Telegram account, sign in on { $place }, open <b>Connect Telegram</b> and tap <b>Open in Telegram</b> (or send me the <code>/start …</code> message shown there).
fresh-link = Get a fresh link from <b>Connect Telegram</b> on { $place }.
confirm-prompt = Link this Telegram account to { $site } account <b>{ $username }</b>?

    Only confirm if you opened this link yourself from the site.
button-confirm = Confirm
button-cancel = Cancel
sign-in-ended = That sign-in to { $site } was signed out. Change your password now{ $page }, and sign out any other session you do not recognise.
sign-in-ended-page = { " " }at { $url }/account/password
sign-in-already-ended = That session had already ended: nothing more to do.
linked-greeting = Linked ✓

    This Telegram account is now linked to { $site } account <b>{ $username }</b>. You will get the site's messages here. Send /help to see what I can do.
cancelled = Cancelled. Nothing was linked; the link on the site still works if you change your mind.
link-expired = This link has expired. { $then }
link-used = This link has already been used. { $then }
link-superseded = This link was replaced by a newer one. { $then }
link-unknown = I don't recognise this link. { $then }
link-already-linked = This Telegram account is already linked to { $site } account <b>{ $username }</b>. Nothing to do.
link-taken-elsewhere-named = This Telegram account is already linked to another { $site } account (<b>{ $username }</b>). One Telegram account can be linked to one site account only: send /stop to unlink it first, then use the link again.
link-taken-elsewhere = This Telegram account is already linked to another { $site } account. One Telegram account can be linked to one site account only: send /stop to unlink it first, then use the link again.
link-account-has-link = { $site } account <b>{ $username }</b> is already linked to another Telegram account. Unlink it on the Connect Telegram page first.
something-went-wrong = Something went wrong on our side. Please try again in a moment.
not-a-link = That doesn't look like a link from { $site }. { $then }

## Conversation
welcome-member = Hi { $username }! This chat is linked to your { $site } account, so you will get the site's messages here. Send /help to see what I can do.
welcome-stranger = Hi! I am the bot of { $site }.

    { $how }
whoami-member = You are <b>{ $username }</b> on { $site } ({ $role ->
        [admin] an administrator
       *[member] a member
    }).
whoami-stranger = I don't know you yet: this Telegram account is not linked to a { $site } account.

    { $how }
help-stranger = I am the bot of { $site }. Once you link your account, I bring you the site's announcements and notifications.

    { $how }

    /whoami — check whether you are linked
    /language — choose my language
    /help — this message
help-member = You are linked as <b>{ $username }</b>. I bring you { $site }'s announcements and notifications.

    /whoami — which site account this chat belongs to
    /settings — choose which topics you receive
    /language — choose my language
    /stop — unlink this Telegram account
    /help — this message
help-admin-url = As an administrator you send broadcasts to all linked members from the admin dashboard ({ $url }/admin).
help-admin = As an administrator you send broadcasts to all linked members from the admin dashboard on the site.
stopped = Unlinked. This Telegram account is no longer linked to { $site } account <b>{ $username }</b>, and you will not get the site's messages here. To link again, use Connect Telegram on the site.
stop-not-linked = This Telegram account is not linked to any { $site } account, so there is nothing to stop.
not-understood-member = I didn't understand that. I know /whoami, /settings, /language, /stop and /help.
not-understood-stranger = I don't know you yet.

    { $how }
private-only = Linking works only in a private chat. Open a private chat with @{ $bot } and send /start there.
private-only-nameless = Linking works only in a private chat. Open a private chat and send /start there.
toast-linked = Linked ✓
toast-cancelled = Cancelled
toast-refused = Not linked
toast-stale = This button is no longer active.
toast-signed-out = Signed out

## /language
language-prompt = Choose the language I speak to you in:
language-saved = Done: I speak English to you from now on. The site follows this choice too.
language-saved-chat = Done: I answer this message in English. This chat is not linked to an account, so I cannot keep the choice: until you link it I follow your Telegram's language.
toast-language = English ✓

## Groups and channels
group-page = Get a fresh link from <b>Groups and channels</b> on the Connect Telegram page of { $place }.
group-connected = Connected ✓

    This chat now gets { $site }'s announcements (connected by account <b>{ $username }</b>).
group-connected-forum = To have them in one topic, an administrator of this group sends /here in that topic.
group-not-yours = This link belongs to another Telegram account: only the member who opened it on { $site } can connect a chat with it.
group-not-linked = Link your Telegram account on { $place } first, then connect the group from there.
group-already-connected = This chat is already connected to { $site }. Nothing to do.
channel-connected = Connected ✓

    The channel <b>{ $title }</b> now gets { $site }'s announcements.
channel-needs-posting = I am an administrator of the channel <b>{ $title }</b> but may not post there, so it is not connected. In the channel's settings open Administrators, choose me and turn on <b>Post messages</b>: I connect it as soon as I may.
chat-disconnected = <b>{ $title }</b> is no longer connected to { $site }: I was removed from it or may no longer post there. Connect it again from the Connect Telegram page.
here-topic = Done: { $site }'s announcements arrive in this topic from now on.
here-general = Done: { $site }'s announcements arrive in the general chat from now on.
group-connect-not-admin = Only an administrator of this group can connect it. Ask one to make you an administrator, then open the link again.
here-not-admin = Only an administrator of this group can choose where the announcements go.
here-not-connected = This chat is not connected to { $place }. A member connects it from the Connect Telegram page.

## Sign in with Telegram
attempt-details = Browser: { $browser }
    Address: { $address }
    Time: { $time }
login-question = Sign in to { $place } as <b>{ $username }</b>?

    { $details }

    Approve only if you are signing in on that browser right now. If not, tap Deny: nobody gets in.
button-approve = Approve
button-deny = Deny
button-create-account = Create account
login-signup-offer = This Telegram account is not linked to a { $site } account yet.

    Create a new account on { $place } with it, and sign in?

    { $details }

    You choose your username in that browser next.
login-unlinked = This Telegram account is not linked to a { $site } account, so it cannot sign you in, and new accounts cannot be created from Telegram on this site. Log in on { $place } with your password, then link Telegram from <b>Connect Telegram</b>: after that, signing in takes one tap here.
login-approved = Approved ✓

    That browser is now signing in to { $site } as <b>{ $username }</b>.
login-denied = Denied. Nobody was signed in.
login-continue = Continue in the browser: choose your username there to finish creating your account.
start-again = Start again with <b>Sign in with Telegram</b> on { $place }.
login-expired = This sign-in link has expired. { $then }
login-used = This sign-in link was already used. Each works once. { $then }
login-unknown = I don't recognise this sign-in link. { $then }
login-disabled = { $site } account <b>{ $username }</b> is disabled and cannot sign in. Ask the site's administrators.
login-too-many = Too many sign-in requests for your account lately. Wait 15 minutes, then try again.
login-stale = This sign-in request has expired or was already answered. { $then }
toast-approved = Approved ✓
toast-denied = Denied
toast-continue = Continue in the browser

## Messages the site sends
button-mute = 🔕 Mute { $topic }
button-unmute = 🔔 Unmute { $topic }
alert-new-sign-in = New sign-in to <b>{ $site }</b> as <b>{ $username }</b> from { $browser } at { $at }.

    If this wasn't you, press the button: that session is signed out at once. Then change your password.
button-not-me = This wasn't me
notice-password-changed = The password of your { $site } account <b>{ $username }</b> was changed at { $at } from { $browser }, and every other session was signed out. If this was not you, reset your password and tell the site's administrators.

## /settings: topics as toggles, and the toasts of a toggle or a Mute button
settings-no-topics = { $site } has no topics to choose from: you get all its announcements.
settings-heading = <b>What { $site } sends you</b>
    Tap a topic to turn it on or off.
settings-always-sent = Always sent: { $topics }.
toast-topic-on = { $topic }: on
toast-topic-off = { $topic }: off
toast-topic-muted = Muted { $topic }. /settings to change.
toast-topic-unmuted = { $topic } is on again.
