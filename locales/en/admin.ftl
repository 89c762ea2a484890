# admin
# The admin pages. Keys start with admin-; a message with markup (<code>) is shown as is: keep the tags.

## Tabs and the overview (_nav.html, overview.html, _health.html)
admin-title = Admin
admin-nav-label = Admin
admin-menu = Admin menu
admin-pages = Admin pages
admin-nav-overview = Overview
admin-nav-compose = New broadcast
admin-nav-history = History
admin-nav-topics = Topics
admin-nav-users = Users
admin-nav-groups = Groups
admin-nav-audit = Audit log
admin-nav-tokens = API tokens
admin-nav-webhooks = Webhooks
admin-bot-not-configured = The bot is not configured (<code>TELEGRAM_BOT_TOKEN</code> is not set): messages are queued but not sent.
admin-stat-users = users
admin-stat-linked = linked to Telegram
admin-stat-waiting = messages waiting to be sent
admin-queue-heading = Delivery queue
admin-events-heading = Recent links and unlinks
admin-events-none = Nobody has linked Telegram yet.
admin-col-user = User
admin-col-event = Event
admin-col-how = How
admin-col-when = When
admin-event-linked = linked
admin-event-unlinked = unlinked
admin-via-bot = confirmed in the bot
admin-via-telegram-login = with Telegram's login
admin-via-page = on the Connect page
admin-via-stop = with /stop
admin-via-blocked = blocked the bot
admin-via-send-forbidden = a send was refused (403)
admin-via-chat-not-found = the chat no longer exists
admin-via-account-deleted = the account was deleted
admin-via-admin = by an admin
admin-via-api = by the site, through the API
admin-via-disabled = the account was disabled
admin-via-removed = the bot was removed
admin-via-no-posting = the bot may no longer post
admin-health-worker = Worker
admin-health-running = running
admin-health-idle = idle or not running
admin-health-rate = Sending rate
admin-health-per-second = messages/s
admin-health-rate-limited = Rate-limited by Telegram
admin-health-paused-until = paused until { $until }
admin-health-no = no
admin-health-last-error = Last error
admin-health-none = none

## New broadcast (compose.html, _message_fields.html, _zone_field.html, compose.rs)
admin-compose-bot-not-configured = The bot is not configured: this broadcast will wait in the queue until <code>TELEGRAM_BOT_TOKEN</code> is set.
admin-message = Message
admin-text-help = Up to { $max } characters, as Telegram counts them, go out as one message; a longer text goes out as several (at most { $parts }), cut between paragraphs.
admin-format = Format
admin-format-plain = Plain text
admin-format-plain-hint = (sent exactly as written)
admin-format-markdown-hint = (**bold**, _italic_, ~~struck~~, `code`, [a link](https://example.com), lists and > quotes)
admin-format-html-hint = (<b> <i> <u> <s> <a href> <code> <pre> <blockquote> <tg-spoiler>; write &lt; for a literal <)
admin-topic = Topic
admin-topic-none = None: everyone linked
admin-topic-critical-mark = (critical)
admin-topic-help = With a topic, only the members who receive it get the message, with a button to mute the topic. A critical topic reaches everyone linked.
admin-delivery = Delivery
admin-silent = Silent
admin-silent-hint = (arrives without a sound: for low-priority news)
admin-protected = Protected
admin-protected-hint = (cannot be forwarded or saved)
admin-to-groups = Also post to connected groups and channels
admin-to-groups-connected = { $count } connected
admin-to-groups-see = see them
admin-to-groups-unfiltered = topics do not filter them
admin-buttons = Buttons
admin-buttons-hint = (optional: a label and an https:// address each)
admin-button-label = Button { $n } label
admin-button-placeholder = Label
admin-button-address = Button { $n } address
admin-button-n = Button { $n }
admin-when = When
admin-send-at = Send at
admin-send-at-hint = (empty: now)
admin-time-zone = Time zone
admin-time-zone-hint = (type a city to search)
admin-preview = Preview
admin-preview-empty = Your message appears here as Telegram shows it.
admin-reaches-before = Reaches
admin-reaches-after = now.
admin-send-confirm = Send this message to { $reach } on Telegram now?
admin-send-now = Send to { $reach } now
admin-test-me = Send a test to me
admin-test-me-link-first = Link Telegram first:
admin-test-admins = Test: send to { $count } admins only
# $shown is $count with thousands separators ("1,204").
admin-users-count = { $count ->
        [one] { $shown } user
       *[other] { $shown } users
    }
# $default is "on" or "off": whether members get the topic until they choose.
admin-nobody-topic = Nobody receives the topic { $topic } yet: no linked member chose it{ $default ->
        [off] , and it is off by default
       *[on] {""}
    }.
admin-nobody-linked = Nobody to send to yet: no member has linked Telegram.
admin-form-stale = This form is out of date; send it again.
admin-sent-as-parts = Sent as { $parts } messages (Telegram allows { $max } characters in one).
admin-test-needs-link = Link your Telegram first (Connect Telegram): a test goes to your own chat.
admin-test-on-its-way = A test is on its way to your Telegram.
admin-sending-test-admins = Sending a test to the linked admins ({ $reach }).
admin-scheduled-for = Scheduled for { $at }: it will reach { $reach } as of now.
admin-sending-to = Sending to { $reach }.
admin-queued-already = This broadcast was queued already: here it is.
admin-topic-choose = Choose a topic from the list.
admin-topic-gone = This topic no longer exists; choose another.
admin-send-at-invalid = Give a date and time, like 2026-12-24T18:00.
admin-zone-invalid = Choose the time zone of this time.
admin-time-skipped = This time does not exist in that time zone (the clocks skip it).
