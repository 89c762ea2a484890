# manage
# The admin pages after compose: history, a broadcast's page, users, topics, webhooks, groups, tokens, audit, recipients, revise, schedule; admin flashes and admin.js. Keys start with manage-.
# A message with markup (<a>, <code>, <strong>) is shown as is: keep the tags and their attributes.

## Shared
manage-pages = Pages
manage-actions = Actions
manage-back = Back
manage-next = Next →
manage-previous = ← Previous
manage-no = no
manage-never = never
manage-deleted-account = (deleted account)
manage-col-name = Name
manage-col-created = Created
manage-save-changes = Save changes
manage-cancel = Cancel
manage-remove = Remove
manage-see-where = See where it stands.

## History and a broadcast's page (history.html, broadcast.html, _progress.html, broadcast_view.rs)
manage-broadcasts = Broadcasts
manage-history-empty = No broadcasts yet.
manage-history-write-first = Write the first one.
manage-broadcast-n = Broadcast #{ $id }
manage-created-by = { $at } by { $author }
manage-audience-test = linked admins only (a test)
manage-audience-topic = topic
manage-audience-everyone = everyone linked
manage-audience-and-groups = and connected groups
manage-scheduled-for = scheduled for { $at }
manage-newer = ← Newer
manage-older = Older →
manage-recipients-count = { $count ->
        [one] { $shown } recipient
       *[other] { $shown } recipients
    }
manage-status-scheduled = Scheduled
manage-status-sending = Sending
manage-status-sent = Sent
manage-status-cancelled = Cancelled
manage-status-deleted = Deleted
manage-status-nobody = Nobody to send to
manage-progress-label = Delivery progress of broadcast { $id }
# $n is the number, in markup of ours: keep it where the number goes.
manage-count-sent = { $n } sent
manage-count-done = { $n } done
manage-count-pending = { $n } pending
manage-count-blocked = { $n } blocked
manage-count-failed = { $n } failed
manage-count-cancelled = { $n } cancelled
manage-count-skipped = { $n } skipped
manage-count-of = of { $total }
manage-deleted-on = Deleted for everyone on { $at }.
# $href is the address of the form that changes it.
manage-scheduled-alert = Scheduled for { $at }. <a href="{ $href }">Change the text or the time</a>, or cancel it below.
manage-outcome-per-recipient = Outcome per recipient
manage-cancel-confirm = Cancel this broadcast? Messages not sent yet will not be sent.
manage-cancel-broadcast = Cancel broadcast
manage-the-message = The message
manage-edited-on = Edited on { $at }.
manage-part-of = Part { $n } of { $total }
manage-source-html = Telegram HTML source
manage-source-text = Text as written
manage-change-it = Change it
manage-edit-text = Edit the text
manage-edit-in-place = Every chat it reached gets the new text in place.
manage-delete-confirm = Delete this broadcast for everyone? It disappears from every chat it reached, and is not sent to the rest.
manage-delete-everyone = Delete for everyone
manage-delete-window = Telegram lets bots delete their messages only within 48 hours of sending them.
manage-delete-too-old = It went out more than 48 hours ago: Telegram no longer lets bots delete it.
manage-change-edit = Edit
manage-change-deletion = Deletion
manage-change-edit-progress = Progress of the edit of broadcast { $id }
manage-change-deletion-progress = Progress of the deletion of broadcast { $id }
manage-state-sending = sending
manage-state-done = done
manage-no-such-broadcast = There is no such broadcast. It may have been removed with its author.
manage-cancelled-already = It was cancelled already.
manage-cancelled = { $count ->
        [one] Cancelled: { $shown } message that had not gone out will not be sent.
       *[other] Cancelled: { $shown } messages that had not gone out will not be sent.
    }

