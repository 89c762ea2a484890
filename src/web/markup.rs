//! Small pieces of HTML that translated messages carry as variables: a catalogue message with
//! markup is shown as is (`|safe`), so whatever the site or a person supplies goes into it through
//! `escape` first, and a `<time>` or a link is built here, escaped, once.
use super::format::Moment;

/// Text (or a double-quoted attribute's value) made safe for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `<time datetime=…>` for a moment, as the pages write it (`data-local` for the browser's zone).
pub fn time(moment: &Moment) -> String {
    format!(
        "<time datetime=\"{}\"{}>{}</time>",
        escape(&moment.iso),
        if moment.local { " data-local" } else { "" },
        escape(&moment.text)
    )
}

/// A yes/no setting as a catalogue selector says it: "on" or "off".
pub fn on_off(on: &bool) -> &'static str {
    if *on { "on" } else { "off" }
}

/// A link to `href` (opened with `rel="noopener"`) saying `text`.
pub fn link(href: &str, text: &str) -> String {
    format!(
        "<a href=\"{}\" rel=\"noopener\">{}</a>",
        escape(href),
        escape(text)
    )
}

/// A link to a bot's chat at `href`, saying "@bot".
pub fn bot_link(href: &str, bot: &str) -> String {
    link(href, &format!("@{bot}"))
}

/// A link to a bot's chat on t.me, saying "@bot", opened in a new tab (the widget lives in
/// someone else's frame).
pub fn bot_link_new_tab(bot: &str) -> String {
    format!(
        "<a href=\"https://t.me/{}\" target=\"_blank\" rel=\"noopener\">@{}</a>",
        escape(bot),
        escape(bot)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn pieces_are_escaped() {
        assert_eq!(super::escape("<a&\"'>"), "&lt;a&amp;&quot;&#39;&gt;");
        assert_eq!(
            super::link("https://t.me/x?a=1&b=2", "@x<"),
            "<a href=\"https://t.me/x?a=1&amp;b=2\" rel=\"noopener\">@x&lt;</a>"
        );
    }
}
