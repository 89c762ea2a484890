//! PLACEHOLDER until the splitter lands (helper branch `split`).
use super::text::Format;

pub fn split(text: &str, _format: Format) -> Vec<String> {
    vec![text.to_string()]
}