## Translations of a broadcast (_variants.html, _broadcast_variants.html)
manage-translations = Translations
manage-translations-hint = (optional: members get the one in their language, the others the message above)
manage-translation-added = Translation: { $name } ({ $tag })
manage-translation-add = + Add a translation: { $name } ({ $tag })
manage-translation-message = Message in { $name }
manage-translation-preview-empty = The { $name } message appears here as Telegram shows it.
manage-translations-who = Members whose language has a translation get it; everyone else, and groups and channels, get the message above.

## Paid broadcasts (_paid_cost.html, paid_cost.rs)
# $shown is $count as written ("97,000", "0.3").
manage-stars = { $count ->
        [one] { $shown } Star
       *[other] { $shown } Stars
    }
# $estimate and $spent are amounts of Stars in markup of ours.
manage-paid-estimate = Paid broadcast at { $rate } messages a second: about { $estimate }.
manage-paid-estimate-spent = Paid broadcast at { $rate } messages a second: about { $estimate }, { $spent } spent so far.
manage-paid-help = Telegram charges 0.1 Star for each message above its free ~30 a second: at { $rate } a second that is { $above } of every { $rate } messages, taken from the bot's Stars balance.

## Recipients (recipients.html)
manage-recipients-title = Recipients of broadcast #{ $id }
manage-recipients-heading = Recipients of <a href="{ $href }">broadcast #{ $id }</a>
manage-filter-outcome = Filter by outcome
manage-outcome-all = all
manage-outcome-pending = pending
manage-outcome-sending = sending
manage-outcome-sent = sent
manage-outcome-blocked = blocked
manage-outcome-failed = failed
manage-outcome-cancelled = cancelled
manage-no-recipients = No recipients.
manage-no-recipients-outcome = No recipients with this outcome.
manage-recipients = Recipients
manage-col-outcome = Outcome
manage-col-attempts = Attempts
manage-col-reason = Reason
manage-col-telegram-message = Telegram message
manage-col-updated = Updated
manage-recipient-group = { $name }'s group or channel

## Edit a broadcast that went out (revise.html, revise.rs)
manage-edit-title = Edit broadcast #{ $id }
manage-edit-explain = Every chat it reached gets the new text in place (Telegram shows it as edited), at the same pace as sending; members it has not reached yet get the new text.
manage-edit-parts = { $parts ->
        [one] It went out as { $parts } message: the new text must fit in { $parts } too.
       *[other] It went out as { $parts } messages: the new text must fit in { $parts } too.
    }
manage-save-edit = Save the edit
manage-edit-saved = Saved: the messages not sent yet go out with the new text.
manage-editing-in = { $count ->
        [one] Editing it in { $count } chat.
       *[other] Editing it in { $count } chats.
    }
manage-deleted-already = It was deleted for everyone already.
manage-deleted-unsent = Deleted for everyone: it had reached no chat yet and will not be sent.
manage-deleting-from = { $count ->
        [one] Deleted for everyone: removing it from { $count } chat.
       *[other] Deleted for everyone: removing it from { $count } chats.
    }
manage-refused-retracted = This message was deleted for everyone; it cannot be edited.
manage-refused-parts = { $sent ->
        [one] This message went out as { $sent } message and the new text needs { $now }; an edit must keep the number of parts (delete it and send a new one instead).
       *[other] This message went out as { $sent } messages and the new text needs { $now }; an edit must keep the number of parts (delete it and send a new one instead).
    }
manage-refused-no-variant = This message has no variant in this language; an edit cannot add one.
manage-refused-too-old = Telegram lets bots delete messages only within 48 hours of sending them, and this one went out on { $at } UTC.

## Change a scheduled broadcast (schedule.html, schedule.rs)
manage-schedule-title = Change scheduled broadcast #{ $id }
manage-schedule-too-late = This broadcast has started or was cancelled meanwhile, so it was not changed.
manage-schedule-needs-time = Give the new start time (to send it now, cancel it and send it again).
manage-schedule-saved = Saved: it starts { $at }.
manage-no-such-scheduled = There is no such scheduled broadcast.

