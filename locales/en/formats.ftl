# formats
# Dates, times, numbers and the errors of message text and send times. Keys start with formats-.

## Dates and times: chrono's strftime patterns (%-d the day, %b / %B the month's short / full name
## as the language writes it in a date, %Y the year, %H:%M:%S the time). Digits come out in the
## language's own (Persian: ۰–۹). Put the parts in your language's order.
formats-minute = %Y-%m-%d %H:%M
formats-second = %Y-%m-%d %H:%M:%S
formats-at-utc = { $time } UTC
formats-at-zone = { $time } ({ $zone })
# Between the items of a list ("News, Offers"): the quotes keep the space after the comma.
formats-list-separator = { ", " }

## A message's text (compose, edit, a test message)
formats-text-empty = Write the message first.
formats-text-bad-html = This is not valid Telegram HTML: { $problem }.
formats-text-invisible = The message has no visible text.
formats-text-too-long = This message would go out as { $parts } messages; tglink sends at most { $max }. Shorten it by about { $over } { $over ->
        [one] character
       *[other] characters
    }.

## What is wrong in Telegram HTML (after "This is not valid Telegram HTML:"); tags stay as written.
formats-html-at = { $problem } (at character { $at })
formats-html-never-closed = <{ $tag }> is never closed: add </{ $tag }>
formats-html-lone-angle = a “<” that starts no tag: write &lt; for a literal <
formats-html-unknown-tag = <{ $tag }> is not a tag Telegram supports (allowed: b, i, u, s, a, code, pre, blockquote, tg-spoiler, tg-emoji); write &lt; for a literal <
formats-html-open-unclosed = <{ $tag } is not closed with >
formats-html-unexpected = unexpected character in <{ $tag }>
formats-html-no-quote = attribute { $attribute } of <{ $tag }> has no closing quote
formats-html-attribute = <{ $tag }> does not take the attribute { $attribute }
formats-html-href-scheme = <a href> must be an http://, https:// or tg:// link
formats-html-href-missing = <a> needs an href, e.g. <a href="https://example.com">
formats-html-span = <span> must be <span class="tg-spoiler">
formats-html-code-class = <code class> must be language-…
formats-html-emoji = <tg-emoji> needs a numeric emoji-id
formats-html-close-unclosed = </{ $tag } is not closed with >
formats-html-mismatch = </{ $tag }> found where </{ $expected }> was expected
formats-html-never-opened = </{ $tag }> closes a tag that was never opened

## When to send
formats-send-at-past = This time has passed; choose a time in the future.
formats-send-at-too-far = Schedule at most a year ahead.

## Error pages (title, then what the page says)
formats-error-not-found-title = Not found
formats-error-no-page-title = Page not found
formats-error-no-page = There is nothing at this address. Check the link, or start again from the home page.
formats-error-no-such-broadcast = There is no such broadcast. It may have been removed with its author.
formats-error-no-such-topic = There is no such topic.
formats-error-not-scheduled = There is no such scheduled broadcast.
formats-error-no-such-account = There is no such account.
formats-error-no-oidc = Log In With Telegram is not set up on this site.
formats-error-busy-title = Busy right now
formats-error-busy = The site has a lot to do at the moment. Please try again in a few seconds.
formats-error-unexpected-title = Something went wrong
formats-error-unexpected = Something went wrong on our side. Please try again in a moment.
formats-error-account-unloaded = We could not load your account. Please try again in a moment.
formats-error-admins-only-title = Admins only
formats-error-admins-only = This page is for the site's administrators.
formats-error-form-expired-title = This form has expired
formats-error-form-expired = For your safety we did not act on it. Go back, reload the page and try again.