## Users (users.html, users.rs)
manage-user-search = Username, or @username on Telegram
manage-search = Search
manage-no-users = No matching users.
manage-col-username = Username
manage-col-last-sign-in = Last sign-in
manage-col-telegram = Telegram
manage-col-admin = Admin
manage-col-disabled = Disabled
manage-not-linked = not linked
manage-badge-admin = admin
manage-disabled-at = disabled { $at }
manage-user-deleted = deleted; kept for the counts
manage-only-admin = The only admin: make another account an admin before removing or disabling this one.
manage-remove-admin-confirm = Remove { $name }'s admin rights?
manage-remove-admin = Remove admin
manage-make-admin-confirm = Make { $name } an admin?
manage-make-admin = Make admin
manage-enable = Enable
manage-disable-confirm = Disable { $name }? Their sessions end now, and they get no messages.
manage-disable = Disable
manage-unlink-confirm = Unlink { $name }'s Telegram?
manage-unlink = Unlink Telegram
manage-send-test = Send test message
manage-first-page = ← First page
manage-made-admin = { $name } is an admin now.
manage-made-admin-unchanged = Nothing changed: { $name } is an admin already, or is a subscriber who cannot sign in.
manage-removed-admin = { $name } is no longer an admin.
manage-removed-admin-unchanged = Nothing changed: { $name } was not an admin.
manage-disabled = Disabled { $name }: their sessions ended, and nothing more is sent to them.
manage-disabled-unchanged = Nothing changed: { $name } was disabled already.
manage-enabled = Enabled { $name }: they can sign in again.
manage-enabled-unchanged = Nothing changed: { $name } was not disabled.
manage-unlinked = Unlinked { $name }'s Telegram; the bot says goodbye in the chat.
manage-unlinked-unchanged = Nothing changed: { $name } has no Telegram linked.
manage-test-on-its-way = A test message to { $name } is on its way.
manage-last-admin = The last admin stays: the site needs at least one active admin. Make another account an admin first.
manage-not-reachable = Nothing to send to: this account has no linked Telegram chat, or it is disabled.
# Sent to the member, in their language.
manage-test-message = A test message from the admins of { $site }: Telegram messages reach you.

## Topics (topics.html, topics.rs)
manage-topics-intro = Topics let members choose what they receive (on <a href="/account/notifications">their notifications page</a> or with <code>/settings</code> in the bot). A broadcast or an API notification may name a topic: only its subscribers get it, and each message carries a one-tap Mute button. A critical topic reaches every linked member, even those who muted it.
manage-topics-none = No topics yet: every broadcast goes to every linked member.
manage-col-description = Description
manage-col-for-new = For new members
manage-col-critical = Critical
manage-on = on
manage-off = off
manage-badge-critical = critical
manage-edit = Edit
manage-delete = Delete
manage-topic-delete-confirm = Delete the topic { $name }? Members' choices about it are forgotten.
manage-topic-change = Change topic
manage-topic-new = New topic
manage-topic-description-hint = (optional, shown to members)
manage-topic-default-on = On for members who have not chosen
manage-topic-critical = Critical: sent to every linked member, even those who muted it
manage-topic-create = Create topic
manage-topic-created = Created the topic { $name }.
manage-topic-saved = Saved the topic { $name }.
manage-topic-deleted-already = That topic was deleted already.
manage-topic-deleted = Deleted the topic { $name }; its broadcasts stay in the history, untagged.
manage-topic-taken = Another topic has this name.
manage-topic-name-missing = Name the topic.
manage-topic-name-too-long = A topic's name can have at most { $max } characters.
manage-topic-name-control = Use one line of text for the name.
manage-topic-description-too-long = A description can have at most { $max } characters.

## Webhooks (webhooks.html, webhooks.rs)
manage-webhook-secret-heading = The signing secret of { $url }
manage-webhook-secret-once = It is shown only now. Give it to the receiver at this endpoint so it can check each event's <code>webhook-signature</code>:
manage-webhook-add-heading = Add an endpoint
manage-webhook-intro = tglink POSTs <code>link.created</code>, <code>link.removed</code>, <code>delivery.sent</code> and <code>delivery.failed</code> to each endpoint, signed as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>, and retries for 25 hours until it answers 2xx.
manage-webhook-private-on = This server sets <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>, so plain http and addresses on this machine or a private network are accepted too: use them only for a receiver of your own, next to tglink (events carry your members' names).
manage-webhook-private-off = The URL must be https, to a public address: plain http and addresses on this machine or a private network are refused (the server may allow them for a receiver of its own with <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>).
manage-webhook-command = The command <code>tglink create-webhook URL</code> does the same.
manage-webhook-url = Endpoint URL
manage-webhook-add = Add endpoint
manage-webhook-none = No endpoints yet.
manage-webhook-added-at = Added { $at }
manage-webhook-waiting = { $count ->
        [one] { $count } event waiting
       *[other] { $count } events waiting
    }
manage-webhook-remove-confirm = Remove the endpoint { $url }? Its waiting events are dropped.
manage-webhook-no-attempts = No attempts yet.
manage-webhook-attempts = Recent attempts to { $url }
manage-col-time = Time
manage-ms = { $ms } ms
manage-webhook-resend = Resend
manage-webhook-accepted = accepted
manage-webhook-added = Added the endpoint { $url }.
manage-webhook-removed = Removed the endpoint { $url }; its waiting events were dropped.
manage-webhook-removed-already = Nothing changed: that endpoint was removed already.
manage-webhook-queued = Queued { $event } { $id } again for { $url }.
manage-webhook-gone = Nothing to resend: that attempt is gone.
manage-webhook-not-url = This is not a URL ({ $why }).
manage-webhook-scheme = Give an http:// or https:// URL with a host.
manage-webhook-too-long = The URL is longer than 2000 characters.
manage-webhook-credentials = Leave credentials out of the URL: the signature authenticates tglink.

## Groups and channels (groups.html, groups.rs)
manage-groups-title = Groups and channels
manage-groups-intro = Members connect a group or channel from their Connect Telegram page. A broadcast goes to these chats when you tick <strong>Also post to connected groups and channels</strong>; Telegram lets a bot post at most 20 messages a minute in each. In a forum, an administrator of the group sends <code>/here</code> in a topic to have the messages there.
manage-groups-none = No groups or channels connected yet.
manage-groups-connected = Connected groups and channels
manage-col-chat = Chat
manage-col-kind = Kind
manage-col-connected-by = Connected by
manage-col-since = Since
manage-kind-group = group
manage-kind-supergroup = supergroup
manage-kind-channel = channel
manage-group-topic = topic { $id }
manage-disconnect-confirm = Disconnect { $title }? Broadcasts no longer go there.
manage-disconnect = Disconnect
manage-disconnected = Disconnected { $title }; what was still queued for it is cancelled.
manage-disconnected-already = Nothing changed: that chat was disconnected already.

## API tokens (tokens.html, tokens.rs)
manage-token-heading = The token { $name }
manage-token-copy = Copy it now and keep it with the service that will use it: it is shown only this once (only its hash is kept).
manage-token-create-heading = Create a token
manage-token-name = Name: the service that will use it
manage-token-create = Create token
manage-tokens-intro = Other services notify a user with <code>POST /api/v1/notifications</code> and <code>Authorization: Bearer &lt;token&gt;</code>. Tokens can also be made on the server with <code>tglink create-api-token NAME</code>. A token is shown once; only its hash is kept.
manage-tokens-none = No tokens yet.
manage-col-last-used = Last used
manage-col-state = State
manage-token-revoked-at = revoked { $at }
manage-token-active = active
manage-token-revoke-confirm = Revoke the token { $name }? Services using it will get 401.
manage-token-revoke = Revoke
manage-token-created = Created the token { $name }. Copy it now: it is not shown again.
manage-token-revoked = Revoked the token { $name }: services using it now get 401.
manage-token-revoked-already = Nothing changed: that token was revoked already.
manage-token-name-invalid = Give the token a name of 1-64 characters, e.g. the service that will use it.

## Audit log (audit.html, audit_page.rs, audit.rs)
manage-audit-filter = Filter the log
manage-audit-what = What
manage-audit-every-action = Every action
manage-audit-who = Who
manage-audit-every-admin = Every admin
manage-audit-filter-button = Filter
manage-audit-show-all = Show everything
manage-audit-none-match = No admin actions match.
manage-audit-none = No admin actions yet.
manage-audit-actions = Admin actions
manage-col-action = Action
manage-col-account = Account
manage-col-details = Details
manage-audit-newest = ← Newest
manage-audit-command = the tglink command
manage-kind-accounts = Accounts
manage-kind-broadcasts = Broadcasts
manage-kind-topics = Topics
manage-kind-webhooks = Webhooks
manage-kind-groups = Groups and channels
manage-kind-tokens = API tokens
# What an admin did, as the log's Action column says it after their name.
manage-audit-make-admin = made admin
manage-audit-remove-admin = removed admin
manage-audit-disable = disabled
manage-audit-enable = enabled
manage-audit-unlink-telegram = unlinked Telegram
manage-audit-test-message = sent a test message
manage-audit-reset-password = reset the password
manage-audit-send-broadcast = sent a broadcast
manage-audit-schedule-broadcast = scheduled a broadcast
manage-audit-test-broadcast = sent a test to the admins
manage-audit-change-scheduled = changed a scheduled broadcast
manage-audit-edit-broadcast = edited a broadcast
manage-audit-cancel-broadcast = cancelled a broadcast
manage-audit-delete-broadcast = deleted a broadcast for everyone
manage-audit-create-topic = created a topic
manage-audit-change-topic = changed a topic
manage-audit-delete-topic = deleted a topic
manage-audit-disconnect-group = disconnected a group or channel
manage-audit-add-webhook = added a webhook endpoint
manage-audit-remove-webhook = removed a webhook endpoint
manage-audit-resend-webhook = resent a webhook event
manage-audit-create-token = created an API token
manage-audit-revoke-token = revoked an API token

## admin.js, through data-* attributes (_script_text.html); { $x } becomes {x}, which the script fills in
manage-js-characters = { $len } / { $max } characters
manage-js-long = { $len } characters: sent as at least { $parts } messages (Preview tells exactly)
manage-js-refused = Telegram would refuse this: { $why }
manage-js-at = { $why } (at character { $at })
manage-js-not-closed = <{ $tag } is not closed with >
manage-js-bad-character = unexpected character in <{ $tag }>
manage-js-bad-attribute = <{ $tag }> does not take the attribute { $attr }
manage-js-bad-href = <a> needs an href that is an http://, https:// or tg:// link
manage-js-bad-span = <span> must be <span class="tg-spoiler">
manage-js-bad-code = <code class> must be language-…
manage-js-bad-emoji = <tg-emoji> needs a numeric emoji-id
manage-js-end-not-closed = an end tag is not closed with >
manage-js-never-opened = </{ $tag }> closes a tag that was never opened
manage-js-wrong-close = </{ $tag }> found where </{ $expected }> was expected
manage-js-stray-lt = a "<" that starts no tag: write &lt; for a literal <
manage-js-unknown-tag = <{ $tag }> is not a tag Telegram supports; write &lt; for a literal <
manage-js-never-closed = <{ $tag }> is never closed: add </{ $tag }>
manage-js-schedule = Schedule for { $at }
manage-js-schedule-confirm = Schedule for { $at }? It would reach { $reach } as of now.
manage-js-paused = · paused by Telegram until { $time }
manage-js-eta = · about { $time } left at { $rate } msg/s
manage-js-seconds = { $n } s
manage-js-minutes = { $n } min
manage-js-hours = { $n } h
